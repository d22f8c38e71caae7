"""Listings stored apart from their page (``{% cached_listing %}``, portal/listing_cache.py):
publishing the page that shows them keeps them, and whatever changes what they show shows
on the next anonymous GET. Each test first stores the page (and so its listings), then
changes one thing the listing shows: the page is cleared by its own dependencies, and a
listing kept by mistake would show the old text."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from directory.factories import ProfileFactory, UserFactory
from events import services
from events.factories import EventPageFactory, at
from events.models import EventIndexPage
from home.factories import TelecentrePageFactory
from home.models import HomePage, NewsIndexPage, NewsPage, TelecentreIndexPage, TelecentrePage
from training.factories import (
    LearningPathPageFactory,
    TrainingCalendarPageFactory,
    TrainingCoursePageFactory,
)

from .search.conftest import index_now
from .test_page_cache import approve, cached, html, news_item, submitted_profile, visit

pytestmark = pytest.mark.django_db


def republish(page):
    """The page's own publish: its entry is cleared, its listings are kept."""
    page = type(page).objects.get(pk=page.pk)
    page.save_revision().publish()


def publish_draft(factory, **fields):
    """A new page as editors make one: saved as a draft, then published (a page created live
    by a factory clears every page, which would hide a listing kept by mistake)."""
    page = factory(live=False, **fields)
    page.save_revision().publish()
    return page


def test_publishing_the_home_page_keeps_its_listings_and_shows_its_own_change(small_site):
    news = news_item(title="Les rendez-vous de Murat")
    assert "Les rendez-vous de Murat" in cached("/")
    home = HomePage.objects.get(pk=small_site.pk)
    home.hero_text = "Un réseau de lieux pour travailler près de chez soi."
    home.save_revision().publish()
    response = visit("/")
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert "Un réseau de lieux pour travailler près de chez soi." in page
    assert "Les rendez-vous de Murat" in page
    assert page.count('id="figures-title"') == page.count('id="map-title"') == 1
    assert news.url in page


def test_home_blocks_follow_news_events_centres_and_members(
    small_site, django_capture_on_commit_callbacks
):
    cached("/")
    news = news_item(title="Atelier à Riom", introduction="Première version.")
    assert "Première version." in html("/")
    news.introduction = "Seconde version, corrigée."
    news.save_revision().publish()
    republish(small_site)
    assert "Seconde version, corrigée." in html("/")  # the dates and news block

    EventPageFactory(parent=EventIndexPage.objects.get(), title="Café des nomades", start=at(3))
    assert "Café des nomades" in html("/")

    centres = TelecentrePage.objects.live().count()
    TelecentrePageFactory(parent=TelecentreIndexPage.objects.get(), title="Télécentre de Salers")
    page = html("/")
    assert f'<strong class="figures__value">{centres + 1}</strong>' in page  # the figures
    assert "Télécentre de Salers" in page  # the map's list

    def members():
        found = re.search(r'figures__value">(\d+)</strong> indépendants? dans', html("/"))
        return int(found.group(1)) if found else 0

    before = members()
    with django_capture_on_commit_callbacks(execute=True):
        ProfileFactory(user=UserFactory(), display_name="Lucie V", state="approved", slug="lv")
    assert members() == before + 1


def test_agenda_dates_follow_new_events_and_seats(small_site):
    agenda = EventIndexPage.objects.get()
    event = EventPageFactory(parent=agenda, title="Atelier tableur", capacity=3, start=at(9))
    assert "3 places restantes" in cached(agenda.url)
    republish(agenda)
    assert "3 places restantes" in html(agenda.url)
    services.register(event.slots.get(), name="Ana", email="ana@example.org", consent=True)
    assert "2 places restantes" in html(agenda.url)
    EventPageFactory(parent=agenda, title="Conférence sur la fibre", start=at(5))
    assert "Conférence sur la fibre" in html(agenda.url)


def test_agenda_filters_and_pages_are_stored_apart(small_site):
    agenda = EventIndexPage.objects.get()
    for n in range(agenda.per_page + 1):
        EventPageFactory(parent=agenda, title=f"Rendez-vous n° {n:02d}", start=at(2 + n))
    first, second = cached(agenda.url), cached(agenda.url + "?page=2")
    assert "Rendez-vous n° 00" in first and "Rendez-vous n° 00" not in second
    assert f"Rendez-vous n° {agenda.per_page:02d}" in second
    assert Client().get(agenda.url + "?page=9").status_code == 404


def test_training_sessions_paths_and_catalogue_follow_changes(small_site):
    calendar = TrainingCalendarPageFactory()
    course = TrainingCoursePageFactory(
        parent=calendar, title="Visioconférence", sessions=[{"capacity": 4}]
    )
    page = cached(calendar.url)
    assert "4 places restantes" in page and "Visioconférence" in page
    republish(calendar)
    services.register(course.slots.get(), name="Ana", email="ana@example.org", consent=True)
    assert "3 places restantes" in html(calendar.url)  # the sessions

    TrainingCoursePageFactory(parent=calendar, title="Tableur partagé")
    assert "Tableur partagé" in html(calendar.url)  # the catalogue

    LearningPathPageFactory(parent=calendar, title="Parcours créateur", courses=[course])
    assert "Parcours créateur" in html(calendar.url)  # the paths


