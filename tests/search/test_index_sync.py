"""Keeping the indexes true: after each commit, through an outage, by a rebuild."""

import io

import pytest

from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.factories import ProfileFactory
from directory.models import Skill
from search import documents
from search.models import PendingIndexChange
from tests.search.conftest import index_now, refresh, refresh_pages


def found(api, query):
    return [item["name"] for item in api(q=query)["results"]]


def in_elasticsearch(profile):
    if not documents.configured():
        return None
    return documents.client().exists(index=documents.alias_name(), id=profile.pk).body


def test_each_change_of_a_profile_reaches_the_index_after_commit(
    backend, small_site, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile = ProfileFactory(display_name="Irène Vidal", headline="Ébéniste", state="submitted")
        # Recorded in the transaction, sent only after the commit.
        assert PendingIndexChange.objects.filter(profile_id=profile.pk).exists()
    assert callbacks
    for callback in callbacks:
        callback()
    refresh()
    assert found(api, "ébéniste") == []  # not approved yet

    with django_capture_on_commit_callbacks(execute=True):
        profile.approve(editor=None)
    refresh()
    assert found(api, "ebeniste") == ["Irène Vidal"]
    assert in_elasticsearch(profile) in (True, None)

    with django_capture_on_commit_callbacks(execute=True):
        profile.is_hidden = True
        profile.save()
    refresh()
    assert found(api, "ébéniste") == []
    assert in_elasticsearch(profile) in (False, None)  # the document is deleted

    with django_capture_on_commit_callbacks(execute=True):
        profile.is_hidden = False
        profile.save()
        profile.skills.add(Skill.objects.resolve_or_create("Marqueterie"))
    refresh()
    assert found(api, "marqueterie") == ["Irène Vidal"]

    with django_capture_on_commit_callbacks(execute=True):
        profile.user.delete()  # deleting the account deletes the profile
    refresh()
    assert found(api, "ébéniste") == []
    assert in_elasticsearch(profile) in (False, None)
    assert not PendingIndexChange.objects.exists()


def test_renaming_a_skill_reindexes_its_profiles(people, api, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True):
        skill = Skill.objects.get(name="Graphisme")
        skill.name = "Design graphique"
        skill.save()
    refresh()
    assert found(api, "design") == ["Sophie Bernard"]


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_when_elasticsearch_is_down_saves_succeed_and_sync_replays(
    backend, small_site, api, settings, django_capture_on_commit_callbacks, caplog
):
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        profile = ProfileFactory(display_name="Odile Perret", headline="Tapissière")
    pending = PendingIndexChange.objects.get(profile_id=profile.pk)
    assert pending.attempts >= 1 and pending.last_error
    # Searches answer from the database, which has the change, and say so.
    answer = api(q="tapissier")
    assert answer["backend"] == "database"
    assert [item["name"] for item in answer["results"]] == ["Odile Perret"]
    assert "answered by the database backend" in caplog.text

    settings.ELASTICSEARCH_URL = url
    out = io.StringIO()
    call_command("directory_index", "sync", stdout=out)
    assert "1 modification(s) indexée(s), 0 en attente" in out.getvalue()
    refresh()
    answer = api(q="tapissier")
    assert answer["backend"] == "elasticsearch"
    assert [item["name"] for item in answer["results"]] == ["Odile Perret"]


def skill_facet(answer):
    return {item["value"]: item["count"] for item in answer["facets"]["skills"]}


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_after_an_outage_counts_and_facets_are_right_and_the_next_run_replays(
    backend, people, api, settings, django_capture_on_commit_callbacks
):
    before = api()
    assert before["backend"] == "elasticsearch"
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # the node is down
    with django_capture_on_commit_callbacks(execute=True):
        ProfileFactory(display_name="Odile Perret", headline="Tapissière", skills=["Python"])
        people.claire.is_hidden = True
        people.claire.save()
    assert PendingIndexChange.objects.filter(attempts__gt=0).count() == 2

    settings.ELASTICSEARCH_URL = url  # it answers again; the index misses two changes
    during = api()
    # Until the replay, the database answers: it has every change, so its counts are right.
    assert during["backend"] == "database"
    assert during["count"] == before["count"]  # one more, one hidden
    assert skill_facet(during)["Python"] == skill_facet(before)["Python"]
    assert "Claire Martin" not in [item["name"] for item in during["results"]]
    assert "Odile Perret" in [item["name"] for item in during["results"]]

    out = io.StringIO()
    call_command("run_scheduled", "index", stdout=out)  # cron's next minute
    assert "2 modification(s) indexée(s), 0 en attente" in out.getvalue()
    refresh()
    after = api()
    assert after["backend"] == "elasticsearch"
    assert (after["count"], after["facets"]) == (during["count"], during["facets"])
    assert [item["name"] for item in after["results"]] == [
        item["name"] for item in during["results"]
    ]


def test_rebuild_rewrites_every_entry_and_status_counts(people, api, backend):
    before = api(q="python")
    out = io.StringIO()
    call_command("directory_index", "rebuild", stdout=out)
    assert "5 profil(s) publics indexés" in out.getvalue()
    assert "100 %" in out.getvalue()  # the progress bar reached its end
    assert api(q="python") == before
    out = io.StringIO()
    call_command("directory_index", "status", stdout=out)
    rows = dict(line.split(" : ", 1) for line in out.getvalue().splitlines())
    assert rows["Profils publics (base)"] == "5"
    # Every count the backend holds is the 5 public profiles.
    counts = {label: value for label, value in rows.items() if value.isdigit()}
    assert {value for label, value in counts.items() if "attente" not in label} == {"5"}


def held_entries():
    """Every row and document the backend holds about the profiles."""
    from search.models import ProfileEntry, ProfileTerm

    rows = (
        sorted(
            ProfileEntry.objects.values_list(
                "profile_id",
                "commune",
                "telecentre",
                "availability",
                "available_from",
                "created_at",
            )
        ),
        sorted(ProfileTerm.objects.values_list("profile_id", "term", "weight")),
    )
    if not documents.configured():
        return rows, None
    refresh()
    hits = documents.client().search(index=documents.alias_name(), size=100, sort=["pk"])
    return rows, [(hit["_id"], hit["_source"]) for hit in hits["hits"]["hits"]]


def test_a_rebuild_writes_what_indexing_each_change_wrote(people, backend):
    # The rebuild reads and analyses each profile once for every index, and writes the
    # database's rows with raw SQL (COPY on PostgreSQL, multi-row INSERTs on SQLite).
    incremental = held_entries()
    assert len(incremental[0][0]) == 5 and len(incremental[0][1]) > 5 * 10
    PendingIndexChange.objects.all().delete()
    call_command("directory_index", "rebuild", stdout=io.StringIO())
    assert held_entries() == incremental


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_in_several_processes_writes_what_one_process_writes(
    postgres_only, people, backend, monkeypatch
):
    # A large directory is analysed by a pool of processes (``search.bulk``); they read
    # committed rows, so this runs on PostgreSQL with a transactional database.
    from search import bulk

    call_command("directory_index", "rebuild", stdout=io.StringIO())  # one process
    one_process = held_entries()
    assert len(one_process[0][0]) == 5 and len(one_process[0][1]) > 5 * 10
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk.os, "cpu_count", lambda: 2)
    assert bulk._workers(5) == 2  # the pool's path, not the one-process fallback
    call_command("directory_index", "rebuild", stdout=io.StringIO())
    assert held_entries() == one_process


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_rebuild_switches_the_alias(people, api, backend):
    es = documents.client()
    first = documents.current_indices(es)
    call_command("directory_index", "rebuild", stdout=io.StringIO())
    second = documents.current_indices(es)
    assert len(first) == len(second) == 1 and first != second
    assert not es.indices.exists(index=first[0])  # the old index is gone
    assert [item["name"] for item in api(q="python")["results"]][:2] == [
        "Marc Lefèvre",
        "Claire Martin",
    ]


