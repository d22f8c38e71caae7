"""The demo's English pages (``/en/``), made by ``seed_demo`` after the French ones.

Each page is made by Wagtail's copy for translation (same translation key, the children's
inline rows — opening hours, gallery — copied), then given its English text and published.
Idempotent: a page that already has its English version is left as it is, so editors' changes
survive. The commune pages' English versions are made by ``build_communes``
(``home.commune_builder``). News, events, courses and the reference pages stay in French:
under ``/en/`` they are served in French with a notice (``HomePage.route``).
"""

from django.urls import reverse

from wagtail.models import Locale

from .demo_content import CENTRES
from .models import HomePage, StandardPage, TelecentreIndexPage, TelecentrePage
from .models.newcomers import NewcomersPage
from .newcomers_demo import HUB_SLUG, _cta, _h, _p

LANGUAGE = "en"

HOME = {
    "title": "Home",
    "hero_title": "Work where you live, together",
    "hero_text": "Eight telecentres across the Cantal to work remotely close to home, learn "
    "new skills and meet other freelancers.",
    "hero_cta_label": "Find a telecentre",
    "introduction": "The network of telecentres of the Cantal.",
    "join_title": "Join the network",
    "join_text": "<p>Remote employee, freelancer or business: come and try a telecentre for "
    "a day, free of charge.</p>",
}

CENTRES_INDEX = {
    "title": "The telecentres",
    "introduction": "Eight places to work remotely, all over the department.",
}

CENTRE_TEXT = {
    "aurillac": (
        "Aurillac telecentre – Le Quai numérique",
        "In the heart of the county town, next to the station: a coworking floor and a "
        "business incubator with a digital focus.",
    ),
    "saint-flour": (
        "Saint-Flour telecentre – Maison des services",
        "In the upper town, facing the cathedral: quiet offices looking out on the Margeride "
        "and a videoconference room.",
    ),
    "mauriac": (
        "Mauriac telecentre",
        "A public digital space that also welcomes the remote workers of the north-west of the "
        "department, with a host on site every day.",
    ),
    "murat": (
        "Murat telecentre",
        "At the foot of the Bonnevie rock, a shared office to work between two hikes in the "
        "Cantal mountains.",
    ),
    "riom-es-montagnes": (
        "Riom-ès-Montagnes telecentre",
        "On the Artense plateau, a community third place with a telecentre, a shared workshop "
        "and a café.",
    ),
    "maurs": (
        "Maurs telecentre",
        "In the “little Nice of the Cantal”, a business incubator that rents its offices by the "
        "day or by the month.",
    ),
    "ydes": (
        "Ydes telecentre",
        "On the edge of the Corrèze, a small space equipped for videoconferences and digital "
        "skills courses.",
    ),
    "massiac": (
        "Massiac telecentre",
        "Beside the A75 motorway, an hour from Clermont-Ferrand: the place for commuters who no "
        "longer go to the office every day.",
    ),
}

CENTRE_BODY = (
    "<p>Desks can be booked by the day, the week or the month, with very high speed "
    "broadband, a printer and a meeting room. Your first day is free: call the host to choose "
    "your desk.</p>"
)

HUB = {
    "slug": "moving-here",
    "title": "Moving to the Cantal",
    "introduction": "Wide open spaces, village life and an office fifteen minutes from home: "
    "the newcomers’ guide, topic by topic.",
}


HUB_BODY = [
    _h("Why the Cantal?"),
    _p(
        "The Cantal combines a rare quality of life with a network of telecentres covering the "
        "whole department. Fibre broadband reaches the market towns, and the eight telecentres "
        "of the network offer a desk, a meeting room and, above all, colleagues.",
        "This guide gathers what to know before you move: each topic has its page, and the "
        "newcomers’ welcome desk answers the questions that remain.",
    ),
    {
        "type": "faq",
        "value": {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "Do I need to book a desk in advance?",
                    "answer": "<p>No, but it is advisable on Mondays and Tuesdays. A phone call "
                    "to the telecentre is enough.</p>",
                },
                {
                    "question": "Can I register my business at a telecentre?",
                    "answer": "<p>Yes, in Aurillac, Saint-Flour and Maurs.</p>",
                },
                {
                    "question": "Is there any help to settle here?",
                    "answer": "<p>The Department and the groupings of communes offer help with "
                    "housing and starting a business: the “Support and contacts” page lists "
                    "them, and the welcome desk points you in the right direction.</p>",
                },
            ],
        },
    },
]

