"""The small site most tests run on, built by the apps' factories (``*/factories.py``).

What it holds, and nothing more: the home page (the default Site's root), the network's
centres index with the eight centres (their fields from ``home.demo_content.CENTRES``: real
towns the tests name, no images, no bodies), the news index, the reference pages (legal,
privacy, accessibility), the agenda (events' test seeder), the directory's skills, the
editors' groups and workflow, and the site links to those pages. No news, no events, no
profiles: a test builds what it reads. Tests of the demo content itself use the ``demo``
fixture (``tests/conftest.py``), which runs ``seed_demo``'s page seeders.
"""

from django.db import transaction

from wagtail import hooks
from wagtail.models import Page, Site

from portal import hooks as portal_hooks
from portal.base_url import site_fields

REFERENCE_PAGES = ("mentions-legales", "donnees-personnelles", "accessibilite")


def build_site():
    """Builds the small site on an empty page tree (what migrations left); returns its home."""
    from home.demo import add_opening_hours, centre_fields, ensure_base_data, seed_accounts
    from home.demo_content import CENTRES, STANDARD_PAGES
    from home.factories import (
        HomePageFactory,
        NewsIndexPageFactory,
        StandardPageFactory,
        TelecentreIndexPageFactory,
        TelecentrePageFactory,
    )
    from home.models import SiteSettings

    with transaction.atomic():
        root = ensure_base_data()
        for placeholder in Page.objects.filter(depth=2):  # Wagtail's welcome page
            placeholder.delete()
        home = HomePageFactory(
            parent=root,
            hero_text="Huit télécentres dans le Cantal pour travailler à distance.",
            introduction="Le réseau des télécentres du Cantal.",
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={**site_fields(), "root_page": home, "site_name": "CyberCantal Télécentres"},
        )
        centres = TelecentreIndexPageFactory(parent=home)
        for data in CENTRES:
            centre = TelecentrePageFactory(
                parent=centres, slug=data["slug"], hours=False, **centre_fields(data)
            )
            add_opening_hours(centre, data["hours"])
        NewsIndexPageFactory(parent=home)
        for data in STANDARD_PAGES:
            if data["slug"] in REFERENCE_PAGES:
                StandardPageFactory(parent=home, **data)
        home.hero_cta_page = centres
        home.save()
        contact = SiteSettings.load()
        contact.email, contact.phone = "contact@cybercantal.fr", "04 71 45 60 00"
        contact.save()
        seed_accounts()
        run_test_seeders()
    return home


def run_test_seeders():
    """What the apps add to a test site (``portal.hooks.SEED_TEST``): the agenda, the skills,
    the site links, the editors' permissions."""
    for seeder in hooks.get_hooks(portal_hooks.SEED_TEST):
        seeder()


def build_demo():
    """The demo's pages (``seed_demo``'s page seeders) in place of the small site's."""
    from home.demo import seed_pages
    from home.models import HomePage

    HomePage.objects.get().delete()  # the small site's
    seed_pages()
    run_test_seeders()
    return HomePage.objects.get()