def test_news_items_and_tags_follow_changes(small_site):
    index = NewsIndexPage.objects.get()
    news = news_item(title="Le marché de Salers", introduction="Première version.")
    assert "Première version." in cached(index.url)
    republish(index)
    assert "Première version." in html(index.url)
    news.introduction = "Seconde version, corrigée."
    news.tags.add("marchés")
    news.save_revision().publish()
    page = html(index.url)
    assert "Seconde version, corrigée." in page and "?tag=marches" in page


def test_centres_cards_and_map_follow_changes(small_site):
    index = TelecentreIndexPage.objects.get()
    centre = TelecentrePage.objects.child_of(index).live().order_by("title").first()
    assert "37 postes" not in cached(index.url)
    republish(index)
    centre.desks = 37
    centre.latitude = 45.111
    centre.save_revision().publish()
    page = html(index.url)
    assert "37 postes" in page  # its card
    assert "45.111" in page  # the map's data
    TelecentrePageFactory(parent=index, title="Télécentre de Salers")
    assert html(index.url).count("Télécentre de Salers") >= 2  # the map's list and a card


def test_signed_in_people_get_live_listings_and_leave_none(small_site):
    agenda = EventIndexPage.objects.get()
    event = EventPageFactory(parent=agenda, title="Atelier tableur", capacity=3, start=at(9))
    user = get_user_model().objects.create_user("lea", "lea@example.org", "x")
    member = Client()
    member.force_login(user)
    assert "3 places restantes" in member.get(agenda.url).content.decode()
    cached(agenda.url)
    # A write that clears nothing (update()): the stored listing is stale for anonymous
    # visitors until its lifetime ends; a signed-in person reads the live one.
    event.slots.update(capacity=8)
    assert "8 places restantes" in member.get(agenda.url).content.decode()


def test_directory_results_and_facets_follow_profiles(small_site, committed):
    profile = submitted_profile(committed, display_name="Lucie Vermenouze", slug="lucie-v")
    approve(committed, profile)
    assert "Lucie Vermenouze" in cached("/annuaire/")
    news = news_item(title="Le marché de Salers")
    news.introduction = "Seconde version."
    news.save_revision().publish()  # clears the page (it depends on `pages`), not its listings
    response = visit("/annuaire/")
    assert response["X-Page-Cache"] == "miss"
    assert "Lucie Vermenouze" in response.content.decode()
    profile.is_hidden = True
    committed(profile.save)
    assert "Lucie Vermenouze" not in html("/annuaire/")
    assert Client().get("/annuaire/?page=9").status_code == 404
    for _ in range(2):  # what is not understood is said, every time, with its status
        assert Client().get("/annuaire/?radius_km=abc").status_code == 400


def test_search_profiles_follow_the_directory_and_pages_their_publish(small_site, committed):
    profile = submitted_profile(
        committed,
        display_name="Lucie Vermenouze",
        headline="Traductrice occitan",
        slug="lucie-v",
    )
    approve(committed, profile)
    index_now()
    path = "/recherche/?q=occitan"
    assert "Lucie Vermenouze" in cached(path)
    news = news_item(title="Le conte occitan de Salers")
    news.introduction = "Seconde version."
    news.save_revision().publish()
    response = visit(path)  # cleared by the publish (it lists pages); its profiles kept
    assert response["X-Page-Cache"] == "miss"
    assert "Lucie Vermenouze" in response.content.decode()
    profile.is_hidden = True
    committed(profile.save)
    index_now()
    assert "Lucie Vermenouze" not in html(path)


def test_filter_forms_offer_a_new_centre(small_site):
    agenda = EventIndexPage.objects.get()
    calendar = TrainingCalendarPageFactory()
    for url in (agenda.url, calendar.url):
        assert "Télécentre de Salers" not in cached(url)
        republish(agenda if url == agenda.url else calendar)
    publish_draft(
        TelecentrePageFactory,
        parent=TelecentreIndexPage.objects.get(),
        title="Télécentre de Salers",
    )
    for url in (agenda.url, calendar.url):
        assert re.search(r"<option value=\"[^\"]+\">Télécentre de Salers</option>", html(url)), url