TESTIMONIES = [
    {
        "type": "testimony",
        "value": {
            "quote": "I kept my job in Lyon and only go there once a month. The rest of the "
            "time, I work in Murat.",
            "attribution": "Camille, project manager, settled in Murat",
        },
    },
    {
        "type": "testimony",
        "value": {
            "quote": "We were looking for a small school and a real internet connection. In "
            "Riom-ès-Montagnes we found both, and neighbours who helped us settle in.",
            "attribution": "Pieter and Anouk, from the Netherlands",
        },
    },
    {
        "type": "testimony",
        "value": {
            "quote": "I started my translation business when I arrived. The Maurs telecentre "
            "hosts my company’s address and introduced me to my first clients.",
            "attribution": "Hélène, freelance translator",
        },
    },
]


def topics(links):
    """English text of the hub's topic pages, by French slug."""
    return {
        "travailler-ici": {
            "slug": "working-here",
            "title": "Working here: telecentres and very high speed broadband",
            "introduction": "A desk less than thirty minutes from home, a reliable connection "
            "and colleagues to break the isolation.",
            "body": [
                _h("A network of telecentres across the department"),
                _p(
                    "The network’s telecentres welcome remote employees, freelancers and "
                    "business founders by the day, the week or the month. Each has very high "
                    "speed broadband, a printer and a meeting room; most offer videoconferencing.",
                    "Your first day is free: a chance to choose the centre that suits you and "
                    "to meet its host.",
                ),
                _cta(
                    "Find the nearest telecentre",
                    "The network’s map, with each centre’s equipment, opening hours and prices.",
                    "See the telecentres",
                    page=links["centres"],
                ),
                _h("Fibre broadband at home"),
                _p(
                    "Fibre is being rolled out across the department: market towns are "
                    "connected and hamlets are following. Before choosing a home, check its "
                    "eligibility with your internet provider or on Arcep’s national map."
                ),
            ],
        },
        "creer-son-activite": {
            "slug": "starting-a-business",
            "title": "Starting a business",
            "introduction": "Legal status, registered address, first clients: the steps to "
            "start as a freelancer in the Cantal.",
            "body": [
                _h("First steps"),
                _p(
                    "Businesses are registered online through the single window of the French "
                    "industrial property office (INPI). The Cantal’s chambers of commerce and "
                    "of trades help founders choose a legal status and plan their first year.",
                    "Several telecentres can host your company’s registered address and offer "
                    "a shared secretariat.",
                ),
                _cta(
                    "Appear in the freelancers’ directory",
                    "Create your account and describe your skills: your profile is published "
                    "once reviewed.",
                    "See the directory",
                    url=links["directory"],
                ),
            ],
        },
        "se-loger": {
            "slug": "housing",
            "title": "Finding a home",
            "introduction": "Rent to get to know the area, then buy or build: where to look "
            "and who can advise you.",
            "body": [
                _h("Rent first"),
                _p(
                    "Many newcomers rent for a few months before settling: you discover the "
                    "seasons, the distances and village life. Town halls often know of "
                    "council-owned homes to let."
                ),
                _h("Buying or renovating"),
                _p(
                    "The Cantal’s housing information agency (ADIL) gives free advice on "
                    "financing, contracts and tenants’ and owners’ rights. For energy "
                    "renovation, the France Rénov’ public service tells you which grants apply."
                ),
            ],
        },
        "ecoles-et-garde-d-enfants": {
            "slug": "schools-and-childcare",
            "title": "Schools and childcare",
            "introduction": "Primary schools nearby, secondary schools in the towns, and "
            "childcare to arrange early.",
            "body": [
                _h("School"),
                _p(
                    "Most communes have a primary school or share one with their neighbours, "
                    "with a school bus run by the Region. Children are enrolled at the town "
                    "hall, then with the head teacher."
                ),
                _h("Childcare"),
                _p(
                    "Childminders, nurseries and micro-nurseries: the early childhood service "
                    "of your grouping of communes keeps the list of places. Places are scarce "
                    "in some areas: get in touch as soon as your plans take shape."
                ),
            ],
        },
        "sante": {
            "slug": "health",
            "title": "Health",
            "introduction": "Finding a family doctor, the health centres and the hospitals of "
            "the department.",
            "body": [
                _h("Your family doctor"),
                _p(
                    "Multi-professional health centres bring doctors, nurses and other carers "
                    "together in several towns. When you arrive, tell the national health "
                    "insurance your new address; its support service can help you find a "
                    "doctor."
                ),
                _h("Hospitals and emergencies"),
                _p(
                    "There are hospitals in Aurillac, Saint-Flour and Mauriac. In an emergency, "
                    "call 15 (SAMU) or 112."
                ),
            ],
        },
        "se-deplacer": {
            "slug": "getting-around",
            "title": "Getting around",
            "introduction": "The car is the most common way to travel; trains, coaches and "
            "planes link the Cantal to the cities.",
            "body": [
                _h("Every day"),
                _p(
                    "Distances are counted in minutes rather than kilometres: allow more time "
                    "in winter. Car sharing is arranged between neighbours and colleagues."
                ),
                _h("To the cities"),
                _p(
                    "Regional trains link Aurillac to Clermont-Ferrand, Brive and Toulouse; the "
                    "A75 motorway runs along the east of the department, and Aurillac airport "
                    "has flights to Paris."
                ),
            ],
        },
        "aides-et-contacts": {
            "slug": "support-and-contacts",
            "title": "Support and contacts",
            "introduction": "Help to settle here and the people who can answer you, before "
            "and after you arrive.",
            "body": [
                _h("Help available"),
                _p(
                    "Depending on your situation, there is help with housing, starting or "
                    "taking over a business and finding work for your partner. The newcomers’ "
                    "welcome desk helps you find out which applies to you."
                ),
                _cta(
                    "Ask the newcomers’ welcome desk",
                    "Describe your plans: the network’s team answers by email.",
                    "Ask a question",
                    url=links["question"],
                ),
            ],
        },
    }


