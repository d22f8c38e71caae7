"""The directory's search backends behind one interface (``base.SearchBackend``).

``get_backend()`` is the only place that looks at the settings: Elasticsearch (composing
the database backend, which answers when the cluster does not) when
``ELASTICSEARCH_URL`` is set, the database otherwise.
"""

from __future__ import annotations

from django.conf import settings

from .base import BackendUnavailable, SearchBackend
from .database import DatabaseBackend
from .elasticsearch import ElasticsearchBackend

__all__ = [
    "BackendUnavailable",
    "DatabaseBackend",
    "ElasticsearchBackend",
    "SearchBackend",
    "get_backend",
]


def get_backend() -> SearchBackend:
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return ElasticsearchBackend(DatabaseBackend())
    return DatabaseBackend()
