"""Form fields shared by the site's public forms: one-line text and bounded ids."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

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
