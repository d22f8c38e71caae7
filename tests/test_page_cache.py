"""The page cache for anonymous visitors (portal/page_cache.py): fresh after every change,
never one visitor's page for another, and forms on cached pages still post without script."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from directory.factories import ProfileFactory, UserFactory
from directory.models import ContactMessage
from events import services
from events.factories import EventPageFactory, at
from events.models import EventIndexPage
from home.factories import NewsPageFactory, StandardPageFactory
from home.models import HomePage, NewsIndexPage

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def news_item(**kwargs):
    kwargs.setdefault("date", timezone.localdate())
    return NewsPageFactory(parent=NewsIndexPage.objects.get(), **kwargs)


def event_page(**kwargs):
    return EventPageFactory(parent=EventIndexPage.objects.get(), **kwargs)


def visit(path, client=None):
    """An anonymous visitor's GET (a new browser each time unless ``client`` is given)."""
    response = (client or Client()).get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def html(path, client=None):
    return visit(path, client).content.decode()


def cached(path):
    """The page, asked for twice: the second answer must come from the cache."""
    visit(path)
    response = visit(path)
    assert response["X-Page-Cache"] == "hit", path
    return response.content.decode()


def submitted_profile(committed, **fields):
    """A freelancer's profile sent for review (not public yet), committed."""
    return committed(lambda: ProfileFactory(user=UserFactory(), state="submitted", **fields))


def approve(committed, profile):
    editor = get_user_model().objects.filter(is_superuser=True).first()
    committed(lambda: profile.approve(editor))


# After a change, the next anonymous GET shows it ------------------------------------------


def test_a_published_change_shows_on_the_page_its_listing_and_the_home_page(small_site):
    news = news_item(title="La fibre arrive à Pleaux")
    for path in (news.url, news.get_parent().url, "/"):
        assert "La fibre arrive à Pleaux" in cached(path)
    news.title = "Le très haut débit arrive à Pleaux"
    news.save_revision().publish()
    for path in (news.url, news.get_parent().url, "/"):
        page = html(path)
        assert "Le très haut débit arrive à Pleaux" in page, path
        assert "La fibre arrive à Pleaux" not in page, path


def test_a_new_page_shows_in_the_sitemap_and_the_rss_feed(small_site):
    cached("/sitemap.xml")
    cached("/actualites/rss/")
    news = news_item(title="Un nouveau télécentre à Pleaux")
    assert news.url in html("/sitemap.xml")
    assert "Un nouveau télécentre à Pleaux" in html("/actualites/rss/")


