"""Demo directory: about 150 skills and N realistic freelancers across the Cantal.

Idempotent: skills are found by their key and profiles by their owner's address
(``freelance-001@example.org``...) before anything is created. Faker (fr_FR) and the
random choices use fixed seeds, so every run describes the same people.
"""

import datetime
import io
import random

from allauth.account.models import EmailAddress
from faker import Faker

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images.models import Image

from home.models import Commune, TelecentrePage

from .factories import readable_slug
from .models import Occupation, Profile, Skill, SkillSynonym, skill_key
from .permissions import ensure_moderator_groups
from .photos import photo_collection
from .skills_data import SKILLS, SYNONYMS, all_skill_names

SEED = 15000

# Each trade in its masculine and feminine forms: a headline agrees with the person.
TRADES = [
    (
        "Développement",
        [
            ("Développeur web", "Développeuse web"),
            ("Développeur Python et Django", "Développeuse Python et Django"),
            ("Développeur d’applications mobiles", "Développeuse d’applications mobiles"),
            ("Administrateur systèmes et réseaux", "Administratrice systèmes et réseaux"),
            ("Développeur WordPress", "Développeuse WordPress"),
        ],
    ),
    (
        "Design et création",
        [
            ("Graphiste indépendant", "Graphiste indépendante"),
            ("Designer UX/UI", "Designer UX/UI"),
            ("Photographe", "Photographe"),
            ("Vidéaste et monteur", "Vidéaste et monteuse"),
            ("Illustrateur", "Illustratrice"),
        ],
    ),
    (
        "Rédaction et traduction",
        [
            ("Traducteur anglais-français", "Traductrice anglais-français"),
            ("Rédacteur web", "Rédactrice web"),
            ("Correcteur et relecteur", "Correctrice et relectrice"),
            ("Traducteur technique allemand-français", "Traductrice technique allemand-français"),
        ],
    ),
    (
        "Gestion et comptabilité",
        [
            ("Comptable indépendant", "Comptable indépendante"),
            ("Gestionnaire de paie", "Gestionnaire de paie"),
            ("Conseiller en gestion", "Conseillère en gestion"),
            ("Consultant en financement de projets", "Consultante en financement de projets"),
        ],
    ),
    (
        "Marketing et communication",
        [
            ("Consultant en marketing digital", "Consultante en marketing digital"),
            ("Community manager", "Community manager"),
            ("Chargé de communication", "Chargée de communication"),
            ("Spécialiste du référencement", "Spécialiste du référencement"),
        ],
    ),
    (
        "Assistance administrative",
        [
            ("Assistant administratif à distance", "Assistante administrative à distance"),
            ("Télésecrétaire", "Télésecrétaire"),
            ("Office manager indépendant", "Office manager indépendante"),
            ("Assistant de direction", "Assistante de direction"),
        ],
    ),
    (
        "Formation et conseil",
        [
            ("Formateur au numérique", "Formatrice au numérique"),
            ("Coach professionnel", "Coach professionnelle"),
            ("Consultant en organisation", "Consultante en organisation"),
            ("Facilitateur d’ateliers", "Facilitatrice d’ateliers"),
        ],
    ),
    (
        "Métiers du territoire",
        [
            ("Guide de moyenne montagne", "Guide de moyenne montagne"),
            ("Conseiller en rénovation énergétique", "Conseillère en rénovation énergétique"),
            ("Animateur en circuits courts", "Animatrice en circuits courts"),
        ],
    ),
]

