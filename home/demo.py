"""Demo content for the network's pages: real Cantal towns, plausible centres, news in French.

Idempotent: every object is found by its slug (or natural key) before being created.
"""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images.models import Image
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage

from portal.base_url import site_fields

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

CENTRES = [
    {
        "title": "Télécentre d’Aurillac – Le Quai numérique",
        "slug": "aurillac",
        "insee": "15014",
        "street_address": "14 avenue de la République",
        "host_structure": "incubator",
        "introduction": "Au cœur de la préfecture, à deux pas de la gare, un plateau de coworking "
        "et une pépinière d’entreprises tournée vers le numérique.",
        "desks": 24,
        "broadband_mbps": 1000,
        "flags": [
            "meeting_room",
            "videoconference",
            "printer",
            "phone_line",
            "kitchen",
            "animator",
            "secretariat",
            "mail_domiciliation",
            "training_room",
            "accessible",
        ],
        "prices": ("15.00", "180.00", "20.00"),
        "hours": [(d, "08:30", "19:00") for d in range(5)] + [(5, "09:00", "12:30")],
        "contact": ("Claire Vermenouze", "04 71 45 60 10", "aurillac@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Saint-Flour – Maison des services",
        "slug": "saint-flour",
        "insee": "15187",
        "street_address": "2 place d’Armes",
        "host_structure": "msap",
        "introduction": "Dans la ville haute, face à la cathédrale, des bureaux calmes avec vue sur la "
        "Margeride et une salle de visioconférence.",
        "desks": 12,
        "broadband_mbps": 500,
        "flags": [
            "meeting_room",
            "videoconference",
            "printer",
            "kitchen",
            "animator",
            "mail_domiciliation",
            "accessible",
        ],
        "prices": ("12.00", "150.00", "15.00"),
        "hours": [(d, "09:00", "18:00") for d in range(5)],
        "contact": ("Julien Chassang", "04 71 60 22 40", "saint-flour@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Mauriac",
        "slug": "mauriac",
        "insee": "15120",
        "street_address": "5 rue du Collège",
        "host_structure": "epn",
        "introduction": "Un espace public numérique qui accueille aussi les télétravailleurs du nord-ouest "
        "du département, avec un animateur présent chaque jour.",
        "desks": 8,
        "broadband_mbps": 300,
        "flags": ["meeting_room", "printer", "animator", "training_room", "accessible"],
        "prices": ("10.00", "120.00", "12.00"),
        "hours": [(d, "09:00", "17:30") for d in range(1, 6)],
        "contact": ("Sophie Lavergne", "04 71 67 30 55", "mauriac@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Murat",
        "slug": "murat",
        "insee": "15138",
        "street_address": "8 rue Porte-Saint-Esprit",
        "host_structure": "msap",
        "introduction": "Au pied du rocher de Bonnevie, un bureau partagé pour travailler entre deux "
        "randonnées dans les monts du Cantal.",
        "desks": 6,
        "broadband_mbps": 200,
        "flags": ["videoconference", "printer", "kitchen"],
        "prices": ("10.00", "110.00", None),
        "hours": [(d, "08:30", "18:00") for d in range(5)],
        "contact": ("Bernard Roux", "04 71 20 03 80", "murat@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Riom-ès-Montagnes",
        "slug": "riom-es-montagnes",
        "insee": "15162",
        "street_address": "1 place du Monument",
        "host_structure": "other",
        "introduction": "Sur le plateau de l’Artense, un tiers-lieu associatif avec télécentre, "
        "atelier partagé et café.",
        "desks": 10,
        "broadband_mbps": 300,
        "flags": [
            "meeting_room",
            "videoconference",
            "printer",
            "kitchen",
            "animator",
            "accessible",
        ],
        "prices": ("8.00", "100.00", "10.00"),
        "hours": [(d, "09:00", "18:00") for d in range(4)] + [(4, "09:00", "16:00")],
        "contact": ("Élodie Fabre", "04 71 78 12 34", "riom@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Maurs",
        "slug": "maurs",
        "insee": "15122",
        "street_address": "3 avenue du Général-de-Gaulle",
        "host_structure": "incubator",
        "introduction": "Dans la « petite Nice du Cantal », une pépinière d’entreprises qui loue ses "
        "bureaux à la journée comme au mois.",
        "desks": 9,
        "broadband_mbps": 500,
        "flags": [
            "meeting_room",
            "printer",
            "phone_line",
            "secretariat",
            "mail_domiciliation",
            "accessible",
        ],
        "prices": ("12.00", "140.00", "15.00"),
        "hours": [(d, "08:00", "18:00") for d in range(5)],
        "contact": ("Thierry Delmas", "04 71 49 05 21", "maurs@cybercantal.fr"),
    },
    {
        "title": "Télécentre d’Ydes",
        "slug": "ydes",
        "insee": "15265",
        "street_address": "12 rue de la Gare",
        "host_structure": "epn",
        "introduction": "Aux portes de la Corrèze, un petit espace équipé pour les visioconférences "
        "et les formations au numérique.",
        "desks": 5,
        "broadband_mbps": 100,
        "flags": ["videoconference", "printer", "training_room"],
        "prices": ("8.00", "90.00", None),
        "hours": [(0, "13:30", "18:00")] + [(d, "09:00", "18:00") for d in range(1, 5)],
        "contact": ("Nadia Benali", "04 71 40 62 17", "ydes@cybercantal.fr"),
    },
    {
        "title": "Télécentre de Massiac",
        "slug": "massiac",
        "insee": "15119",
        "street_address": "20 avenue du Général-de-Gaulle",
        "host_structure": "msap",
        "introduction": "Au bord de l’A75, à une heure de Clermont-Ferrand, le télécentre idéal pour "
        "les navetteurs qui ne vont plus au bureau tous les jours.",
        "desks": 7,
        "broadband_mbps": 300,
        "flags": ["meeting_room", "videoconference", "printer", "kitchen", "accessible"],
        "prices": ("10.00", "120.00", "12.00"),
        "hours": [(d, "08:30", "17:30") for d in range(5)],
        "contact": ("Pierre Mallet", "04 71 23 07 76", "massiac@cybercantal.fr"),
    },
]

NEWS = [
    (
        "La fibre arrive à Ydes : 1 Gbit/s au télécentre dès le printemps",
        "Le raccordement du télécentre d’Ydes au réseau très haut débit départemental est programmé.",
        ["très haut débit"],
        "ydes",
    ),
    (
        "Le réseau accueille son 150e télétravailleur",
        "Depuis sa création, le réseau n’a jamais compté autant d’utilisateurs réguliers.",
        ["réseau"],
        None,
    ),
    (
        "Un café-coworking chaque premier mardi du mois à Riom-ès-Montagnes",
        "Télétravailleurs, indépendants et curieux se retrouvent autour d’un café pour échanger.",
        ["rencontres"],
        "riom-es-montagnes",
    ),
    (
        "Venir s’installer dans le Cantal : le guide 2026 est paru",
        "Logement, garde d’enfants, emploi du conjoint : le nouveau guide répond aux questions des "
        "nouveaux arrivants.",
        ["s’installer"],
        None,
    ),
    (
        "Formation : bien démarrer comme indépendant",
        "Un cycle de cinq ateliers pour passer du salariat à l’activité indépendante sans faux pas.",
        ["formation"],
        "aurillac",
    ),
    (
        "Saint-Flour ouvre une salle de visioconférence",
        "Écran, caméra grand angle et micro de table : la salle peut accueillir dix personnes.",
        ["équipement"],
        "saint-flour",
    ),
    (
        "Les entreprises du bassin d’Aurillac recrutent à distance",
        "Plusieurs employeurs locaux proposent désormais des postes en télétravail partiel.",
        ["emploi"],
        "aurillac",
    ),
    (
        "Tarifs 2026 : la journée reste à moins de 15 €",
        "Le conseil d’administration a voté des tarifs stables pour toute l’année.",
        ["réseau"],
        None,
    ),
    (
        "Mauriac : l’espace numérique passe en horaires d’été",
        "Du 1er juillet au 31 août, le télécentre ouvre du mardi au samedi.",
        ["horaires"],
        "mauriac",
    ),
    (
        "Retour sur la journée des tiers-lieux du Massif central",
        "Cent vingt participants ont échangé à Massiac sur l’avenir du travail à la campagne.",
        ["rencontres"],
        "massiac",
    ),
    (
        "Maurs propose la domiciliation d’entreprise",
        "Les créateurs d’entreprise peuvent désormais domicilier leur siège au télécentre.",
        ["services"],
        "maurs",
    ),
    (
        "Murat : un télécentre au pied des volcans",
        "Skieurs l’hiver, randonneurs l’été : les télétravailleurs de Murat profitent du grand air.",
        ["s’installer"],
        "murat",
    ),
]

# « Venir s’installer » is the newcomers' hub: home.newcomers_demo.
STANDARD_PAGES = [
    {
        "slug": "qu-est-ce-qu-un-telecentre",
        "title": "Qu’est-ce qu’un télécentre ?",
        "introduction": "Un bureau partagé près de chez vous, pour travailler à distance sans "
        "travailler seul.",
        "show_in_menus": True,
        "body": [
            {
                "type": "paragraph",
                "value": "<p>Un télécentre est un lieu équipé (postes de travail, "
                "connexion très haut débit, imprimante, salle de réunion) ouvert aux salariés en "
                "télétravail, aux indépendants et aux créateurs d’entreprise. On y vient à la journée, "
                "à la semaine ou au mois.</p>",
            },
            {"type": "heading", "value": {"text": "Ce que le réseau apporte", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<ul><li>des tarifs identiques dans tous les centres ;</li>"
                "<li>des formations aux outils du travail à distance ;</li><li>des rencontres pour "
                "rompre l’isolement ;</li><li>un annuaire des indépendants du territoire.</li></ul>",
            },
        ],
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "introduction": "Éditeur du site, hébergement et propriété intellectuelle.",
        "show_in_menus": False,
        "body": [
            {"type": "heading", "value": {"text": "Éditeur", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Réseau CyberCantal Télécentres, association loi 1901. "
                "Directeur de la publication : le président de l’association.</p>",
            },
            {"type": "heading", "value": {"text": "Hébergement", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Le site est hébergé en France.</p>"},
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "introduction": "Quelles données nous conservons, pourquoi, combien de temps, et comment "
        "exercer vos droits.",
        "show_in_menus": False,
        "body": [
            {"type": "heading", "value": {"text": "Ce que nous conservons", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<ul>"
                "<li><b>Votre compte</b> : votre adresse électronique, votre mot de passe (chiffré, "
                "jamais lisible), les dates de création et de dernière connexion ; tant que le "
                "compte existe.</li>"
                "<li><b>Votre profil dans l’annuaire</b> : ce que vous rédigez vous-même et votre "
                "photo, visibles seulement après validation et tant que vous le souhaitez. Votre "
                "adresse électronique n’est jamais publiée. Un profil qui n’a pas été confirmé "
                "depuis sept mois n’est plus affiché.</li>"
                "<li><b>Les messages reçus</b> par le formulaire de contact de l’annuaire : ils vous "
                "sont transmis par courriel ; nous en gardons une copie, avec l’adresse IP de "
                f"l’expéditeur, {settings.CONTACT_MESSAGE_RETENTION_DAYS} jours pour traiter les "
                "abus, puis elle est effacée.</li>"
                "<li><b>Les inscriptions aux événements et formations</b> : nom, courriel, "
                "structure et téléphone facultatifs, statut (confirmée, liste d’attente, annulée) et "
                "présence, le temps d’organiser la rencontre ; "
                f"{settings.REGISTRATION_RETENTION_DAYS} jours après la date, elles sont "
                "anonymisées : il ne reste que des chiffres (nombre d’inscrits et de présents), "
                "sans nom.</li>"
                "<li><b>Les courriels</b> que le site vous envoie (confirmation, rappel, messages "
                "des organisateurs…) : chacun est enregistré dans une file d’envoi, gardé jusqu’à "
                "ce qu’il parte, puis effacé avec l’inscription qu’il concerne ou au plus tard "
                f"{settings.REGISTRATION_RETENTION_DAYS} jours après son envoi.</li>"
                "<li><b>Les journaux techniques</b> du serveur (adresse IP, date, page demandée) "
                "servent à la sécurité du site et sont effacés au bout de douze mois au plus ; "
                "les compteurs qui limitent les abus (tentatives de connexion, messages envoyés) "
                "ne gardent une adresse IP qu’une heure au plus.</li>"
                "</ul>",
            },
            {"type": "heading", "value": {"text": "Supprimer votre compte", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Supprimer votre compte efface, en une seule fois : votre compte et "
                "ses adresses, votre profil, sa photo, ses compétences, les messages reçus et son "
                "entrée dans la recherche du site, les courriels qui vous sont adressés ; vos "
                "inscriptions à venir sont annulées (votre place revient à la première personne "
                "en liste d’attente) et toutes vos inscriptions sont anonymisées. Le message qui "
                "confirme la suppression dit ce qui a été effacé.</p>",
            },
            {"type": "heading", "value": {"text": "Vos droits", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Vous pouvez télécharger vos données (compte, profil, messages "
                "reçus, inscriptions avec leur statut et votre présence, courriels) ou supprimer "
                "votre compte à tout moment depuis votre espace personnel. Sans compte, chaque "
                "courriel d’inscription contient un lien pour voir ou annuler l’inscription. Pour "
                "toute question, écrivez au délégué à la protection des données de "
                "l’association.</p>",
            },
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d’accessibilité",
        "introduction": "Le réseau CyberCantal Télécentres s’engage à rendre son site accessible "
        "conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.",
        "show_in_menus": False,
        "body": [
            {"type": "heading", "value": {"text": "État de conformité", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Le site est partiellement conforme au référentiel "
                "général d’amélioration de l’accessibilité (RGAA 4.1). Les pages principales sont "
                "vérifiées automatiquement à chaque modification.</p>",
            },
            {
                "type": "heading",
                "value": {"text": "Retour d’information et contact", "level": "h2"},
            },
            {
                "type": "paragraph",
                "value": "<p>Si vous ne pouvez pas accéder à un contenu, "
                "contactez-nous pour obtenir une alternative accessible.</p>",
            },
        ],
    },
]


# The body of each news item: what the lead announces, told further (never the lead again).
NEWS_BODIES = [
    "<p>Les travaux de raccordement commencent en février. Pendant deux jours, la connexion "
    "passera par un relais 4G ; les animateurs préviendront les abonnés une semaine avant.</p>"
    "<p>Une fois la fibre en service, la salle de réunion pourra accueillir des "
    "visioconférences à plusieurs sites sans coupure.</p>",
    "<p>Salariés d’entreprises de Clermont-Ferrand, de Lyon ou de Paris, indépendants et "
    "créateurs : ils viennent chaque semaine dans l’un des huit centres. Un sur trois s’est "
    "installé dans le Cantal depuis moins de cinq ans.</p>",
    "<p>Le rendez-vous a lieu de 9 h à 11 h dans la salle commune. Chacun présente son "
    "activité en deux minutes, puis les échanges continuent librement. L’entrée est libre, "
    "l’inscription permet de prévoir les croissants.</p>",
    "<p>Logement, écoles, santé, aides à la création d’activité : le guide rassemble ce qu’il "
    "faut savoir avant de poser ses valises. Il est disponible dans chaque télécentre et "
    "auprès de l’accueil des nouveaux arrivants.</p>",
    "<p>Statut, premiers devis, assurance, facturation : quatre demi-journées pour poser les "
    "bases. La formation a lieu à Aurillac et à Saint-Flour ; elle peut être prise en charge "
    "par votre compte personnel de formation.</p>",
    "<p>La salle compte huit places, un écran de 75 pouces et un système de son pour les "
    "réunions hybrides. Elle se réserve à l’heure auprès de l’animatrice du centre.</p>",
    "<p>Une dizaine d’entreprises du bassin cherchent des profils en informatique, en "
    "comptabilité et en communication, à temps plein ou en mission. L’annuaire des "
    "indépendants leur permet de trouver des compétences tout près.</p>",
    "<p>Le conseil d’administration a maintenu les tarifs de l’an dernier : 15 € la journée, "
    "180 € le mois au plus, avec une première journée offerte pour découvrir un centre.</p>",
    "<p>Du 1er juillet au 31 août, l’espace ouvre de 8 h à 13 h du lundi au vendredi. Les "
    "abonnés au mois gardent l’accès à leur poste l’après-midi avec leur badge.</p>",
    "<p>Cent vingt participants venus de cinq départements ont échangé sur l’animation des "
    "lieux, le financement et l’accueil des nouveaux habitants. Les présentations sont "
    "disponibles sur demande.</p>",
    "<p>Une adresse professionnelle, la réception du courrier et sa mise à disposition : "
    "le service est ouvert aux entreprises créées dans le Cantal, à un tarif mensuel.</p>",
    "<p>Six postes, une salle de réunion et une vue sur le Plomb du Cantal : le télécentre "
    "de Murat accueille aussi les randonneurs qui veulent relever leurs messages.</p>",
]

# What each centre adds to its lead: how one works there.
CENTRE_BODIES = [
    "<p>Le plateau se réserve à la journée ou au mois ; les résidents de la pépinière "
    "bénéficient d’un accompagnement à la création d’entreprise. Le premier jour est offert : "
    "appelez l’accueil pour choisir votre poste.</p>",
    "<p>La maison des services regroupe sous un même toit l’accueil de la communauté de "
    "communes, une permanence France services et l’espace de télétravail. Le badge donne accès "
    "au centre de 7 h 30 à 20 h en semaine.</p>",
    "<p>L’espace accueille chaque semaine des salariés en télétravail et des élèves de la "
    "formation à distance. La salle de réunion peut être réservée en dehors des heures "
    "d’ouverture sur demande.</p>",
    "<p>Au pied des volcans, un lieu calme pour se concentrer, à deux pas de la gare. On y "
    "croise des indépendants du tourisme, de l’artisanat et du numérique.</p>",
    "<p>Le centre organise chaque premier mardi du mois un café-coworking ouvert à tous. Les "
    "postes se réservent à la demi-journée.</p>",
    "<p>Le télécentre propose la domiciliation d’entreprise et un secrétariat partagé pour "
    "les indépendants de la Châtaigneraie.</p>",
    "<p>Un petit espace convivial dans l’ancienne gare, avec une cuisine partagée et un "
    "jardin. La fibre arrive au printemps.</p>",
    "<p>Sur l’axe de l’A75, un lieu pratique pour qui partage sa semaine entre le Cantal et "
    "Clermont-Ferrand. Le centre accueille aussi des conférences.</p>",
]


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
                    "external_url": absolute("/compte/signup/"),
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
        commune = Commune.objects.get(insee=data["insee"])
        flags = dict.fromkeys(data["flags"], True)
        price_day, price_month, price_room = data["prices"]
        name, phone, email = data["contact"]
        centre, new = _child(
            telecentres,
            TelecentrePage,
            data["slug"],
            title=data["title"],
            commune=commune,
            street_address=data["street_address"],
            host_structure=data["host_structure"],
            introduction=data["introduction"],
            desks=data["desks"],
            broadband_mbps=data["broadband_mbps"],
            price_day=price_day,
            price_month=price_month,
            price_meeting_room_hour=price_room,
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            body=[{"type": "paragraph", "value": CENTRE_BODIES[index % len(CENTRE_BODIES)]}],
            **flags,
        )
        if new:
            created += 1
            for order, (weekday, opens, closes) in enumerate(data["hours"]):
                OpeningHours.objects.create(
                    page=centre,
                    weekday=weekday,
                    sort_order=order,
                    opens=datetime.time.fromisoformat(opens),
                    closes=datetime.time.fromisoformat(closes),
                )
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
