"""The site's allauth account adapter."""

from allauth.account.adapter import DefaultAccountAdapter

from django.core.exceptions import PermissionDenied

from portal.base_url import base_url
from portal.client_ip import client_ip


def person_name(user):
    """The name a person gave us (their directory profile's, or their own), never the
    username allauth made up from the address; "" when none is known."""
    if user is None or not getattr(user, "pk", None):
        return ""
    profile = getattr(user, "directory_profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_full_name().strip()


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The client's address from ``portal.client_ip``: allauth's per-IP limits use it."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails greet the person by name when known (``person_name``) and sign
        with the site's one base URL."""
        context = {
            "person_name": person_name(context.get("user")),
            "site_url": base_url() + "/",
            **context,
        }
        return super().render_mail(template_prefix, email, context, headers=headers)