# {e} is the feminine ending (« e » or nothing), {independant} the agreed adjective.
BIO_OPENINGS = [
    "Installé{e} dans le Cantal depuis {years} ans, j’accompagne {clients}.",
    "Après {years} ans en agence à Clermont-Ferrand, je travaille désormais en {independant} depuis {commune}.",
    "Originaire de {commune}, je suis revenu{e} au pays pour exercer mon métier à distance.",
    "Je mets mon expérience de {years} ans au service {clients}.",
]
BIO_MIDDLES = [
    "Je travaille surtout pour {clients}, en visioconférence et, quand il le faut, sur place.",
    "Mes clients apprécient ma réactivité et mon sens du détail.",
    "Je privilégie les projets au long cours et les relations de confiance.",
    "J’interviens aussi bien pour des missions courtes que pour un accompagnement suivi.",
]
BIO_CLOSINGS = [
    "Vous me trouverez souvent au télécentre, le reste du temps à mon bureau.",
    "Premier échange gratuit et sans engagement.",
    "Je réponds à chaque message sous 48 heures.",
    "",
]
CLIENTS = [
    "les artisans et commerçants du département",
    "des PME de la région Auvergne-Rhône-Alpes",
    "des associations et des collectivités",
    "des agences parisiennes et lyonnaises",
    "des exploitations agricoles et des coopératives",
    "des start-up de toute la France",
]
LANGUAGE_SETS = [
    ["fr"],
    ["fr", "en"],
    ["fr", "en", "es"],
    ["fr", "de"],
    ["fr", "oc"],
    ["fr", "en", "it"],
]
COLORS = ["#0b5b4b", "#2f4f6f", "#8a3b12", "#5d7a3a", "#6b3f7a", "#7a5c1e"]


def seed_skills():
    """Creates the starting skills, their synonyms and the trades; returns how many skills
    were created."""
    created = 0
    for name in all_skill_names():
        if not Skill.objects.filter(key=skill_key(name)).exists():
            Skill.objects.create(name=name)
            created += 1
    for name, synonyms in SYNONYMS.items():
        skill = Skill.objects.get(key=skill_key(name))
        for synonym in synonyms:
            if not SkillSynonym.objects.filter(key=skill_key(synonym)).exists():
                SkillSynonym.objects.create(skill=skill, name=synonym)
    load_occupations()
    return created


def load_occupations(rows=None):
    """Creates the starting trades (``occupations_data``) that do not exist yet; returns
    how many were created. Idempotent; never changes what moderators edited."""
    from .occupations_data import OCCUPATIONS

    created = 0
    for name, feminine, abbreviations, skill_names in rows or OCCUPATIONS:
        occupation, is_new = Occupation.objects.get_or_create(
            name=name, defaults={"feminine": feminine, "abbreviations": abbreviations}
        )
        if is_new:
            created += 1
            occupation.skills.set(
                Skill.objects.filter(name__in=skill_names, proposed_by__isnull=True)
            )
    return created


def _avatar(initials, color):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (400, 400), color)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((110, 60, 290, 240), fill="#f3e6d8")
    draw.rectangle((80, 260, 320, 400), fill="#f3e6d8")
    draw.text((185, 140), initials, fill=color)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return Image.objects.create(
        title=f"Photo de profil – démo {initials}",
        file=ImageFile(buffer, name=f"demo-{random.getrandbits(64):016x}.jpg"),
        collection=photo_collection(),
    )


def _state_for(number):
    """Most profiles approved; every state present from 10 profiles on."""
    slot = number % 10
    if slot == 7:
        return Profile.State.SUBMITTED, False
    if slot == 8:
        return Profile.State.APPROVED, True  # hidden by its owner
    if slot == 9:
        return (
            (Profile.State.REJECTED, False) if number % 20 == 19 else (Profile.State.DRAFT, False)
        )
    return Profile.State.APPROVED, False


