"""What a visitor sees on the agenda and an event page, and what an editor sees creating one."""

import datetime
import json

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.factories import EventPageFactory, RegistrationFactory, at
from events.models import Category, EventIndexPage, EventPage
from home.models import TelecentrePage

pytestmark = pytest.mark.django_db


def json_ld(html):
    marker = '<script type="application/ld+json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_agenda_lists_upcoming_dates_in_order_with_seats(client, make_event):
    later = make_event(
        title="Portes ouvertes à Maurs", start=at(20), capacity=None, event_type=Category.OPEN_DAY
    )
    sooner = make_event(title="Atelier à Saint-Flour", start=at(4), capacity=2)
    make_event(title="Atelier passé", start=at(-4))
    RegistrationFactory(slot=sooner.slots.get())
    response = client.get("/agenda/")
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert html.index("Atelier à Saint-Flour") < html.index("Portes ouvertes à Maurs")
    assert "Atelier passé" not in html
    assert "1 place restante" in html and "Places disponibles" in html
    assert later.url in html


def test_agenda_filters_by_type_centre_and_format(client, make_event):
    centre = TelecentrePage.objects.get(slug="aurillac")
    make_event(title="Conférence à Aurillac", telecentre=centre, event_type=Category.CONFERENCE)
    make_event(title="Webinaire facturation", online=True, online_url="https://visio.example.org/x")
    make_event(title="Rencontre à Murat", telecentre=TelecentrePage.objects.get(slug="murat"))
    html = client.get("/agenda/?telecentre=aurillac").content.decode()
    assert "Conférence à Aurillac" in html and "Rencontre à Murat" not in html
    html = client.get("/agenda/?mode=online").content.decode()
    assert "Webinaire facturation" in html and "Conférence à Aurillac" not in html
    html = client.get("/agenda/?type=conference&mode=onsite").content.decode()
    assert (
        "Conférence à Aurillac" in html
        and "Webinaire" not in html
        and "Rencontre à Murat" not in html
    )
    assert "visio.example.org" not in client.get("/agenda/?mode=online").content.decode()


def test_agenda_paginates_and_archives_past_events(client, agenda):
    for day in range(1, 15):
        EventPageFactory(parent=agenda, title=f"Rencontre du jour {day}", start=at(day))
    EventPageFactory(parent=agenda, title="Journée des tiers-lieux", start=at(-30))
    page2 = client.get("/agenda/?page=2").content.decode()
    assert "Page 2 sur 2" in page2 and "Rencontre du jour 14" in page2
    assert client.get("/agenda/?page=5").status_code == 404
    archives = client.get("/agenda/archives/").content.decode()
    assert "Journée des tiers-lieux" in archives and "Rencontre du jour 1<" not in archives