def test_a_draft_changes_nothing_and_the_cache_keeps_serving(small_site):
    news = news_item(title="Horaires d’été à Mauriac")
    cached(news.url)
    news.title = "Brouillon pas encore publié"
    news.save_revision()
    response = visit(news.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Brouillon pas encore publié" not in response.content.decode()


def test_unpublish_move_and_delete_take_the_page_out_of_its_listings(small_site):
    news = news_item(title="Portes ouvertes à Ydes")
    index = news.get_parent()
    assert "Portes ouvertes à Ydes" in cached(index.url)
    news.unpublish()
    assert Client().get(news.url).status_code == 404
    assert "Portes ouvertes à Ydes" not in html(index.url)

    news.save_revision().publish()
    assert "Portes ouvertes à Ydes" in cached(index.url)
    news.specific.delete()
    assert "Portes ouvertes à Ydes" not in html(index.url)
    assert "Portes ouvertes à Ydes" not in html("/")


def test_a_new_menu_page_shows_in_the_menu_of_every_cached_page(small_site):
    news = news_item()
    assert "Venir travailler ici" not in cached(news.url)
    StandardPageFactory(
        parent=HomePage.objects.get(), title="Venir travailler ici", show_in_menus=True
    )
    assert "Venir travailler ici" in html(news.url)


def test_directory_pages_follow_approval_hiding_and_deletion(small_site, committed):
    # Each change commits: the search's entries are written after the commit, and the
    # index queue's rows going clear the pages listing profiles.
    profile = submitted_profile(committed, display_name="Lucie Vermenouze", slug="lucie-v")
    assert "Lucie Vermenouze" not in cached("/annuaire/")
    approve(committed, profile)
    assert "Lucie Vermenouze" in cached("/annuaire/")
    assert "Lucie Vermenouze" in cached(profile.get_absolute_url())
    profile.is_hidden = True
    committed(profile.save)
    assert "Lucie Vermenouze" not in html("/annuaire/")
    assert Client().get(profile.get_absolute_url()).status_code == 404
    profile.is_hidden = False
    committed(profile.save)
    assert "Lucie Vermenouze" in cached("/annuaire/")
    committed(profile.delete)
    assert "Lucie Vermenouze" not in html("/annuaire/")


def test_an_approval_clears_a_directory_page_rendered_from_cached_search_data(
    small_site, committed
):
    # The second render of /annuaire/ (after a publish elsewhere) answers from the
    # search's own caches (facets, counts) and reads no directory table: it must still
    # depend on the directory, or the next approval would leave it stale.
    profile = submitted_profile(committed, display_name="Paul Salers", slug="paul-s")
    assert "Paul Salers" not in cached("/annuaire/")
    committed(lambda: news_item(title="Une nouvelle"))
    assert "Paul Salers" not in cached("/annuaire/")
    approve(committed, profile)
    assert "Paul Salers" in html("/annuaire/")


def test_a_sign_up_elsewhere_leaves_news_pages_in_the_cache(small_site):
    """Seats are a dependency only of the pages that show them."""
    news = news_item()
    event = event_page(capacity=5, start=at(12))
    cached(news.url)
    services.register(event.slots.get(), name="Ana", email="ana@example.org", consent=True)
    assert visit(news.url)["X-Page-Cache"] == "hit"


# Seats left, right after a sign-up and a cancellation ----------------------------------


def test_seats_left_follow_sign_ups_cancellations_and_capacity(small_site):
    event = event_page(title="Atelier tableur", capacity=3, start=at(9))
    slot = event.slots.get()
    agenda = event.get_parent().url
    assert "3 places restantes" in cached(event.url)
    cached(agenda)

    visitor = Client()
    page = html(event.url, visitor)
    response = visitor.post(
        event.url,
        {
            "slot": slot.pk,
            "name": "Jean Delmas",
            "email": "jean.delmas@example.org",
            "consent": "on",
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
        },
    )
    assert response.status_code == 303
    assert "2 places restantes" in html(event.url)
    assert "3 places restantes" not in html(agenda)

    registration = slot.registrations.get()
    assert "2 places restantes" in cached(event.url)
    assert Client().post(registration.get_absolute_url(), {}).status_code == 303
    assert "3 places restantes" in html(event.url)

    cached(event.url)
    services.set_capacity(slot, 10)
    assert "10 places restantes" in html(event.url)


# Never one visitor's page for another ------------------------------------------------------


def test_a_signed_in_person_never_gets_a_cached_page_nor_leaves_one(small_site):
    news = news_item()
    anonymous = cached(news.url)
    assert "Se connecter" in anonymous
    users = [
        UserFactory(username=name, first_name=name.title(), last_name="Testeur")
        for name in ("aline", "bruno")
    ]
    for user in users:
        browser = Client()
        browser.force_login(user)
        response = browser.get(news.url)
        page = response.content.decode()
        assert response.get("X-Page-Cache") is None
        assert f"{user.first_name} Testeur" in page and "Se connecter" not in page
        other = next(u for u in users if u != user)
        assert other.first_name not in page
    for path in (news.url, "/"):
        page = html(path)
        assert "Aline" not in page and "Bruno" not in page and "Se connecter" in page


def test_a_message_is_shown_once_to_its_visitor_only(small_site):
    event = event_page(capacity=5, start=at(11))
    cached(event.url)
    visitor = Client()
    token = TOKEN.search(html(event.url, visitor)).group(1)
    data = {
        "slot": event.slots.get().pk,
        "name": "Rose Lacoste",
        "email": "rose@example.org",
        "consent": "on",
        "csrfmiddlewaretoken": token,
    }
    landing = visitor.post(event.url, data, follow=True)
    assert "Votre inscription est confirmée" in landing.content.decode()
    assert landing.get("X-Page-Cache") != "hit"
    assert "Votre inscription est confirmée" not in html(event.url)  # another visitor
    assert "Votre inscription est confirmée" not in html(event.url, visitor)  # shown once


def test_each_visitor_gets_their_own_csrf_token_and_cookie(small_site):
    news = news_item()
    cached(news.url)
    tokens, cookies = set(), set()
    for _ in range(3):
        response = visit(news.url)
        assert response["X-Page-Cache"] == "hit"
        tokens.add(TOKEN.search(response.content.decode()).group(1))
        cookies.add(response.cookies["csrftoken"].value)
    assert len(tokens) == 3 and len(cookies) == 3
    assert "__page_cache" not in response.content.decode()


# Forms on cached pages post without JavaScript ----------------------------------------------


def _post_from_cached_page(path, action, fields):
    cached(path)
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(path)
    assert response["X-Page-Cache"] == "hit"
    token = TOKEN.search(response.content.decode()).group(1)
    return browser.post(action, {**fields, "csrfmiddlewaretoken": token})


def test_the_sign_up_form_of_a_cached_event_page_posts(small_site):
    event = event_page(capacity=5, start=at(13))
    slot = event.slots.get()
    response = _post_from_cached_page(
        event.url,
        event.url,
        {"slot": slot.pk, "name": "Paul Roux", "email": "paul@example.org", "consent": "on"},
    )
    assert response.status_code == 303
    assert slot.registrations.get().name == "Paul Roux"


def test_the_contact_form_of_a_cached_profile_posts(small_site, django_capture_on_commit_callbacks):
    profile = ProfileFactory(user=UserFactory(), display_name="Hugo Falgoux", slug="hugo-f")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_from_cached_page(
            profile.get_absolute_url(),
            f"{profile.get_absolute_url()}contact/",
            {
                "name": "Fromagerie de Salers",
                "email": "contact@salers.example.com",
                "message": "Bonjour, pouvez-vous traduire notre catalogue pour le printemps ?",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert ContactMessage.objects.filter(profile=profile).count() == 1


def test_the_language_form_and_the_search_form_of_a_cached_page_work(small_site):
    news = news_item(title="Coworking à Massiac")
    response = _post_from_cached_page(news.url, "/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    page = cached(news.url)
    assert 'action="/recherche/"' in page and 'name="q"' in page
    assert 'value="Massiac"' in html("/recherche/?q=Massiac")  # the form's GET is answered


def test_english_and_french_pages_are_stored_apart(small_site):
    news = news_item()
    french = cached(news.url)
    english = Client()
    english.cookies["django_language"] = "en"
    assert english.get(news.url)["Location"] == "/en" + news.url  # its English address
    english.get("/en" + news.url)
    page = english.get("/en" + news.url)
    assert page["X-Page-Cache"] == "hit"
    assert 'lang="en"' in page.content.decode() and 'lang="fr"' in french


def test_a_new_view_restriction_hides_the_cached_page_and_its_listing_entry(small_site):
    from wagtail.models import PageViewRestriction

    news = news_item(title="Réservé aux adhérents")
    assert "Réservé aux adhérents" in cached(news.url)
    assert "Réservé aux adhérents" in cached(news.get_parent().url)
    PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="cantal"
    )
    page = html(news.url)
    assert 'name="password"' in page and news.introduction not in page
    assert "Réservé aux adhérents" not in html(news.get_parent().url)


# A publish clears what it changes, not the whole site --------------------------------------


def test_a_content_change_clears_the_item_its_listings_and_home_but_not_unrelated_pages(small_site):
    news = news_item(title="Atelier numérique à Riom", introduction="Première version.")
    for path in (news.url, news.get_parent().url, "/", "/agenda/", "/telecentres/"):
        cached(path)
    news.introduction = "Seconde version, corrigée."
    news.save_revision().publish()
    for path in (news.url, news.get_parent().url, "/"):
        response = visit(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "Seconde version, corrigée." in response.content.decode(), path
    for path in ("/agenda/", "/telecentres/"):
        assert visit(path)["X-Page-Cache"] == "hit", path


def test_a_new_news_item_shows_in_its_listings_feeds_and_search_not_elsewhere(small_site):
    for path in ("/actualites/", "/", "/actualites/rss/", "/sitemap.xml", "/agenda/"):
        cached(path)
    news = news_item(title="Un café des indépendants à Salers", live=False)
    news.save_revision().publish()
    assert "Un café des indépendants à Salers" in html("/actualites/")
    assert "Un café des indépendants à Salers" in html("/")
    assert "Un café des indépendants à Salers" in html("/actualites/rss/")
    assert news.url in html("/sitemap.xml")
    assert visit("/agenda/")["X-Page-Cache"] == "hit"


def test_a_new_title_clears_every_page_that_names_it(small_site):
    index = NewsIndexPage.objects.get()
    news = news_item(title="Les rendez-vous de Murat")
    assert "Le journal des télécentres" not in cached(news.url)
    cached("/agenda/")
    index.title = "Le journal des télécentres"
    index.save_revision().publish()
    assert "Le journal des télécentres" in html(news.url)  # its breadcrumbs
    assert visit("/agenda/")["X-Page-Cache"] == "miss"  # the menu may name it


def test_an_emptied_cache_never_brings_back_what_a_process_kept_in_memory(small_site):
    """Each process keeps its last fragments and listings in memory, keyed by the groups'
    versions; when the shared cache is emptied (Redis restarted), the versions start again
    from new random values, never from ones an old copy could match."""
    from django.core.cache import caches

    from wagtail.models import Page

    news = news_item(title="Ouverture à Maurs")
    caches["pages"].clear()  # the groups' versions as a new cache has them
    assert "Ouverture à Maurs" in cached(news.url)  # the trail's fragment, kept in memory
    # Written without signals, as a restore of the database would: only the emptied cache
    # says that something changed.
    Page.objects.filter(pk=news.get_parent().pk).update(title="Les nouvelles du Cantal")
    caches["pages"].clear()
    page = html(news.url)
    assert "Les nouvelles du Cantal" in page


def test_a_new_translation_gets_its_address_and_its_language_link(small_site):
    """A translated home page, then a translated news item, going live: the French item's
    language links name the English one at its address (the sites' root paths and the
    language links are fragments that a new translation clears)."""
    from wagtail.models import Locale

    from home.demo_english import translate

    english = Locale.objects.create(language_code="en")
    news = news_item(title="Ouverture à Maurs")
    assert 'hreflang="en"' not in cached(news.url)
    home = HomePage.objects.get()
    translate(home, english, show_in_menus=False)
    translate(news.get_parent().specific, english, show_in_menus=False)
    item, _new = translate(news, english, title="Opening in Maurs", show_in_menus=False)
    page = html(news.url)
    assert f'hreflang="en" href="http://testserver{item.url}"' in page
    assert item.url.startswith("/en/")