def test_system_checks_report_a_bad_url_or_an_unreachable_cluster(settings, request):
    settings.ELASTICSEARCH_URL = "localhost:9200"
    assert [message.id for message in run_checks(tags=["search"])] == ["search.E001"]
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert [message.id for message in run_checks(tags=["search"])] == ["search.W001"]
    settings.ELASTICSEARCH_URL = ""
    assert run_checks(tags=["search"]) == []
    settings.ELASTICSEARCH_URL = request.getfixturevalue("es_url")
    assert run_checks(tags=["search"]) == []


def test_publishing_and_unpublishing_a_page_updates_the_site_search(
    backend, small_site, client, django_capture_on_commit_callbacks
):
    from home.models import NewsIndexPage, NewsPage

    def titles():
        refresh_pages()
        response = client.get("/recherche/", {"q": "transhumance"})
        return [item["title"] for group in response.context["groups"] for item in group["items"]]

    call_command("update_index", verbosity=0)  # the index exists, on either backend
    news_index = NewsIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        page = NewsPage(
            title="La transhumance passe par Allanche", introduction="Les troupeaux montent."
        )
        news_index.add_child(instance=page)
        page.save_revision().publish()
    assert titles() == ["La transhumance passe par Allanche"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles() == []


def test_the_empty_querys_facets_are_cached_until_the_index_queue_writes(
    people, api, client, django_capture_on_commit_callbacks
):
    first = api()
    with CaptureQueriesContext(connection) as cached_before:
        assert api() == first
    with django_capture_on_commit_callbacks(execute=False):
        ProfileFactory(display_name="Nina Neuve", skills=["Python"])
    index_now()  # the queue writes, and the cached facets go
    with CaptureQueriesContext(connection) as warm_after:
        answer = api()
    python = {item["value"]: item["count"] for item in answer["facets"]["skills"]}["Python"]
    assert python == 3 and answer["count"] == 6
    with CaptureQueriesContext(connection) as warm:
        assert api() == answer
    # Served from the cache: fewer queries than when the facets were counted.
    assert len(warm) < len(warm_after)
    assert len(warm) == len(cached_before)


def test_a_centre_renamed_keeps_its_freelancers_under_its_new_address(
    people, api, django_capture_on_commit_callbacks
):
    from home.models import TelecentrePage

    centre = TelecentrePage.objects.get(slug="aurillac")
    with django_capture_on_commit_callbacks(execute=True):
        centre.slug = "aurillac-centre"
        centre.save_revision().publish()
    refresh()
    names = [item["name"] for item in api(telecentre="aurillac-centre")["results"]]
    assert names == ["Sophie Bernard", "Claire Martin"]
    facet = {item["value"]: item["count"] for item in api()["facets"]["telecentres"]}
    assert facet.get("aurillac-centre") == 2 and "aurillac" not in facet
