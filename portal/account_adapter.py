"""The site's allauth account adapter."""

from allauth.account.adapter import DefaultAccountAdapter

from django.core.exceptions import PermissionDenied

from portal.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The client's address from ``portal.client_ip``: allauth's per-IP limits use it."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