def translate(page, locale, **fields):
    """``page``'s translation in ``locale``: made by Wagtail's copy for translation, given
    ``fields`` and published when missing; left as it is when it exists. Returns
    ``(translation, created)``."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.draft_title = copy.title
    copy.save_revision().publish()
    return copy, True


def seed_english(stdout=None):
    """The English home page, the centres and the newcomers' hub; returns the number of
    pages created."""
    locale, _new = Locale.objects.get_or_create(language_code=LANGUAGE)
    home_fr = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home_fr is None:
        return 0
    created = 0
    home, new = translate(home_fr, locale, **HOME)
    created += new

    centres_fr = TelecentreIndexPage.objects.child_of(home_fr).first()
    centres, new = translate(centres_fr, locale, **CENTRES_INDEX)
    created += new
    slugs = {data["slug"] for data in CENTRES}
    for centre in TelecentrePage.objects.child_of(centres_fr).filter(slug__in=slugs):
        title, introduction = CENTRE_TEXT[centre.slug]
        body = [{"type": "paragraph", "value": CENTRE_BODY}]
        _page, new = translate(centre, locale, title=title, introduction=introduction, body=body)
        created += new

    hub_fr = NewcomersPage.objects.child_of(home_fr).filter(slug=HUB_SLUG).first()
    if hub_fr is not None:
        hub, new = translate(hub_fr, locale, body=HUB_BODY, testimonies=TESTIMONIES, **HUB)
        created += new
        links = {
            "centres": centres,
            "directory": reverse("search:directory"),
            "question": hub.url + "question/",
        }
        texts = topics(links)
        for topic in StandardPage.objects.child_of(hub_fr):
            if topic.slug in texts:
                _page, new = translate(topic, locale, **texts[topic.slug])
                created += new

    home = HomePage.objects.get(pk=home.pk)  # its children counted (the tree's numchild)
    if home.hero_cta_page_id == centres_fr.pk:  # the copy still points to the French page
        home.hero_cta_page = centres
        home.save_revision().publish()
    return created