def test_month_view_places_events_on_their_day(client, make_event):
    page = make_event(title="Apéro des indépendants", start=at(3, 18, 30))
    start = page.slots.get().start
    from django.utils import timezone

    local = timezone.localtime(start)
    response = client.get(f"/agenda/mois/{local.year}/{local.month}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "18\u00a0h\u00a030 Apéro des indépendants" in html
    assert client.get("/agenda/mois/").status_code == 302
    assert client.get("/agenda/mois/2026/13/").status_code == 404


def test_event_page_shows_seats_place_speakers_and_json_ld(client, make_event):
    centre = TelecentrePage.objects.get(slug="massiac")
    page = make_event(
        title="Conférence : le droit du télétravail",
        telecentre=centre,
        capacity=20,
        what_to_bring="Vos questions.",
        accessibility_notes="Salle de plain-pied.",
        speakers=["Hélène Brugère"],
    )
    for _ in range(5):
        RegistrationFactory(slot=page.slots.get())
    html = client.get(page.url).content.decode()
    assert html.count("<h1") == 1
    assert "15 places restantes" in html and "sur 20" in html
    assert "Hélène Brugère" in html and "Vos questions." in html and "Salle de plain-pied." in html
    assert "20 avenue du Général-de-Gaulle" in html
    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["maximumAttendeeCapacity"] == 20 and data["remainingAttendeeCapacity"] == 15
    assert data["location"]["address"]["addressLocality"] == "Massiac"
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_date_place_and_seats_come_before_the_description_and_the_form(client, make_event):
    """Phones read the page in this order (wide screens put the facts on the right)."""
    page = make_event(telecentre=TelecentrePage.objects.get(slug="massiac"), capacity=20)
    html = client.get(page.url).content.decode()
    facts = html.index("data-key-facts")
    assert facts < html.index("20 places restantes") < html.index('class="stream"')
    assert facts < html.index("Massiac", facts) < html.index('<form method="post"')
    assert 'href="#inscription">S’inscrire</a>' in html


def test_full_event_offers_the_waiting_list(client, make_event):
    page = make_event(capacity=1)
    RegistrationFactory(slot=page.slots.get())
    html = client.get(page.url).content.decode()
    assert "Complet, liste d’attente ouverte" in html
    assert json_ld(html)["remainingAttendeeCapacity"] == 0
    assert "liste d’attente" in html and 'name="email"' in html


def test_online_link_is_never_published(client, make_event):
    page = make_event(online=True, online_url="https://visio.example.org/secret-room")
    for url in (page.url, "/agenda/", "/agenda/calendrier.ics", page.url + "ical/"):
        assert "secret-room" not in client.get(url).content.decode(), url


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("where", ["/agenda/", "event", "/agenda/calendrier.ics", "/"])
def test_query_count_does_not_grow_with_events_and_registrants(client, agenda, where):
    EventIndexPage.objects.get().get_children().delete()
    centre = TelecentrePage.objects.get(slug="aurillac")
    first = EventPageFactory(parent=agenda, telecentre=centre, speakers=["A"], capacity=50)
    RegistrationFactory(slot=first.slots.get())
    url = first.url if where == "event" else where
    few = _count(client, url)
    for day in range(2, 8):
        page = EventPageFactory(
            parent=agenda, telecentre=centre, start=at(day), speakers=["B", "C"]
        )
        RegistrationFactory(slot=page.slots.get())
    for _ in range(10):
        RegistrationFactory(slot=first.slots.get())
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries with 1 event, {many} with 7 and 11 registrants"


def test_editor_creates_an_event_in_the_admin_and_it_becomes_bookable(admin_client, agenda, client):
    response = admin_client.post(
        f"/admin/pages/add/events/eventpage/{agenda.pk}/",
        {
            "title": "Atelier : bien démarrer en indépendant",
            "slug": "bien-demarrer",
            "introduction": "Statut, assurances, premiers clients.",
            "event_type": "workshop",
            "audience": "independants",
            "start": "2031-03-04 14:00",
            "end": "2031-03-04 17:00",
            "repeat": "",
            "repeat_until": "",
            "telecentre": TelecentrePage.objects.get(slug="aurillac").pk,
            "other_address": "",
            "online_url": "",
            "capacity": "12",
            "signup_opens": "",
            "signup_closes": "",
            "waitlist_enabled": "on",
            "what_to_bring": "",
            "accessibility_notes": "",
            "body-count": "0",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
            "speakers-MIN_NUM_FORMS": "0",
            "speakers-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = EventPage.objects.get(slug="bien-demarrer")
    slot = page.slots.get()
    assert slot.capacity == 12 and slot.audience == "independants"
    from django.utils import timezone

    assert timezone.localtime(slot.start).strftime("%d/%m/%Y %H:%M") == "04/03/2031 14:00"
    assert "12 places restantes" in client.get(page.url).content.decode()


def test_admin_refuses_a_capacity_below_the_confirmed_count(admin_client, make_event):
    page = make_event(capacity=5)
    for _ in range(4):
        RegistrationFactory(slot=page.slots.get())
    edit_url = f"/admin/pages/{page.pk}/edit/"
    form = admin_client.get(edit_url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    data.update(
        {
            "capacity": "3",
            "start": "2031-03-04 14:00",
            "end": "2031-03-04 17:00",
            "body-count": "0",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
            "speakers-MIN_NUM_FORMS": "0",
            "speakers-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        }
    )
    data.pop("repeat_until", None)
    response = admin_client.post(edit_url, data)
    assert response.status_code == 200
    assert "4 personnes sont déjà confirmées" in response.content.decode()
    page.refresh_from_db()
    assert page.slots.get().capacity == 5


def _event_form(**fields):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    start = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    data = {
        "title": "Atelier tableur",
        "slug": "atelier-tableur",
        "introduction": "Les bases.",
        "event_type": "workshop",
        "audience": "",
        "start": f"{start} 14:00",
        "end": f"{start} 16:00",
        "repeat": "",
        "repeat_until": "",
        "other_address": "",
        "online_url": "",
        "capacity": "10",
        "signup_opens": "",
        "signup_closes": "",
        "waitlist_enabled": "on",
        "body": streamfield([]),
        "speakers": inline_formset([]),
        "what_to_bring": "",
        "accessibility_notes": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
        **fields,
    }
    return nested_form_data(data)


def test_editor_gets_the_bookable_date_rules_on_an_event(admin_client, agenda):
    """The event's edit form checks the rules training sessions follow, with their words."""
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))
    start = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    bad = admin_client.post(
        url,
        _event_form(end=f"{start} 10:00", online="on", repeat="weekly"),
    )
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "La fin doit suivre le début." in html
    assert "Indiquez le lien de connexion envoyé aux personnes inscrites." in html
    assert "Indiquez jusqu’à quand la rencontre se répète." in html
    assert not EventPage.objects.filter(slug="atelier-tableur").exists()
    nowhere = admin_client.post(url, _event_form()).content.decode()
    assert "Choisissez un télécentre, indiquez une autre adresse ou cochez « en ligne »." in nowhere
    done = admin_client.post(url, _event_form(other_address="Mairie de Salers"))
    assert done.status_code == 302
    event = EventPage.objects.get(slug="atelier-tableur")
    assert event.live and event.slots.get().other_address == "Mairie de Salers"


def test_editor_cannot_cut_an_event_below_its_confirmed_people(admin_client, make_event):
    from django.urls import reverse

    event = make_event(title="Atelier tableur", slug="atelier-tableur", capacity=5, online=True)
    slot = event.slots.get()
    for n in range(3):
        RegistrationFactory(slot=slot, email=f"p{n}@example.org")
    url = reverse("wagtailadmin_pages:edit", args=(event.pk,))
    local = timezone.localtime(event.start)
    answer = admin_client.post(
        url,
        _event_form(
            capacity="2",
            online="on",
            online_url="https://visio.example.org/atelier",
            start=f"{local:%Y-%m-%d %H:%M}",
            end=f"{timezone.localtime(event.end):%Y-%m-%d %H:%M}",
        ),
    )
    assert answer.status_code == 200
    assert "Impossible : 3 personnes sont déjà confirmées" in answer.content.decode()
    slot.refresh_from_db()
    assert slot.capacity == 5
