"""Demo content for the network's pages: real Cantal towns, plausible centres, news in French.

Idempotent: every object is found by its slug (or natural key) before being created.
"""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images.models import Image
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage

from portal.base_url import site_fields

from .demo_content import CENTRE_BODIES, CENTRES, NEWS, NEWS_BODIES, STANDARD_PAGES
from .models import (
    Commune,
    HomePage,
    NewsIndexPage,
    NewsPage,
    OpeningHours,
    SiteSettings,
    StandardPage,
    TelecentreIndexPage,
    TelecentrePage,
)
from .newcomers_demo import seed_newcomers


def _image(title, scene, description, size=(1200, 800)):
    """A drawn illustration (home/illustrations.py; nothing is downloaded), found again by
    title on later runs; its description is the alt text."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        if not existing.description:
            existing.description = description
            existing.save(update_fields=["description"])
        return existing
    from .illustrations import draw

    content = io.BytesIO(draw(scene, title, size))
    return Image.objects.create(
        title=title,
        description=description,
        file=ImageFile(content, name=f"{slugify(title)[:40]}.jpg"),
    )


def _child(parent, model, slug, **fields):
    """The child page with this slug, created (and published) if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page:
        return page, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_base_data():
    """What migrations create and a test database flush removes: locale, root page, communes."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Collection, Locale

    from .communes import load_communes

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if not Commune.objects.exists():
        load_communes(Commune)
    return root


def seed_home(stdout=None):
    root = ensure_base_data()
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's placeholder page with ours, at the same slug.
        for placeholder in Page.objects.filter(depth=2).exclude(content_type__model="homepage"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = HomePage(
            title="Accueil",
            slug="accueil",
            hero_title="Travailler au pays, ensemble",
            hero_text="Huit télécentres dans le Cantal pour travailler à distance près de chez vous, "
            "se former et rencontrer d’autres indépendants.",
            hero_cta_label="Trouver un télécentre",
            introduction="Le réseau des télécentres du Cantal.",
            join_title="Rejoindre le réseau",
            join_text="<p>Salarié en télétravail, indépendant ou entreprise : venez essayer un "
            "télécentre gratuitement pendant une journée.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            **site_fields(),
            "root_page": home,
            "site_name": "CyberCantal Télécentres",
        },
    )
    Site.objects.filter(is_default_site=False).exclude(root_page=home).delete()
    return home


def _join_page(home, telecentres):
    """« Rejoindre le réseau »: the home page's call leads to ways to join, each a link."""
    from portal.base_url import absolute

    page, _new = _child(
        home,
        StandardPage,
        "rejoindre-le-reseau",
        title="Rejoindre le réseau",
        introduction="Salarié en télétravail, indépendant ou entreprise : trois façons de "
        "commencer, dès cette semaine.",
        body=[
            {
                "type": "call_to_action",
                "value": {
                    "title": "Essayer un télécentre, gratuitement, une journée",
                    "text": "Choisissez le centre le plus proche et appelez son animateur : "
                    "votre poste est prêt le jour même.",
                    "label": "Trouver un télécentre",
                    "page": telecentres.pk,
                    "external_url": "",
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "title": "Indépendant : figurer dans l’annuaire",
                    "text": "Créez votre compte, décrivez vos compétences : les entreprises du "
                    "territoire vous trouvent et vous écrivent sans connaître votre adresse.",
                    "label": "Créer mon compte",
                    "page": None,
                    "external_url": absolute(reverse("account_signup")),
                },
            },
            {"type": "heading", "value": {"text": "Entreprises et collectivités", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Vous voulez proposer le télétravail à vos équipes ou ouvrir un "
                "télécentre dans votre commune ? Écrivez à l’équipe du réseau : "
                '<a href="mailto:contact@cybercantal.fr">contact@cybercantal.fr</a>, '
                "ou appelez le 04 71 45 60 00.</p>",
            },
        ],
    )
    return page


def centre_fields(data):
    """A centre page's fields from one of ``CENTRES`` (demo_content), but its slug and body."""
    price_day, price_month, price_room = data["prices"]
    name, phone, email = data["contact"]
    return {
        "title": data["title"],
        "commune": Commune.objects.get(insee=data["insee"]),
        "street_address": data["street_address"],
        "host_structure": data["host_structure"],
        "introduction": data["introduction"],
        "desks": data["desks"],
        "broadband_mbps": data["broadband_mbps"],
        "price_day": price_day,
        "price_month": price_month,
        "price_meeting_room_hour": price_room,
        "contact_name": name,
        "contact_phone": phone,
        "contact_email": email,
        **dict.fromkeys(data["flags"], True),
    }


def add_opening_hours(centre, hours):
    """``hours``: ``(weekday, "HH:MM", "HH:MM")`` rows, as in ``CENTRES``."""
    for order, (weekday, opens, closes) in enumerate(hours):
        OpeningHours.objects.create(
            page=centre,
            weekday=weekday,
            sort_order=order,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )


def seed_pages(stdout=None):
    home = seed_home(stdout)
    created = 0
    if not home.image_id:
        home.image = _image(
            "Vue sur les monts du Cantal",
            "landscape",
            "Illustration : les monts du Cantal au-dessus d’un village et de ses pâturages",
        )
        home.save_revision().publish()

    telecentres, new = _child(
        home,
        TelecentreIndexPage,
        "telecentres",
        title="Les télécentres",
        show_in_menus=True,
        introduction="Huit lieux pour travailler à distance, partout dans le département.",
    )
    created += new
    for index, data in enumerate(CENTRES):
        centre, new = _child(
            telecentres,
            TelecentrePage,
            data["slug"],
            body=[{"type": "paragraph", "value": CENTRE_BODIES[index % len(CENTRE_BODIES)]}],
            **centre_fields(data),
        )
        if new:
            created += 1
            add_opening_hours(centre, data["hours"])
            commune = centre.commune
            centre.image = _image(
                f"Télécentre de {commune.name}",
                "office",
                f"Illustration : l’espace de travail du télécentre de {commune.name}, "
                "des postes face à une fenêtre sur la montagne",
            )
            centre.gallery_images.create(
                image=_image(
                    f"Réunion au télécentre de {commune.name}",
                    "meeting",
                    f"Illustration : une réunion au télécentre de {commune.name}",
                ),
                alt_text=f"Illustration : une réunion au télécentre de {commune.name}",
                caption="La salle de réunion, pour les rencontres et les formations",
            )
            centre.save_revision().publish()

    news_index, new = _child(
        home,
        NewsIndexPage,
        "actualites",
        title="Actualités",
        show_in_menus=True,
        introduction="La vie du réseau, ses nouveaux services et ses rendez-vous.",
    )
    created += new
    today = timezone.localdate()
    for index, (title, intro, tags, centre_slug) in enumerate(NEWS):
        from django.utils.text import slugify

        slug = slugify(title)[:60].rsplit("-", 1)[0] if len(slugify(title)) > 60 else slugify(title)
        if NewsPage.objects.filter(slug=slug).exists():
            continue
        centre = TelecentrePage.objects.filter(slug=centre_slug).first() if centre_slug else None
        news = NewsPage(
            title=title,
            slug=slug,
            introduction=intro,
            date=today - datetime.timedelta(days=9 * index + 2),
            telecentre=centre,
            body=[{"type": "paragraph", "value": NEWS_BODIES[index % len(NEWS_BODIES)]}],
        )
        news_index.add_child(instance=news)
        news.tags.add(*tags)
        news.save_revision().publish()
        created += 1

    for data in STANDARD_PAGES:
        _page, new = _child(home, StandardPage, **data)
        created += new
    created += seed_newcomers(home, telecentres)

    join = _join_page(home, telecentres)
    if not home.hero_cta_page_id or home.join_page_id != join.pk:
        home.hero_cta_page = home.hero_cta_page or telecentres
        home.join_page = join
        home.save_revision().publish()

    site_settings = SiteSettings.load()
    if not site_settings.email:
        site_settings.address = (
            "Réseau CyberCantal Télécentres\n14 avenue de la République\n15000 Aurillac"
        )
        site_settings.email = "contact@cybercantal.fr"
        site_settings.phone = "04 71 45 60 00"
        site_settings.linkedin = "https://www.linkedin.com/company/cybercantal"
        site_settings.mastodon = "https://mastodon.social/@cybercantal"
        site_settings.save()
    return created


def seed_accounts():
    """Dev accounts (only with the dev settings) and the moderation workflow."""
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    workflow, _ = Workflow.objects.get_or_create(
        name="Moderators approval", defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([moderators])
    if not workflow.workflow_tasks.exists():
        workflow.workflow_tasks.create(task=task, sort_order=0)
    home = HomePage.objects.first()
    if home and not WorkflowPage.objects.filter(page=home).exists():
        WorkflowPage.objects.create(page=home, workflow=workflow)

    dev = getattr(settings, "DEV_EDITOR", None)
    if not dev:
        return []
    User = get_user_model()
    accounts = []
    for username, (first_name, last_name), group, superuser in [
        (dev["username"], ("Claire", "Delmas"), None, True),
        ("redacteur", ("Julien", "Fabre"), editors, False),
        ("moderateur", ("Nadia", "Chassang"), moderators, False),
    ]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "is_staff": True,
                "is_superuser": superuser,
            },
        )
        if not user.first_name and not user.last_name:  # named, so forms can greet and prefill
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
        if created:
            user.set_password(dev["password"])
            user.save()
            if group:
                user.groups.add(group)
        accounts.append(username)
    return accounts
