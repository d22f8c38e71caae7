"""What an app shows on the account home: a section, contributed through ``portal.hooks``."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from wagtail import hooks

from portal import hooks as portal_hooks


@dataclass
class AccountSection:
    """A section of ``/compte/``: ``template_name`` rendered with ``context`` (and the
    request's context processors), placed by ``order`` (lower first)."""

    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100

    def render(self, request):
        return render_to_string(self.template_name, self.context, request=request)


def sections_for(request):
    """The account home's sections for ``request.user``, rendered, in order."""
    sections = [
        section
        for provider in hooks.get_hooks(portal_hooks.ACCOUNT_SECTIONS)
        if (section := provider(request)) is not None
    ]
    sections.sort(key=lambda section: section.order)
    return [section.render(request) for section in sections]