def test_commune_page_parts_follow_dates_freelancers_and_neighbours(small_site):
    import io

    from django.core.management import call_command

    from home.models import Commune, CommunePage

    def build(*insee):
        call_command("build_communes", *insee, "--no-progress", stdout=io.StringIO())

    build("15138")  # Murat
    page = CommunePage.objects.get(commune__insee="15138")
    cached(page.url)
    republish(page)
    assert "Café-coworking de Murat" not in html(page.url)
    publish_draft(
        EventPageFactory,
        parent=EventIndexPage.objects.get(),
        title="Café-coworking de Murat",
        telecentre=TelecentrePage.objects.get(slug="murat"),
        start=at(5),
    )
    assert "Café-coworking de Murat" in html(page.url)  # the dates nearby
    ProfileFactory(
        user=UserFactory(), display_name="Inès Chabrier", commune=Commune.objects.get(insee="15138")
    )
    assert "Inès Chabrier" in html(page.url)  # the freelancers
    build("15025")
    neighbour = CommunePage.objects.get(commune__insee="15025")
    assert f">{neighbour.title}</a>" in html(page.url)  # the neighbouring communes


def test_newcomers_page_parts_follow_topics_and_dates(small_site):
    from home.factories import StandardPageFactory
    from home.models import NewcomersPage

    newcomers = HomePage.objects.get().add_child(
        instance=NewcomersPage(title="Venir s’installer", slug="venir-s-installer")
    )
    newcomers.save_revision().publish()
    cached(newcomers.url)
    republish(newcomers)
    publish_draft(StandardPageFactory, parent=newcomers, title="Se loger dans le Cantal")
    assert "Se loger dans le Cantal" in html(newcomers.url)  # the topics
    publish_draft(
        EventPageFactory,
        parent=EventIndexPage.objects.get(),
        title="Accueil des nouveaux",
        start=at(2),
    )
    assert "Accueil des nouveaux" in html(newcomers.url)  # the next dates


def _search_titles(path):
    """The titles of the page results of an anonymous search, as visitors read them."""
    lists = re.findall(r'<ul class="search-results">(.*?)</ul>', html(path), re.S)
    return [
        title for found in lists for title in re.findall(r'<li><a href="[^"]*">(.*?)</a>', found)
    ]


def _unmarked(titles):
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_search_page_results_follow_each_kind_of_change(small_site, committed):
    """Each page type's results are stored apart (``search.site._results``): a publish of
    one type keeps the others', and whatever changes a result shows on the next anonymous
    search."""
    path = "/recherche/?q=transhumance"
    centre = committed(
        lambda: TelecentrePageFactory(
            parent=TelecentreIndexPage.objects.get(),
            title="Télécentre de la transhumance",
            introduction="Au pied des estives.",
        )
    )
    first = committed(lambda: news_item(title="La transhumance passe par Allanche"))
    assert _unmarked(_search_titles(path)) == [centre.title, first.title]
    assert "Au pied des estives." in cached(path)

    # A news item's draft published (its type and ``pages`` cleared, not the whole site):
    # the news results again, the centre's kept and still shown.
    second = committed(
        lambda: news_item(
            title="Nouvelles des burons", introduction="La transhumance arrive.", live=False
        )
    )
    committed(lambda: second.save_revision().publish())
    response = visit(path)
    assert response["X-Page-Cache"] == "miss"
    assert set(_unmarked(_search_titles(path))) == {centre.title, first.title, second.title}
    assert "La <mark>transhumance</mark> arrive." in html(path)

    # A change of the centre's own text (its type's results cleared, not the news').
    centre = TelecentrePage.objects.get(pk=centre.pk)
    centre.introduction = "Au pied des estives, la fibre en plus."
    committed(lambda: centre.save_revision().publish())
    assert "Au pied des estives, la fibre en plus." in html(path)
    assert set(_unmarked(_search_titles(path))) == {centre.title, first.title, second.title}

    # A news item whose text no longer says the word, one unpublished, one deleted: gone
    # from the next search.
    second = NewsPage.objects.get(pk=second.pk)
    second.introduction = "Les troupeaux sont arrivés."
    committed(lambda: second.save_revision().publish())
    assert _unmarked(_search_titles(path)) == [centre.title, first.title]
    committed(first.unpublish)
    assert _unmarked(_search_titles(path)) == [centre.title]
    committed(centre.delete)
    assert _search_titles(path) == []


def test_search_never_shows_a_page_of_a_restricted_section(small_site, committed):
    from wagtail.models import PageViewRestriction

    from home.factories import StandardPageFactory

    path = "/recherche/?q=burons"
    members = committed(lambda: StandardPageFactory(parent=small_site, title="Espace adhérents"))
    committed(
        lambda: PageViewRestriction.objects.create(
            page=members, restriction_type=PageViewRestriction.PASSWORD, password="cantal"
        )
    )
    inside = committed(
        lambda: StandardPageFactory(parent=members, title="Les burons réservés aux membres")
    )
    public = committed(lambda: news_item(title="Les burons ouverts à tous"))
    assert _unmarked(_search_titles(path)) == [public.title]
    assert inside.title not in cached(path)
    # A section restricted once its results are stored: gone from the next search.
    committed(
        lambda: PageViewRestriction.objects.create(
            page=public, restriction_type=PageViewRestriction.PASSWORD, password="cantal"
        )
    )
    assert _search_titles(path) == []
