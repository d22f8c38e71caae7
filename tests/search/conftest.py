"""Fixtures for the search suite: each behavioural test runs on both backends.

``backend`` is "database" or "elasticsearch". The Elasticsearch runs use a real node
(``bash scripts/elasticsearch.sh start``; TEST_ELASTICSEARCH_URL), their own index
prefix (``test_<uuid>_``) and delete their indices afterwards. Without a node they are
skipped, or fail with REQUIRE_ELASTICSEARCH=1.
"""

import datetime
import uuid

import pytest

from django.utils import timezone

from tests.services import elasticsearch_url, unavailable

BACKENDS = ["database", "elasticsearch"]


def es_client(url):
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=10, max_retries=0)


@pytest.fixture(scope="session")
def es_url():
    """The URL of a reachable node, or skip/fail."""
    url = elasticsearch_url()
    try:
        es_client(url).cluster.health(timeout="5s")
    except Exception as exc:
        unavailable(
            "ELASTICSEARCH",
            f"no answer at {url} ({type(exc).__name__}); bash scripts/elasticsearch.sh start",
        )
    return url


def _delete_prefixed(url, prefix):
    es = es_client(url)
    names = list(es.indices.get(index=f"{prefix}*", expand_wildcards="all").keys())
    for name in names:
        es.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def elasticsearch(settings, request):
    """Elasticsearch on for the directory and the pages, under a prefix of its own."""
    url = request.getfixturevalue("es_url")
    from search import documents

    prefix = f"test_{uuid.uuid4().hex[:12]}_"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "INDEX_SETTINGS": settings.ELASTICSEARCH_FRENCH_SETTINGS,
            "TIMEOUT": 10,
        },
        "fallback": {"BACKEND": "wagtail.search.backends.database"},
    }
    documents._down_until.clear()
    yield prefix
    documents._down_until.clear()
    _delete_prefixed(url, prefix)


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """Runs the test once per backend; returns its name."""
    settings.ELASTICSEARCH_URL = ""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    return request.param


def refresh():
    """Makes what was sent to Elasticsearch searchable now (no-op on the database)."""
    from search import documents

    if documents.configured():
        es = documents.client()
        documents.ensure_index(es)
        es.indices.refresh(index=documents.alias_name())


def refresh_pages():
    """Makes the pages sent to the site search's index searchable now (nothing to do when
    the index is the database's)."""
    from django.conf import settings

    if settings.ELASTICSEARCH_URL:
        es_client(settings.ELASTICSEARCH_URL).indices.refresh(
            index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*"
        )


def index_now():
    """Sends every queued change (as after a commit) and refreshes."""
    from search import indexing

    _done, left = indexing.process()
    assert left == 0
    refresh()


class People:
    """A fixed set of freelancers whose answers the tests know."""

    def __init__(self):
        from directory.factories import ProfileFactory
        from home.models import Commune, TelecentrePage

        aurillac = Commune.lookup("15014")
        arpajon = Commune.lookup("Arpajon-sur-Cère")
        saint_flour = Commune.lookup("Saint-Flour")
        mauriac = Commune.lookup("Mauriac")
        centre = TelecentrePage.objects.get(slug="aurillac")
        now = timezone.now()

        def make(days_ago, **kwargs):
            profile = ProfileFactory(**kwargs)
            profile.__class__.objects.filter(pk=profile.pk).update(
                created_at=now - datetime.timedelta(days=days_ago)
            )
            return profile

        self.claire = make(
            5,
            display_name="Claire Martin",
            headline="Développeuse web",
            bio="<p>Je crée des sites et des applications pour les artisans.</p>",
            skills=["Python", "Django"],
            commune=aurillac,
            telecentre=centre,
        )
        self.jean = make(
            4,
            display_name="Jean Dubois",
            headline="Formateur au numérique",
            bio="<p>Formations en bureautique pour les associations.</p>",
            skills=["Formation", "Bureautique"],
            commune=saint_flour,
            availability="no",
        )
        self.sophie = make(
            3,
            display_name="Sophie Bernard",
            headline="Graphiste",
            bio="<p>J’ai longtemps travaillé avec des développeurs Python à Saint-Martin-Valmeroux.</p>",
            skills=["Graphisme", "Illustration"],
            commune=arpajon,
            telecentre=centre,
        )
        self.emma = make(
            2,
            display_name="Emma Roux",
            headline="Traductrice anglais-français",
            bio="<p>Spécialiste de l’informatique et des réunions à distance.</p>",
            skills=["Traduction anglais-français", "Visioconférence"],
            commune=mauriac,
            availability="from",
            available_from=timezone.localdate() + datetime.timedelta(days=30),
        )
        self.marc = make(
            1,
            display_name="Marc Lefèvre",
            headline="Développeur d’applications mobiles",
            bio="<p>Applications Android et iOS.</p>",
            skills=["Développement mobile", "Python"],
            commune=aurillac,
            availability="from",
            available_from=timezone.localdate() - datetime.timedelta(days=3),
        )
        # Never shown: a draft, a hidden profile, a stale one, one awaiting review.
        self.draft = make(
            0,
            display_name="Paul Brouillon",
            headline="Développeur Python",
            state="draft",
            skills=["Python"],
        )
        self.hidden = make(
            0,
            display_name="Hugo Caché",
            headline="Développeur Python",
            is_hidden=True,
            skills=["Python"],
        )
        self.stale = make(
            0,
            display_name="Léa Ancienne",
            headline="Développeuse Python",
            is_stale=True,
            skills=["Python"],
        )
        self.submitted = make(
            0,
            display_name="Noé Attente",
            headline="Développeur Python",
            state="submitted",
            skills=["Python"],
        )
        self.public = [self.marc, self.emma, self.sophie, self.jean, self.claire]  # newest first


@pytest.fixture
def people(backend, small_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        group = People()
    index_now()
    return group


@pytest.fixture
def pages_indexed(backend, small_site):
    """The pages in the configured backend's index (Wagtail's ``update_index``)."""
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    refresh_pages()


@pytest.fixture
def api(client):
    def get(**params):
        response = client.get("/api/v1/directory/", params)
        assert response.status_code == 200, response.content
        return response.json()

    return get
