"""``{% form_field field %}``: one field through the site's form renderer
(``portal.forms.SiteFormRenderer`` and ``templates/forms/field.html``)."""

from django import template

register = template.Library()


@register.simple_tag
def form_field(field):
    return field.as_field_group()
