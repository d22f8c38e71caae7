"""Demo agenda: a season of events at the centres, past and upcoming, with registrants.

Idempotent: each event is found by its slug first, and registrants are only added to
events created in this run.
"""

import datetime
import random

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify

from home.models import HomePage, TelecentrePage

from .factories import at
from .models import Category, EventIndexPage, EventPage, EventSpeaker
from .services import check_in, register

EVENTS = [
    {
        "slug": "rencontre-des-teletravailleurs-du-cantal",
        "title": "Rencontre des télétravailleurs du Cantal",
        "type": Category.CONFERENCE,
        "centre": "aurillac",
        "days": 12,
        "hour": 18,
        "hours": 2,
        "capacity": 60,
        "registrants": 25,
        "intro": "Salariés à distance, indépendants, employeurs : une soirée pour partager ce qui "
        "marche, ce qui coince, et repartir avec des contacts.",
        "speakers": [
            ("Claire Vermenouze", "Animatrice du Quai numérique"),
            ("Marc Delteil", "Directeur des ressources humaines, Groupe Altitude"),
        ],
    },
    {
        "slug": "atelier-securiser-son-poste-de-travail",
        "title": "Atelier : sécuriser son poste de travail à distance",
        "type": Category.WORKSHOP,
        "centre": "saint-flour",
        "days": 5,
        "hour": 14,
        "hours": 3,
        "capacity": 12,
        "registrants": 11,
        "intro": "Mots de passe, sauvegardes, Wi-Fi public : les bons réflexes, ordinateur en main.",
        "bring": "Votre ordinateur portable et son chargeur.",
        "speakers": [("Julien Chassang", "Animateur numérique")],
    },
    {
        "slug": "conference-le-droit-du-teletravail",
        "title": "Conférence : le droit du télétravail en 2026",
        "type": Category.CONFERENCE,
        "centre": "massiac",
        "days": 9,
        "hour": 18,
        "hours": 2,
        "capacity": 20,
        "registrants": 25,
        "waitlist": True,
        "intro": "Accord d’entreprise, frais, accidents du travail : une avocate répond à vos questions.",
        "speakers": [("Maître Hélène Brugère", "Avocate en droit social, barreau d’Aurillac")],
    },
    {
        "slug": "cafe-coworking-du-premier-mardi",
        "title": "Café-coworking du premier mardi",
        "type": Category.MEETUP,
        "centre": "riom-es-montagnes",
        "first_tuesday": True,
        "hour": 9,
        "minute": 30,
        "hours": 2,
        "capacity": 15,
        "registrants": 6,
        "intro": "Chaque premier mardi du mois, un café pour rompre l’isolement et travailler ensemble "
        "la matinée.",
    },
    {
        "slug": "portes-ouvertes-maurs",
        "title": "Portes ouvertes du télécentre de Maurs",
        "type": Category.OPEN_DAY,
        "centre": "maurs",
        "days": 20,
        "hour": 10,
        "hours": 7,
        "capacity": None,
        "registrants": 8,
        "intro": "Venez essayer un poste de travail, visiter la pépinière et rencontrer les résidents.",
    },
    {
        "slug": "webinaire-facturer-en-independant",
        "title": "Webinaire : bien facturer quand on est indépendant",
        "type": Category.WORKSHOP,
        "centre": None,
        "online": True,
        "days": 16,
        "hour": 12,
        "minute": 30,
        "hours": 1,
        "capacity": 100,
        "registrants": 30,
        "intro": "Mentions obligatoires, TVA, relances : une heure pour facturer sans erreur.",
    },
    {
        "slug": "apero-des-independants-murat",
        "title": "Apéro des indépendants à Murat",
        "type": Category.MEETUP,
        "centre": "murat",
        "days": 26,
        "hour": 18,
        "minute": 30,
        "hours": 2,
        "capacity": 25,
        "registrants": 9,
        "intro": "Un verre au pied du rocher de Bonnevie pour rencontrer les indépendants du secteur.",
    },
    {
        "slug": "portes-ouvertes-ydes",
        "title": "Portes ouvertes du télécentre d’Ydes",
        "type": Category.OPEN_DAY,
        "centre": "ydes",
        "days": 33,
        "hour": 14,
        "hours": 4,
        "capacity": None,
        "registrants": 3,
        "intro": "Découvrez la salle de visioconférence et les formations au numérique.",
    },
    {
        "slug": "journee-des-tiers-lieux",
        "title": "Journée des tiers-lieux du Massif central",
        "type": Category.CONFERENCE,
        "centre": "massiac",
        "days": -30,
        "hour": 9,
        "hours": 8,
        "capacity": 120,
        "registrants": 40,
        "checked_in": 34,
        "intro": "Cent vingt participants pour parler de l’avenir du travail à la campagne.",
    },
    {
        "slug": "atelier-visioconference-mauriac",
        "title": "Atelier : réussir ses visioconférences",
        "type": Category.WORKSHOP,
        "centre": "mauriac",
        "days": -12,
        "hour": 14,
        "hours": 2,
        "capacity": 10,
        "registrants": 8,
        "checked_in": 7,
        "intro": "Cadrage, son, lumière : les astuces pour être à l’aise à l’écran.",
    },
]


