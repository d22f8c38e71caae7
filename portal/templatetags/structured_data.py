"""``{% structured_data obj slots %}``: the schema.org JSON-LD of a page (see
``portal.structured_data``), as a script safe inside HTML; nothing when there is none."""

from django import template

from portal.structured_data import ld_entity
from portal.templatetags.portal_tags import json_ld

register = template.Library()


@register.simple_tag
def structured_data(obj, slots=()):
    entity = ld_entity(obj, slots)
    return json_ld(entity) if entity else ""
