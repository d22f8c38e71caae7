"""How every form of the site renders: one field template, one error summary."""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Django's renderer, loading templates through ``TEMPLATES`` so that the project's
    ``templates/forms/field.html`` renders every field: label, help, error and widget tied
    together by the ``aria-describedby`` and ``aria-invalid`` Django writes itself."""

    field_template_name = "forms/field.html"


def field_anchor(bound_field):
    """The id a link to this field should target: the input itself, or the first option
    of a group of radios or checkboxes (whose fieldset has no id)."""
    if bound_field.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def error_items(form):
    """Each error of ``form`` as ``(anchor, label, message)``, in the order of the fields,
    the field's label naming it (« Titre : Champ requis. »); errors of the whole form (or of
    a hidden field) have no label and point to the first visible field."""
    visible = form.visible_fields()
    first = field_anchor(visible[0]) if visible else ""
    items = [(first, "", error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items += [(first, "", error) for error in field.errors]
    for field in visible:
        # A checkbox's label is a whole sentence, and its message already names it.
        label = "" if field.widget_type == "checkbox" else field.label
        items += [(field_anchor(field), label, error) for error in field.errors]
    return items