def seed_agenda():
    """The agenda page under the home page (created once)."""
    home = HomePage.objects.first()
    if home is None:
        return None
    agenda = EventIndexPage.objects.filter(slug="agenda").first()
    if agenda:
        return agenda
    agenda = EventIndexPage(
        title="Agenda",
        slug="agenda",
        show_in_menus=True,
        introduction="Conférences, rencontres, ateliers et portes ouvertes dans les télécentres du Cantal : "
        "inscrivez-vous en quelques secondes.",
    )
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    return agenda


def _first_tuesday_after(day):
    month = day.replace(day=1)
    while True:
        first = month + datetime.timedelta(days=(1 - month.weekday()) % 7)
        if first > day:
            return first
        month = (month + datetime.timedelta(days=32)).replace(day=1)


# What happens on the day, by kind of event (the lead says what it is about).
PROGRAMMES = {
    Category.CONFERENCE: "<p>Une heure d’exposé, puis trente minutes de questions. Les "
    "diapositives sont envoyées aux personnes inscrites le lendemain.</p><p>Entrée libre sur "
    "inscription, dans la limite des places.</p>",
    Category.MEETUP: "<p>Chacun se présente en deux minutes, puis les échanges continuent "
    "librement autour d’un café ou d’un verre. Venez avec vos cartes de visite.</p>",
    Category.WORKSHOP: "<p>En petit groupe, sur votre propre ordinateur : l’animateur montre, "
    "vous pratiquez, vous repartez avec une fiche pas à pas.</p><p>Un ordinateur peut être "
    "prêté sur demande à l’inscription.</p>",
    Category.OPEN_DAY: "<p>Visitez les espaces, essayez un poste de travail, posez vos "
    "questions sur les tarifs et la domiciliation. Une démonstration de la salle de "
    "visioconférence a lieu toutes les heures.</p>",
}


def _open_day(centre, start):
    """The first day from ``start`` on which the centre is open (weekdays when online)."""
    open_days = set(centre.opening_hours.values_list("weekday", flat=True)) if centre else set()
    open_days = open_days or set(range(5))
    for shift in range(7):
        day = start + datetime.timedelta(days=shift)
        if timezone.localtime(day).weekday() in open_days:
            return day
    return start


def _grant_editors():
    permissions = Permission.objects.filter(
        content_type__app_label="events", codename__in=["view_registration", "change_registration"]
    )
    for name in ("Editors", "Moderators"):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*permissions)


def seed_events():
    agenda = seed_agenda()
    if agenda is None:
        return 0
    _grant_editors()
    from faker import Faker

    faker = Faker("fr_FR")
    created = 0
    for data in EVENTS:
        if EventPage.objects.filter(slug=data["slug"]).exists():
            continue
        if data.get("first_tuesday"):
            day = _first_tuesday_after(timezone.localdate())
            start = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(data["hour"], data.get("minute", 0)))
            )
        centre = (
            TelecentrePage.objects.filter(slug=data["centre"]).first() if data["centre"] else None
        )
        if not data.get("first_tuesday"):
            start = _open_day(centre, at(data["days"], data["hour"], data.get("minute", 0)))
        page = EventPage(
            title=data["title"],
            slug=data["slug"],
            introduction=data["intro"],
            event_type=data["type"],
            start=start,
            end=start + datetime.timedelta(hours=data["hours"]),
            telecentre=centre,
            online=data.get("online", False),
            online_url="https://visio.cybercantal.fr/webinaire-facturation"
            if data.get("online")
            else "",
            capacity=data["capacity"],
            waitlist_enabled=True,
            what_to_bring=data.get("bring", ""),
            accessibility_notes="Salle de plain-pied, accessible en fauteuil. Boucle magnétique sur demande."
            if centre and centre.accessible
            else "",
            repeat="monthly" if data.get("first_tuesday") else "",
            repeat_until=(start + datetime.timedelta(days=180)).date()
            if data.get("first_tuesday")
            else None,
            body=[{"type": "paragraph", "value": PROGRAMMES[data["type"]]}],
        )
        agenda.add_child(instance=page)
        for order, (name, role) in enumerate(data.get("speakers", [])):
            EventSpeaker.objects.create(page=page, name=name, role=role, sort_order=order)
        page.save_revision().publish()
        created += 1
        _add_registrants(page, data, faker)
    return created


def _add_registrants(page, data, faker):
    slot = page.slots.order_by("start").first()
    now = min(timezone.now(), slot.start - datetime.timedelta(days=1))
    rng = random.Random(data["slug"])
    registrations = []
    for index in range(data["registrants"]):
        name = faker.name()
        email = f"{slugify(name).replace('-', '.')}.{index}@example.org"
        organisation = rng.choice(
            ["", "Indépendant", "Conseil départemental", "Agence Volcans", "SCOP Le Lien"]
        )
        result = register(
            slot,
            name=name,
            email=email,
            organisation=organisation,
            consent=True,
            notify=False,
            now=now - datetime.timedelta(minutes=data["registrants"] - index),
        )
        if result.registration:  # None for a repeated address
            registrations.append(result.registration)
    for registration in registrations[: data.get("checked_in", 0)]:
        check_in(registration)
