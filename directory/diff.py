"""What changed in a profile since its last approval, for the moderators' review: each
changed field with a word-level difference (removed words in <del>, added ones in
<ins>), built with ``format_html`` so that every word is escaped."""

import difflib

from django.utils.html import format_html, format_html_join

from .sanitize import bio_as_text


def _display(value):
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return bio_as_text(str(value)) if "<" in str(value) else str(value)


def word_diff(old, new):
    """Word-level difference of two texts, as safe HTML."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old_words[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            parts.append(format_html("<del>{}</del>", " ".join(old_words[i1:i2])))
        if tag in ("replace", "insert"):
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[j1:j2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def changes_since_approval(profile):
    """Rows (label, difference as HTML) for each field changed since the last approval,
    or None if the profile was never approved."""
    if not profile.approved_snapshot:
        return None
    rows = []
    for name, new in profile.snapshot().items():
        old = profile.approved_snapshot.get(name)
        if old == new:
            continue
        label = profile._meta.get_field(name).verbose_name
        rows.append((label, word_diff(_display(old), _display(new))))
    return rows
