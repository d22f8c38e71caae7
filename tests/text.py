"""Text as the site prints it for French readers (see portal.formats.typography)."""

from django.utils import translation

from portal.formats import typography


def french(text):
    """``text`` with the no-break spaces the site puts before : ; ! ? and inside « »."""
    with translation.override("fr"):
        return typography(text)
