"""System checks: a malformed ``ELASTICSEARCH_URL`` or an unreachable cluster is said at
start (``manage.py check``, ``runserver``, ``migrate``...)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


def url_errors(url):
    """What is wrong with an Elasticsearch URL (an empty list if nothing)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return [f"cannot be parsed ({exc})"]
    problems = []
    if parts.scheme not in ("http", "https"):
        problems.append("must start with http:// or https://")
    if not parts.hostname:
        problems.append("has no host name")
    if port == 0:
        problems.append("has port 0")
    return problems


@register("search")
def check_elasticsearch(app_configs=None, **kwargs):
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return []
    problems = url_errors(url)
    if problems:
        return [
            Error(
                f"ELASTICSEARCH_URL={url!r} is malformed: {'; '.join(problems)}.",
                hint="For example ELASTICSEARCH_URL=http://127.0.0.1:9200, or unset it to "
                "search with the database.",
                id="search.E001",
            )
        ]
    from .documents import client

    try:
        health = client(timeout=3).cluster.health()
    except Exception as exc:
        return [
            Warning(
                f"Elasticsearch at {url} does not answer ({type(exc).__name__}: {exc}).",
                hint="Searches answer from the database until it does; start it "
                "(bash scripts/elasticsearch.sh start) and run "
                "`manage.py directory_index sync`.",
                id="search.W001",
            )
        ]
    if health.get("status") == "red":
        return [
            Warning(
                f"Elasticsearch at {url} is red.",
                hint="Check the cluster's health (GET /_cluster/health).",
                id="search.W002",
            )
        ]
    return []
