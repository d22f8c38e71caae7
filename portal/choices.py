"""Choice labels in one translation lookup.

Django's ``get_FOO_display()`` builds a dict of every choice of the field at each call;
with lazily translated labels that is one translation lookup per choice, at each call (a
training calendar of 20 sessions and 15 courses, showing each one's theme and audience,
made about 600). ``ChoiceLabelsMixin`` answers the same from a dict built once per field
and language.
"""

import functools

from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels = {}


def choice_labels(field):
    """``{value: label}`` of a field's choices in the active language."""
    key = (field, translation.get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {make_hashable(value): str(label) for value, label in field.flatchoices}
        _labels[key] = labels
    return labels


class ChoiceLabelsMixin:
    """For a model (before ``models.Model`` in its bases): ``get_FOO_display()`` as Django's,
    its labels read once per language."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


class LazyChoices(BaseChoiceIterator):
    """A form field's choices read when first used (the form rendered or a value checked),
    not when the form is built: a filter form rendered inside a stored listing
    (``portal.listing_cache``) reads its choices only when the listing is rendered again."""

    def __init__(self, read):
        self.read = read

    @functools.cached_property
    def choices(self):
        return list(self.read())

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)
