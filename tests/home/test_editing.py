"""Editors' journeys in the Wagtail admin: drafts, scheduling, the small site's moderation workflow."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Workflow, WorkflowState

from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def news_form(title, slug, **extra):
    data = {
        "title": title,
        "slug": slug,
        "introduction": "Une nouvelle du réseau.",
        "date": "2026-11-20",
        "body-count": "0",
        "tags": "",
        "telecentre": "",
    }
    data.update(extra)
    return data


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def test_seed_configures_moderation_for_the_whole_site(small_site):
    workflow = Workflow.objects.get(name="Moderators approval")
    assert workflow.active
    assert small_site.get_workflow() == workflow
    assert NewsIndexPage.objects.get().get_workflow() == workflow


def test_editor_submits_and_moderator_publishes(client, small_site):
    news_index = NewsIndexPage.objects.get()
    login(client, "redacteur")
    add_url = f"/admin/pages/add/home/newspage/{news_index.pk}/"
    # An editor cannot publish directly...
    response = client.post(
        add_url, news_form("Ouverture à Pleaux", "ouverture-a-pleaux", **{"action-publish": "1"})
    )
    page = NewsPage.objects.get(slug="ouverture-a-pleaux")
    assert not page.live
    # ...but submits to moderation.
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form("Ouverture à Pleaux", "ouverture-a-pleaux", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get("/actualites/ouverture-a-pleaux/").status_code == 404

    client.logout()
    moderator = login(client, "moderateur")
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "Parfait."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live, "approval by a moderator publishes the page"
    assert page.latest_revision.user_id is not None
    assert moderator.pk != page.owner_id
    assert client.get("/actualites/ouverture-a-pleaux/").status_code == 200


def test_draft_is_not_public_until_published(admin_client, client, small_site):
    news_index = NewsIndexPage.objects.get()
    admin_client.post(
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
        news_form("Brouillon secret", "brouillon-secret"),
    )
    page = NewsPage.objects.get(slug="brouillon-secret")
    assert not page.live
    assert client.get("/actualites/brouillon-secret/").status_code == 404
    assert "Brouillon secret" not in client.get("/actualites/").content.decode()
    preview = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/?mode=")
    assert preview.status_code == 200


def test_scheduled_page_goes_live_at_its_time(admin_client, client, small_site):
    news_index = NewsIndexPage.objects.get()
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    admin_client.post(
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
        news_form(
            "Annonce programmée",
            "annonce-programmee",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "1"},
        ),
    )
    page = NewsPage.objects.get(slug="annonce-programmee")
    assert not page.live
    assert client.get("/actualites/annonce-programmee/").status_code == 404
    # An hour later, the scheduled command publishes it.
    revision = page.latest_revision
    assert revision.approved_go_live_at is not None
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get("/actualites/annonce-programmee/").status_code == 200


def test_dashboard_draws_the_network_figures(admin_client, small_site):
    html = admin_client.get("/admin/").content.decode()
    assert "Le réseau en chiffres" in html
    assert "Postes de travail par télécentre" in html
    # the Aurillac centre, with the most desks, is the first and longest bar
    assert "Télécentre d’Aurillac – Le Quai numérique : 24" in html
    assert html.count("<rect") >= 8


def test_editors_can_look_up_communes(admin_client, small_site):
    response = admin_client.get("/admin/communes/?q=Riom")
    assert response.status_code == 200
    assert "Riom-ès-Montagnes" in response.content.decode()
    assert "15162" in response.content.decode()


def test_dashboard_draws_sign_ups_and_profiles_too(admin_client, small_site):
    from directory.factories import ProfileFactory
    from events.factories import EventIndexPageFactory, EventPageFactory, at

    EventPageFactory(
        parent=EventIndexPageFactory(), title="Café des indépendants", start=at(10, 14)
    )
    ProfileFactory(display_name="Odile Perret")
    html = admin_client.get("/admin/").content.decode()
    assert "Inscrits aux prochaines dates, sur les places prévues" in html
    assert "Profils de l’annuaire par état" in html
