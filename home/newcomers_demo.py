"""The demo newcomers' hub (``/venir-s-installer/``) and its topic pages (``seed_demo``).

Idempotent: pages are created when missing, never rewritten. A site seeded before the hub
existed has the demo's standard page at that address: the hub replaces it. The only contact given is the network's own (site settings).
"""

from .models import NewsPage, StandardPage
from .models.newcomers import NewcomersPage

HUB_SLUG = "venir-s-installer"
GUIDE_NEWS_TITLE = "Venir s’installer dans le Cantal : le guide 2026 est paru"

HUB = {
    "title": "Venir s’installer dans le Cantal",
    "introduction": "Des grands espaces, une vie de village, et un bureau à quinze minutes de "
    "chez vous : le guide de l’accueil des nouveaux arrivants, thème par thème.",
    "show_in_menus": True,
}

FAQ = {
    "type": "faq",
    "value": {
        "title": "Questions fréquentes",
        "items": [
            {
                "question": "Faut-il réserver un poste à l’avance ?",
                "answer": "<p>Non, mais c’est conseillé les lundis et mardis. Un appel au "
                "télécentre suffit.</p>",
            },
            {
                "question": "Puis-je domicilier mon entreprise dans un télécentre ?",
                "answer": "<p>Oui, à Aurillac, Saint-Flour et Maurs.</p>",
            },
            {
                "question": "Existe-t-il des aides à l’installation ?",
                "answer": "<p>Le Département et les communautés de communes proposent des aides "
                "au logement et à la création d’activité : la page « Aides et contacts » les "
                "présente, et l’accueil des nouveaux arrivants vous oriente.</p>",
            },
        ],
    },
}

HUB_BODY = [
    {"type": "heading", "value": {"text": "Pourquoi le Cantal ?", "level": "h2"}},
    {
        "type": "paragraph",
        "value": "<p>Le Cantal conjugue une qualité de vie rare et un réseau de télécentres qui "
        "couvre tout le département. La fibre optique dessert les bourgs-centres, et les huit "
        "télécentres du réseau offrent un poste de travail, une salle de réunion et, surtout, "
        "des collègues.</p><p>Ce guide rassemble ce qu’il faut savoir avant de poser ses "
        "valises : chaque thème a sa page, et l’accueil des nouveaux arrivants répond aux "
        "questions qui restent.</p>",
    },
    FAQ,
]

TESTIMONIES = [
    {
        "type": "testimony",
        "value": {
            "quote": "Je garde mon poste à Lyon et je n’y vais plus qu’une fois par mois. Le reste "
            "du temps, je travaille à Murat.",
            "attribution": "Camille, cheffe de projet, installée à Murat",
        },
    },
    {
        "type": "testimony",
        "value": {
            "quote": "Nous cherchions une école à taille humaine et un vrai débit internet. À "
            "Riom-ès-Montagnes, nous avons trouvé les deux, et des voisins qui nous ont aidés à "
            "nous installer.",
            "attribution": "Pieter et Anouk, arrivés des Pays-Bas",
        },
    },
    {
        "type": "testimony",
        "value": {
            "quote": "J’ai créé mon activité de traduction en arrivant. Le télécentre de Maurs "
            "domicilie mon entreprise et m’a mis en relation avec mes premiers clients.",
            "attribution": "Hélène, traductrice indépendante",
        },
    },
]


def _p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _cta(title, text, label, page=None, url=""):
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": text,
            "label": label,
            "page": page.pk if page else None,
            "external_url": url,
        },
    }


