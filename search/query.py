"""Free text typed by visitors, made safe for every search backend.

Wagtail's database backend (``modelsearch``) writes each word of a ``PlainText`` query
into an SQLite FTS5 string (``"word"``) without doubling a double quote inside it, and
keeps NUL: one ``"`` or NUL in the query ends the string early and FTS5 raises a syntax
error. PostgreSQL refuses NUL in any text parameter. Outside FTS5 strings every other
character is inert, so the double quote and the control characters are all that needs to
go; the words themselves are matched as before.
"""

import unicodedata

MAX_LENGTH = 200


def clean_query_string(value, max_length=MAX_LENGTH):
    """``value`` with control characters and double quotes turned into spaces, other
    invisible characters (format, private use, unassigned, surrogates) removed, white
    space collapsed and the length bounded."""
    chars = []
    # Only the start of a long value can survive the cut: don't walk a megabyte of it.
    for char in str(value)[: max_length * 4]:
        category = unicodedata.category(char)
        if char == '"' or category == "Cc":
            chars.append(" ")
        elif category[0] != "C":
            chars.append(char)
    return " ".join("".join(chars).split())[:max_length]
