"""One small fixed-window rate limiter on the cache, for the site's public forms.

Accounts use allauth's own ``ACCOUNT_RATE_LIMITS``. The client's address comes from
``portal.client_ip`` (it knows how many proxies stand in front). In production the cache
is shared by every worker (Redis or the database cache, see portal/settings/production.py).
"""

import hashlib

from django.core.cache import cache


def _key(scope, value):
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope, value, limit, period):
    """Counts one attempt for ``value``; False once ``limit`` attempts were made in ``period`` s."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