def topics(links):
    """The topic pages, in order; ``links``: pages and addresses they point to."""
    contact = links["contact"]
    return [
        {
            "slug": "travailler-ici",
            "title": "Travailler ici : les télécentres et le très haut débit",
            "introduction": "Un poste de travail à moins de trente minutes de chez soi, une "
            "connexion fiable, et des collègues pour rompre l’isolement.",
            "body": [
                _h("Un réseau de télécentres dans tout le département"),
                _p(
                    "Les télécentres du réseau accueillent à la journée, à la semaine ou au mois "
                    "les salariés en télétravail, les indépendants et les créateurs d’activité. "
                    "Chacun dispose d’une connexion très haut débit, d’une imprimante et d’une "
                    "salle de réunion ; la plupart proposent la visioconférence.",
                    "La première journée est offerte : c’est l’occasion de choisir le centre qui "
                    "vous convient et de rencontrer son animateur.",
                ),
                _cta(
                    "Trouver le télécentre le plus proche",
                    "La carte du réseau, les équipements, les horaires et les tarifs de chaque "
                    "centre.",
                    "Voir les télécentres",
                    page=links["centres"],
                ),
                _h("La fibre et le très haut débit à domicile"),
                _p(
                    "Le déploiement de la fibre optique se poursuit dans le département ; les "
                    "bourgs-centres sont raccordés et les hameaux le sont progressivement. Avant "
                    "de choisir un logement, vérifiez son éligibilité sur le site de votre "
                    "fournisseur d’accès ou sur la carte nationale de l’Arcep, « Ma connexion "
                    "internet ».",
                    "Là où la fibre n’est pas encore arrivée, les offres 4G fixes ou par "
                    "satellite permettent de travailler en attendant ; le télécentre prend le "
                    "relais pour les visioconférences exigeantes.",
                ),
            ],
        },
        {
            "slug": "creer-son-activite",
            "title": "Créer son activité",
            "introduction": "Statut, domiciliation, premiers clients : les étapes pour lancer "
            "une activité indépendante dans le Cantal.",
            "body": [
                _h("Les premières démarches"),
                _p(
                    "Les formalités de création se font en ligne sur le guichet unique de "
                    "l’Institut national de la propriété industrielle (INPI). La chambre de "
                    "commerce et d’industrie et la chambre de métiers et de l’artisanat du Cantal "
                    "accompagnent les créateurs : réunions d’information, aide au choix du "
                    "statut, prévisionnel.",
                    "Plusieurs télécentres proposent la domiciliation de votre entreprise et un "
                    "secrétariat partagé : une adresse professionnelle dès le premier jour.",
                ),
                _h("Se former et se faire connaître"),
                _p(
                    "Le réseau organise des ateliers pour bien démarrer comme indépendant et "
                    "trouver ses premiers clients. L’annuaire du réseau permet aux entreprises du "
                    "territoire de vous trouver et de vous écrire."
                ),
                _cta(
                    "Figurer dans l’annuaire des indépendants",
                    "Créez votre compte et décrivez vos compétences : votre profil est publié "
                    "après relecture.",
                    "Voir l’annuaire",
                    url=links["directory"],
                ),
            ],
        },
        {
            "slug": "se-loger",
            "title": "Se loger",
            "introduction": "Louer pour découvrir, puis acheter ou faire construire : où "
            "chercher, et qui peut vous conseiller.",
            "body": [
                _h("Louer d’abord"),
                _p(
                    "Beaucoup de nouveaux arrivants louent pendant quelques mois avant de se "
                    "fixer : on découvre ainsi les saisons, les distances et la vie des villages. "
                    "Les mairies connaissent souvent les logements communaux disponibles ; les "
                    "bailleurs sociaux du département publient leurs offres en ligne.",
                ),
                _h("Acheter ou rénover"),
                _p(
                    "L’Agence départementale d’information sur le logement (ADIL) du Cantal "
                    "conseille gratuitement sur le financement, les contrats et les droits des "
                    "propriétaires et des locataires. Pour une rénovation énergétique, le service "
                    "public France Rénov’ indique les aides auxquelles vous avez droit.",
                    "Certaines communes et communautés de communes aident l’installation de "
                    "nouveaux habitants (achat dans un bourg-centre, réhabilitation d’un logement "
                    "vacant) : renseignez-vous auprès de la mairie de la commune qui vous "
                    "intéresse.",
                ),
            ],
        },
        {
            "slug": "ecoles-et-garde-d-enfants",
            "title": "Écoles et garde d’enfants",
            "introduction": "Des écoles de proximité, des collèges et lycées dans les villes, "
            "et des modes de garde à organiser tôt.",
            "body": [
                _h("L’école"),
                _p(
                    "La plupart des communes ont une école ou font partie d’un regroupement "
                    "pédagogique intercommunal, avec un transport scolaire organisé par la "
                    "Région. L’inscription se fait à la mairie, puis auprès du directeur de "
                    "l’école.",
                    "Collèges et lycées se trouvent dans les villes du département ; les lycées "
                    "proposent un internat pour les élèves éloignés.",
                ),
                _h("La garde des jeunes enfants"),
                _p(
                    "Assistantes maternelles, crèches et microcrèches : le relais petite enfance "
                    "de votre communauté de communes tient la liste des places et vous aide dans "
                    "vos démarches. Le site de la caisse d’allocations familiales recense les "
                    "modes de garde par commune. Les places sont rares dans certains secteurs : "
                    "prenez contact dès que votre projet se précise.",
                ),
            ],
        },
        {
            "slug": "sante",
            "title": "Santé",
            "introduction": "Trouver un médecin traitant, connaître les maisons de santé et "
            "l’offre hospitalière du département.",
            "body": [
                _h("Le médecin traitant"),
                _p(
                    "Les maisons de santé pluriprofessionnelles réunissent médecins, infirmiers "
                    "et autres soignants dans plusieurs bourgs du département. Dès votre arrivée, "
                    "déclarez votre changement d’adresse à l’Assurance maladie ; si vous ne "
                    "trouvez pas de médecin traitant, sa plateforme d’accompagnement peut vous "
                    "aider.",
                ),
                _h("L’hôpital et les urgences"),
                _p(
                    "Le département compte des centres hospitaliers à Aurillac, Saint-Flour et "
                    "Mauriac. En cas d’urgence, composez le 15 (SAMU) ou le 112.",
                ),
            ],
        },
        {
            "slug": "se-deplacer",
            "title": "Se déplacer",
            "introduction": "La voiture reste le moyen le plus courant ; le train, le car et "
            "l’avion relient le Cantal aux grandes villes.",
            "body": [
                _h("Au quotidien"),
                _p(
                    "Les distances se comptent en minutes plutôt qu’en kilomètres : prévoyez des "
                    "temps de trajet plus longs l’hiver. Le covoiturage s’organise entre "
                    "voisins et collègues ; plusieurs communautés de communes proposent un "
                    "transport à la demande pour les rendez-vous de santé et les courses.",
                ),
                _h("Vers les grandes villes"),
                _p(
                    "Des trains régionaux relient Aurillac à Clermont-Ferrand, Brive et Toulouse ; "
                    "l’autoroute A75 longe l’est du département, et l’aéroport d’Aurillac assure "
                    "une liaison avec Paris. Beaucoup de télétravailleurs du réseau ne se rendent "
                    "au siège de leur employeur que quelques jours par mois.",
                ),
            ],
        },
        {
            "slug": "aides-et-contacts",
            "title": "Aides et contacts",
            "introduction": "Les aides à l’installation et les interlocuteurs qui peuvent vous "
            "répondre, avant et après votre arrivée.",
            "body": [
                _h("Les aides"),
                _p(
                    "Selon votre situation, des aides existent pour le logement (accession, "
                    "rénovation), la création ou la reprise d’activité et l’emploi du conjoint. "
                    "Elles dépendent de la commune, de la communauté de communes, du Département "
                    "et de la Région : l’accueil des nouveaux arrivants vous aide à savoir "
                    "lesquelles vous concernent.",
                ),
                _h("Vos interlocuteurs"),
                _p(
                    "Les espaces France services accompagnent les démarches administratives "
                    "(impôts, retraite, allocations, permis). La mairie de votre future commune "
                    "reste le premier contact pour l’école, le logement communal et la vie "
                    "locale.",
                    "Pour toute question sur le télétravail et les télécentres, écrivez au réseau "
                    f'à <a href="mailto:{contact["email"]}">{contact["email"]}</a>'
                    + (f" ou appelez le {contact['phone']}" if contact.get("phone") else "")
                    + ".",
                ),
                _cta(
                    "Poser une question à l’accueil des nouveaux arrivants",
                    "Décrivez votre projet : l’équipe du réseau vous répond par courriel.",
                    "Poser une question",
                    url=links["question"],
                ),
            ],
        },
    ]


