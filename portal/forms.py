"""The site's forms: how every form renders (one field template, one error summary), and
the fields its public forms share (one-line text, bounded ids)."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting

# The largest id a database column holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def single_line(value):
    """``value`` on one line: line breaks, tabs and every other control or invisible
    character (Unicode categories C, Zl, Zp) become spaces, and white space is collapsed.

    For names, organisations and subjects, which end up in email headers and in lines
    of plain-text bodies: a line break there would forge a header or a line."""
    chars = [
        " "
        if unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")
        else char
        for char in str(value)
    ]
    return " ".join("".join(chars).split())


class SingleLineCharField(forms.CharField):
    """A ``CharField`` cleaned with ``single_line``."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value else value


def _integer_key(field):
    while field.is_relation:  # a page's key is its ``page_ptr``, a link to ``Page.id``
        field = field.target_field
    return isinstance(field, models.IntegerField)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` that checks an integer key is one before asking the database.

    Django asks the database for any number: past 2^63 SQLite raises ``OverflowError``
    (a 500) for the ids of multi-table models such as Wagtail pages."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, self.queryset.model):
            key = self.queryset.model._meta.pk
            if self.to_field_name:
                key = self.queryset.model._meta.get_field(self.to_field_name)
            if _integer_key(key):
                try:
                    number = int(str(value).strip())
                except ValueError:
                    number = None
                if number is None or not 0 < number <= MAX_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice"
                    )
                value = number
        return super().to_python(value)


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
