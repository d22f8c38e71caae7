"""The directory's rate limits, on the site's limiter (``portal.ratelimit``).

Accounts use allauth's own ``ACCOUNT_RATE_LIMITS``. The client's address comes from
``portal.client_ip`` (it knows how many proxies stand in front). In production the cache
is shared by every worker (Redis or the database cache, see portal/settings/production.py).
"""

from django.conf import settings

from portal.ratelimit import hit


def contact_allowed(ip, email):
    """The contact relay's rule: a number of messages per hour per IP and per sender address."""
    limits = settings.DIRECTORY_CONTACT_RATE_LIMITS
    ip_ok = hit("contact-ip", ip or "unknown", *limits["ip"])
    email_ok = hit("contact-email", email, *limits["email"])
    return ip_ok and email_ok