def seed_newcomers(home, telecentres):
    """The hub, its topic pages and the guide's news item linked to it; returns the
    number of pages created."""
    from django.urls import reverse

    from .models import SiteSettings

    created = 0
    hub = NewcomersPage.objects.child_of(home).filter(slug=HUB_SLUG).first()
    if hub is None:
        old = StandardPage.objects.child_of(home).filter(slug=HUB_SLUG).first()
        if old is not None:  # the demo's former single page: the hub takes its place
            old.delete()
        hub = NewcomersPage(slug=HUB_SLUG, body=HUB_BODY, testimonies=TESTIMONIES, **HUB)
        home.add_child(instance=hub)
        hub.save_revision().publish()
        created += 1

    settings = SiteSettings.load()
    links = {
        "centres": telecentres,
        "directory": reverse("search:directory"),
        "question": hub.url + "question/",
        "contact": {"email": settings.email or "contact@cybercantal.fr", "phone": settings.phone},
    }
    for data in topics(links):
        if StandardPage.objects.child_of(hub).filter(slug=data["slug"]).exists():
            continue
        page = StandardPage(show_in_menus=False, **data)
        hub.add_child(instance=page)
        page.save_revision().publish()
        created += 1

    link_guide_news(hub)
    state_retention_on_privacy_page(home)
    return created


