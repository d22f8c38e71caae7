"""Site-wide template tags: main menu, breadcrumbs, JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    items = (
        root.get_children().live().public().in_menu().specific() if root else Page.objects.none()
    )
    current = context.get("page") or context.get("self")
    current_path = (
        current.url_path if isinstance(current, Page) else (request.path if request else "")
    )
    return {
        "root": root,
        "items": [
            (item, current_path.startswith(item.url_path) if isinstance(current, Page) else False)
            for item in items
        ],
        "request": request,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = page.get_ancestors().filter(depth__gt=1).specific()
    return {"ancestors": ancestors, "page": page}


@register.simple_tag
def json_ld(data):
    """Renders a dict (or a JSON string) as a JSON-LD script, safe inside HTML."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def euros(value):
    if value is None or value == "":
        return ""
    amount = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if amount.endswith(",00"):
        amount = amount[:-3]
    return f"{amount} €"
