"""The client's IP address, for every rate limit and for what is stored.

Behind reverse proxies ``REMOTE_ADDR`` is the nearest proxy's address. Each proxy that
follows the usual convention appends the address it received the request from to
``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT = N`` proxies in front, the client is
the N-th address from the right: the entries further left were written by the client
itself and cannot be trusted.
"""

import ipaddress

from django.conf import settings


def _clean(value):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The client's address as a string, or None when no valid address is known.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default: no proxy) it is ``REMOTE_ADDR``. With N,
    the N-th entry from the right of ``X-Forwarded-For``; when the header has fewer
    entries, or that entry is not an IP address, ``REMOTE_ADDR`` is used.
    """
    remote = _clean(request.META.get("REMOTE_ADDR"))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < count:
        return remote
    return _clean(entries[-count]) or remote