def state_retention_on_privacy_page(home):
    """The privacy page says how long the welcome desk keeps a question (once)."""
    from django.conf import settings

    page = StandardPage.objects.child_of(home).filter(slug="donnees-personnelles").first()
    if page is None or "accueil des nouveaux arrivants" in str(page.body.raw_data):
        return
    days = settings.WELCOME_QUESTION_RETENTION_DAYS
    page.body = list(page.body.raw_data) + [
        _h("Les questions posées à l’accueil des nouveaux arrivants"),
        _p(
            "Le formulaire « Poser une question à l’accueil des nouveaux arrivants » enregistre "
            "votre nom, votre adresse électronique, la commune envisagée, votre question et "
            "l’adresse IP d’envoi (pour prévenir les abus). L’équipe du réseau les lit et vous "
            "répond par courriel ; la question et nos réponses sont effacées "
            f"{days} jours après le dernier message. Elles figurent dans l’export de vos "
            "données et sont effacées avec votre compte si elles ont été envoyées depuis l’une "
            "de ses adresses."
        ),
    ]
    page.save_revision().publish()


def link_guide_news(hub):
    """« le guide 2026 est paru » points to the guide (the hub), once."""
    news = NewsPage.objects.filter(title=GUIDE_NEWS_TITLE).first()
    if news is None or any(block.block_type == "call_to_action" for block in news.body):
        return
    news.body = list(news.body.raw_data) + [
        {
            "type": "call_to_action",
            "value": {
                "title": "Lire le guide en ligne",
                "text": "Logement, écoles, santé, mobilité, création d’activité : chaque thème "
                "a sa page, et l’accueil des nouveaux arrivants répond à vos questions.",
                "label": "Venir s’installer dans le Cantal",
                "page": hub.pk,
                "external_url": "",
            },
        }
    ]
    news.save_revision().publish()
