"""The events admin on Wagtail's ModelViewSet: dates filtered and paginated, exports opened
as a spreadsheet would, registrants by status, the actions under the permission policy."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from events.factories import RegistrationFactory, at
from events.models import Registration, Slot
from home.models import TelecentrePage
from training.factories import TrainingCoursePageFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/inscriptions/"


def listed(response):
    """The titles of the dates in the listing's rows, in order."""
    html = response.content.decode()
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return [slot.title for slot in Slot.objects.all() if slot.title in body], body


@pytest.fixture
def dates(make_event):
    """A past event, an upcoming event at a centre, an upcoming training session."""
    murat = TelecentrePage.objects.get(slug="murat")
    past = make_event(title="Café numérique d’hier", start=at(-3))
    at_murat = make_event(title="Atelier à Murat", start=at(4), telecentre=murat)
    course = TrainingCoursePageFactory(title="Tableur pour débuter", sessions=[{"start": at(6)}])
    return {
        "past": past.slots.get(),
        "murat": at_murat.slots.get(),
        "course": course.slots.get(),
        "centre": murat,
    }


def test_upcoming_dates_by_default_past_ones_on_demand_latest_first(admin_client, dates):
    html = admin_client.get(INDEX).content.decode()
    assert "Atelier à Murat" in html and "Tableur pour débuter" in html
    assert "Café numérique d’hier" not in html
    assert html.index("Atelier à Murat") < html.index("Tableur pour débuter")
    past = admin_client.get(INDEX + "?when=past").content.decode()
    assert "Café numérique d’hier" in past and "Atelier à Murat" not in past
    everything = admin_client.get(INDEX + "?when=").content.decode()
    assert all(title in everything for title in ("Café numérique", "Atelier à Murat", "Tableur"))


def test_filter_by_centre_and_by_owner_type(admin_client, dates):
    html = admin_client.get(INDEX + f"?telecentre={dates['centre'].pk}").content.decode()
    assert "Atelier à Murat" in html and "Tableur pour débuter" not in html
    # The owner types offered are those that have dates: events and training courses.
    assert 'value="events.eventpage"' in html and 'value="training.trainingcoursepage"' in html
    courses = admin_client.get(INDEX + "?owner=training.trainingcoursepage").content.decode()
    assert "Tableur pour débuter" in courses and "Atelier à Murat" not in courses
    events = admin_client.get(INDEX + "?owner=events.eventpage").content.decode()
    assert "Atelier à Murat" in events and "Tableur pour débuter" not in events


def test_the_listing_is_paginated_without_a_query_per_date(
    admin_client, make_event, django_assert_max_num_queries
):
    start = at(1, 18)
    page = make_event(
        title="Café-coworking du jeudi",
        start=start,
        repeat="weekly",
        repeat_until=(start + datetime.timedelta(weeks=54)).date(),
    )
    slots = list(page.slots.order_by("start"))
    assert len(slots) == 55
    for slot in slots[:3]:
        RegistrationFactory(slot=slot)
    with django_assert_max_num_queries(15):  # 11 measured, whatever the number of dates
        first = admin_client.get(INDEX).content.decode()
    assert first.count("Café-coworking du jeudi") >= 50
    assert f'href="/admin/inscriptions/{slots[49].pk}/"' in first
    assert f'href="/admin/inscriptions/{slots[50].pk}/"' not in first
    second = admin_client.get(INDEX + "?p=2").content.decode()
    assert f'href="/admin/inscriptions/{slots[50].pk}/"' in second
    assert f'href="/admin/inscriptions/{slots[54].pk}/"' in second
    # The totals count every date of the listing, not only this page's.
    assert "Total : 3 confirmés" in first


def test_dates_export_in_csv_and_xlsx(admin_client, dates):
    RegistrationFactory(slot=dates["murat"], name="Camille")
    response = admin_client.get(INDEX + "?when=&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Début", "Titre", "Type"]
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"Café numérique d’hier", "Atelier à Murat", "Tableur pour débuter"}
    murat = dict(zip(rows[0], by_title["Atelier à Murat"], strict=True))
    assert (
        murat["Confirmés"] == "1"
        and murat["Lieu"] == dates["centre"].title
        and murat["Annulé"] == "non"
    )
    assert murat["Début"] == at(4).strftime("%d/%m/%Y %H:%M")

    response = admin_client.get(INDEX + "?export=xlsx")
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.values)
    assert values[0][:2] == ("Début", "Titre")
    assert [row[1] for row in values[1:]] == ["Atelier à Murat", "Tableur pour débuter"]
    # Paris time, as the editor reads it on the site.
    assert values[1][0] == at(4).replace(tzinfo=None)


