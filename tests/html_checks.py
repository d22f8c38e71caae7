"""Reading rendered pages the way a person (or a screen reader) meets them."""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class Page(HTMLParser):
    """Ids, elements with their attributes, the visible text, and ``<ul>`` inside ``<p>``."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.elements = []
        self.text = []
        self.lists_in_paragraphs = 0
        self._stack = []
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("ul", "ol", "div") and "p" in self._stack:
            self.lists_in_paragraphs += 1
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.text.append(attrs[name])
        if tag not in VOID:
            self._stack.append(tag)
            if tag in ("script", "style", "template"):
                self._hidden += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self._stack:
            top = self._stack.pop()
            if top in ("script", "style", "template"):
                self._hidden -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())

    def visible_text(self):
        return " ".join(self.text)

    def with_attribute(self, name):
        return [(tag, attrs) for tag, attrs in self.elements if attrs.get(name) is not None]


def error_summary(html):
    """The summary's block and its links: ``[(href, text)]``."""
    match = re.search(r"<div class=\"error-summary\"[^>]*>(.*?)</div>", html, re.S)
    assert match, "no error summary"
    block = match.group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', block)
    return block, links


def dangling_describedby(html):
    """Every ``aria-describedby`` id that names no element of the page."""
    page = Page(html)
    missing = []
    for _tag, attrs in page.with_attribute("aria-describedby"):
        ids = attrs["aria-describedby"].split()
        if not ids:
            missing.append("(empty)")
        missing += [i for i in ids if i not in page.ids]
    return missing
