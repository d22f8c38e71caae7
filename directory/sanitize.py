"""The one place where a freelancer's rich text (the bio) is made safe to publish."""

import re

import nh3

from django.utils.html import linebreaks, strip_tags

BIO_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
BIO_ATTRIBUTES = {"a": {"href"}}
BIO_URL_SCHEMES = {"http", "https", "mailto"}
_HAS_TAG = re.compile(r"<[a-zA-Z/!]")


def clean_bio(text):
    """Returns the bio as safe HTML: only a few tags, links marked nofollow noopener.

    Plain text (no tag at all) is turned into paragraphs first, so a freelancer may write
    either simple HTML or just text with blank lines between paragraphs. Scripts, event
    handlers, styles and unknown schemes (``javascript:``) are removed with their content.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=BIO_TAGS,
        attributes=BIO_ATTRIBUTES,
        url_schemes=BIO_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    ).strip()


def bio_as_text(html):
    """The bio without markup, for JSON-LD, meta descriptions and emails."""
    return " ".join(strip_tags(html or "").split())