def test_registrants_export_is_data_in_csv_and_text_in_xlsx(admin_client, slot):
    RegistrationFactory(slot=slot, name='=HYPERLINK("http://evil.example")', email="a@example.org")
    for n in range(3):
        RegistrationFactory(slot=slot, name=f"Personne {n}", email=f"p{n}@example.org")
    url = f"/admin/inscriptions/inscrits/?slot={slot.pk}&export="
    response = admin_client.get(url + "csv")
    assert "inscrits-atelier-decouverte-du-teletravail-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example")'
    assert [row[1] for row in rows[1:]] == ["", "", "", "1"]  # the fourth waits, first in line

    sheet = load_workbook(io.BytesIO(admin_client.get(url + "xlsx").getvalue())).active
    cell = sheet["C2"]
    assert cell.value == '=HYPERLINK("http://evil.example")' and cell.data_type == "s"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "confirmée",
        "confirmée",
        "confirmée",
        "en liste d’attente",
    ]


def test_the_inspect_view_groups_registrants_by_status(
    admin_client, slot, django_capture_on_commit_callbacks
):
    people = [
        RegistrationFactory(slot=slot, name=f"Personne {i}", email=f"p{i}@example.org")
        for i in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/inscriptions/inscription/{people[0].pk}/annuler/")
    html = admin_client.get(f"/admin/inscriptions/{slot.pk}/").content.decode()
    confirmed = html.index("Confirmés (3)")
    waiting = html.index("Liste d’attente (par ordre d’arrivée) (1)")
    cancelled = html.index("Annulés (1)")
    assert confirmed < html.index("p1@example.org") < waiting < html.index("p4@example.org")
    assert cancelled < html.index("p0@example.org")
    assert f"?slot={slot.pk}&amp;export=xlsx" in html
    assert Registration.objects.get(pk=people[3].pk).status == "confirmed"  # promoted


def test_the_inspect_view_costs_the_same_queries_for_3_or_15_registrants(
    admin_client, make_event, django_assert_num_queries, django_assert_max_num_queries
):
    start = at(2)
    page = make_event(
        title="Atelier en série",
        start=start,
        capacity=4,
        repeat="weekly",
        repeat_until=(start + datetime.timedelta(weeks=3)).date(),
    )
    slot = page.slots.order_by("start").first()
    for _n in range(3):
        RegistrationFactory(slot=slot)
    url = f"/admin/inscriptions/{slot.pk}/"
    admin_client.get(url)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(url)
    for _n in range(12):
        RegistrationFactory(slot=slot)
    with django_assert_num_queries(len(few.captured_queries)):
        html = admin_client.get(url).content.decode()
    assert "Confirmés (4)" in html and "(par ordre d’arrivée) (11)" in html


@pytest.fixture
def viewer(client, small_site):
    """An editor who may see registrants but not act on them."""
    user = get_user_model().objects.create_user("lecteur", password="x", is_staff=True)
    group = Group.objects.create(name="Lecteurs des inscriptions")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_registration"),
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def test_an_editor_without_the_change_permission_sees_but_gets_403_on_every_action(
    viewer, slot, make_event
):
    registration = RegistrationFactory(slot=slot, name="Camille", email="camille@example.org")
    html = viewer.get(f"/admin/inscriptions/{slot.pk}/").content.decode()
    assert "camille@example.org" in html
    assert "Noter présent" not in html and "Écrire à tous les inscrits" not in html
    other = make_event(title="Autre date", start=at(20)).slots.get()
    for url, data in [
        (f"/admin/inscriptions/inscription/{registration.pk}/annuler/", {}),
        (f"/admin/inscriptions/inscription/{registration.pk}/presence/", {"present": "1"}),
        (f"/admin/inscriptions/inscription/{registration.pk}/deplacer/", {"to_slot": other.pk}),
        (f"/admin/inscriptions/{slot.pk}/message/", {"subject": "Salle", "body": "Salle 2."}),
    ]:
        assert viewer.post(url, data).status_code == 403, url
    assert viewer.get(f"/admin/inscriptions/{slot.pk}/message/").status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.checked_in_at is None
    # Dates are never added, edited or deleted here.
    assert viewer.get("/admin/inscriptions/new/").status_code == 302
    assert viewer.get(f"/admin/inscriptions/edit/{slot.pk}/").status_code == 302


MENU_ITEM = '"url": "/admin/inscriptions/"'  # in the sidebar's JSON


def test_the_menu_shows_inscriptions_to_those_who_may_see_them(viewer, client, small_site):
    assert MENU_ITEM in viewer.get("/admin/").content.decode()
    author = get_user_model().objects.create_user("auteur2", password="x", is_staff=True)
    author.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(author)
    assert MENU_ITEM not in client.get("/admin/").content.decode()