def _build_profile(number, fake, rng, communes, centres):
    User = get_user_model()
    email = f"freelance-{number:03d}@example.org"
    user = User.objects.filter(email=email).first()
    if user and Profile.objects.filter(user=user).exists():
        return False
    female = rng.random() < 0.5
    first = fake.first_name_female() if female else fake.first_name_male()
    last = fake.last_name()
    if user is None:
        user = User(
            username=f"freelance-{number:03d}", email=email, first_name=first, last_name=last
        )
        dev = getattr(settings, "DEV_EDITOR", None)
        if dev:
            user.set_password(dev["password"])
        else:
            user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )

    category, trades = TRADES[number % len(TRADES)]
    headline = rng.choice(trades)[1 if female else 0]
    skills = rng.sample(SKILLS[category], k=min(len(SKILLS[category]), rng.randint(3, 6)))
    skills += rng.sample(SKILLS["Outils numériques"], k=rng.randint(0, 2))
    commune = rng.choice(communes)
    centre = (
        min(centres, key=lambda c: commune.distance_km(c.commune))
        if centres and rng.random() < 0.65
        else None
    )
    years = rng.randint(2, 25)
    clients = rng.choice(CLIENTS)
    text = [
        rng.choice(BIO_OPENINGS).format(
            years=years,
            clients=clients,
            commune=commune.name,
            e="e" if female else "",
            independant="indépendante" if female else "indépendant",
        ),
        rng.choice(BIO_MIDDLES).format(clients=clients),
        rng.choice(BIO_CLOSINGS),
    ]
    state, hidden = _state_for(number)
    availability = rng.choice(
        [Profile.Availability.NOW] * 3 + [Profile.Availability.FROM, Profile.Availability.NO]
    )
    today = timezone.localdate()
    profile = Profile(
        user=user,
        slug=readable_slug(f"{first} {last}"),
        display_name=f"{first} {last}",
        headline=headline,
        bio="\n\n".join(part for part in text if part),
        languages=rng.choice(LANGUAGE_SETS),
        commune=commune,
        telecentre=centre,
        availability=availability,
        available_from=today + datetime.timedelta(days=rng.randint(7, 90))
        if availability == "from"
        else None,
        work_mode=rng.choice(Profile.WorkMode.values),
        day_rate=rng.choice([None, 250, 300, 350, 400, 450, 500, 600]),
        years_experience=years,
        website=f"https://{fake.domain_word()}.example.fr" if rng.random() < 0.5 else "",
        state=state,
        is_hidden=hidden,
        submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 20))
        if state != Profile.State.DRAFT
        else None,
        rejection_reason="La présentation est trop courte : décrivez vos services et vos références."
        if state == Profile.State.REJECTED
        else "",
    )
    if number % 3 == 0:
        profile.photo = _avatar(first[0] + last[0], COLORS[number % len(COLORS)])
    profile.save()
    profile.skills.set([Skill.objects.resolve_or_create(name) for name in skills])
    if state == Profile.State.APPROVED:
        profile.reviewed_at = timezone.now()
        profile.approved_snapshot = profile.snapshot()
        profile.save(update_fields=["reviewed_at", "approved_snapshot"])
    return True


def seed_profiles(count):
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    communes = list(Commune.objects.order_by("-population", "insee")[:80])
    centres = list(TelecentrePage.objects.live().select_related("commune").order_by("pk"))
    created = 0
    for number in range(1, count + 1):
        # The same draws for profile N whatever exists already: idempotent and stable.
        fake.seed_instance(SEED + number)
        rng.seed(SEED + number)
        with transaction.atomic():
            created += _build_profile(number, fake, rng, communes, centres)
    return created


def seed_directory(stdout=None, options=None):
    options = options or {}
    count = options.get("profiles")
    count = 60 if count is None else count
    skills = seed_skills()
    ensure_moderator_groups()
    _moderator_account()
    profiles = seed_profiles(count)
    if stdout:
        stdout.write(f"Annuaire : {skills} compétence(s) et {profiles} profil(s) créés.")


def _moderator_account():
    """The dev "moderateur" account (home.demo) moderates the directory too."""
    from django.contrib.auth.models import Group

    from .permissions import MODERATORS_GROUP

    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    moderator = get_user_model().objects.filter(username="moderateur").first()
    if group and moderator:
        moderator.groups.add(group)
