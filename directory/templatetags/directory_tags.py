"""Form fields rendered accessibly: a label, help and errors tied by aria-describedby."""

from django import forms, template

register = template.Library()

GROUPED_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.inclusion_tag("directory/includes/field.html")
def form_field(field, **options):
    widget = field.field.widget
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    grouped = isinstance(widget, GROUPED_WIDGETS)
    attrs = {}
    if not grouped:
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if field.errors:
            attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "grouped": grouped,
        "checkbox": isinstance(widget, forms.CheckboxInput),
        "hidden": field.is_hidden,
        "described": " ".join(described),
        "options": options,
    }
