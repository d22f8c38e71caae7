"""The demo reads as real: drawn images with alt text, bodies that don't repeat their lead,
headlines that agree with the person, events on days their centre is open, a way to join."""

import pytest

from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.images.models import Image

from directory.demo import seed_profiles
from directory.models import Profile
from events.demo import seed_events
from events.models import EventPage
from home.models import HomePage, NewsPage, TelecentrePage

pytestmark = pytest.mark.django_db


def _first_paragraph(page):
    for block in page.body:
        if block.block_type == "paragraph":
            return strip_tags(str(block.value)).strip()
    return ""


def test_bodies_never_repeat_their_lead(demo):
    seed_events()
    pages = [*NewsPage.objects.all(), *TelecentrePage.objects.all(), *EventPage.objects.all()]
    assert len(pages) >= 25
    for page in pages:
        assert not _first_paragraph(page).startswith(page.introduction[:40]), page.title


def test_demo_images_are_drawn_and_described(client, demo):
    home = HomePage.objects.get()
    images = Image.objects.exclude(collection__name__startswith="Photos de l")
    assert images.count() >= 9
    assert not images.filter(description="").exists()
    html = client.get("/").content.decode()
    assert f'alt="{home.image.description}"' in html
    # a drawing, not a flat placeholder: many colours
    from PIL import Image as PILImage

    with home.image.open_file() as handle:
        colours = PILImage.open(handle).convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 500


def test_events_fall_on_days_their_centre_is_open(demo):
    seed_events()
    for event in EventPage.objects.exclude(telecentre=None).select_related("telecentre"):
        open_days = set(event.telecentre.opening_hours.values_list("weekday", flat=True))
        assert timezone.localtime(event.start).weekday() in open_days, event.title


def test_headlines_agree_with_the_person(demo):
    seed_profiles(40)
    feminine = ("euse", "trice", "ante", "ière", "ère ", "ée ", "elle")
    for profile in Profile.objects.select_related("user"):
        headline = profile.headline + " "
        if any(ending in headline for ending in feminine):
            # a feminine headline belongs to someone whose bio agrees too
            assert "revenu au pays" not in profile.bio and "Installé dans" not in profile.bio


def test_the_join_call_leads_somewhere_to_join(client, demo):
    home = HomePage.objects.get()
    assert home.join_page.slug == "rejoindre-le-reseau"
    html = client.get(home.join_page.url).content.decode()
    assert "/compte/signup/" in html and 'href="/telecentres/"' in html
    assert "mailto:contact@cybercantal.fr" in html


def test_demo_staff_accounts_have_names_that_forms_can_prefill(client, demo):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(username__in=["editeur", "redacteur", "moderateur"])
    assert staff.count() == 3
    assert all(user.get_full_name() for user in staff)
    client.force_login(staff.get(username="redacteur"))
    assert "Julien Fabre" in client.get("/").content.decode()  # the header names the person
