"""The demo training calendar's content: the courses (with their sessions as day offsets,
centres and hours) and the learning path. ``training.demo`` builds the pages from it."""

from events.vocabularies import Audience

from .vocabularies import Theme

T = Theme
A = Audience
VISIO = "https://visio.cybercantal.fr/formation-"
CPF = (
    "<p>Éligible au CPF (Compte personnel de formation). Demandeurs d’emploi : prise en charge "
    "possible par France Travail, parlez-en à votre conseiller avant de vous inscrire.</p>"
)
FREE = "<p>Gratuit, financé par le Département du Cantal et la Région Auvergne-Rhône-Alpes.</p>"
OPCO = (
    "<p>Salariés et employeurs : prise en charge par votre OPCO au titre du plan de "
    "développement des compétences. Nous fournissons le devis et la convention.</p>"
)

# sessions: (days from today, hour, centre slug or None for online, capacity)
COURSES = [
    {
        "slug": "bien-demarrer-en-teletravail",
        "title": "Bien démarrer en télétravail",
        "theme": T.DIGITAL_TOOLS,
        "audience": A.TELEWORKERS,
        "intro": "Organiser son poste, ses journées et ses échanges avec l’équipe quand on "
        "travaille loin du bureau.",
        "objectives": [
            "Installer un poste de travail sain et sécurisé",
            "Structurer ses journées et garder le lien avec son équipe",
            "Connaître ses droits de salarié en télétravail",
        ],
        "modules": [
            ("Le poste de travail à la maison ou au télécentre", 1.5),
            ("Rythme, pauses et déconnexion", 1.5),
            ("Garder le lien avec l’équipe", 1),
        ],
        "hours": 4,
        "price": None,
        "funding": FREE,
        "trainer": "Claire Vermenouze",
        "certificate": True,
        "sessions": [
            (-18, 9, "aurillac", 12),
            (9, 9, "aurillac", 12),
            (37, 9, "saint-flour", 12),
            (64, 14, None, 30),
        ],
    },
    {
        "slug": "visioconference-et-travail-collaboratif",
        "title": "Visioconférence et outils collaboratifs",
        "theme": T.DIGITAL_TOOLS,
        "audience": A.EVERYONE,
        "intro": "Animer une réunion à distance, partager des documents, écrire à plusieurs : "
        "les outils libres et gratuits, en pratique.",
        "objectives": [
            "Organiser et animer une visioconférence",
            "Partager et co-écrire des documents en ligne",
            "Choisir des outils respectueux des données",
        ],
        "modules": [
            ("Réussir sa visioconférence", 2),
            ("Documents partagés", 2),
            ("Messagerie d’équipe", 1),
        ],
        "hours": 5,
        "price": None,
        "funding": FREE,
        "trainer": "Julien Chassang",
        "certificate": True,
        "sessions": [(12, 9, "mauriac", 10), (41, 9, "murat", 10), (70, 9, None, 25)],
    },
    {
        "slug": "securiser-son-ordinateur-et-ses-donnees",
        "title": "Sécuriser son ordinateur et ses données",
        "theme": T.DIGITAL_TOOLS,
        "audience": A.EVERYONE,
        "intro": "Mots de passe, sauvegardes, réseaux publics : les bons réflexes pour travailler "
        "à distance sans risque.",
        "objectives": [
            "Utiliser un gestionnaire de mots de passe",
            "Mettre en place une sauvegarde automatique",
            "Reconnaître une tentative d’hameçonnage",
        ],
        "modules": [
            ("Mots de passe et double authentification", 1.5),
            ("Sauvegardes", 1),
            ("Hameçonnage et arnaques", 0.5),
        ],
        "hours": 3,
        "price": None,
        "funding": FREE,
        "trainer": "Julien Chassang",
        "certificate": False,
        "sessions": [(6, 14, "saint-flour", 10), (48, 14, "ydes", 10)],
    },
    {
        "slug": "tableur-pour-gerer-son-activite",
        "title": "Le tableur pour gérer son activité",
        "theme": T.DIGITAL_TOOLS,
        "audience": A.FREELANCERS,
        "intro": "Suivre ses devis, ses factures et sa trésorerie dans un tableur, sans "
        "logiciel payant.",
        "objectives": [
            "Construire un tableau de suivi des factures",
            "Calculer sa trésorerie prévisionnelle",
            "Produire un graphique clair",
        ],
        "modules": [
            ("Les bases du tableur", 3),
            ("Suivi des factures", 2),
            ("Trésorerie prévisionnelle", 2),
        ],
        "hours": 7,
        "price": 90,
        "funding": CPF,
        "trainer": "Sophie Lacarrière",
        "certificate": True,
        "sessions": [(15, 9, "massiac", 8), (58, 9, "aurillac", 8)],
    },
    {
        "slug": "creer-son-activite-independante",
        "title": "Créer son activité indépendante : les premières étapes",
        "theme": T.FREELANCING,
        "audience": A.FREELANCERS,
        "intro": "De l’idée au premier client : étude de marché, statut, démarches, et les aides "
        "auxquelles vous avez droit.",
        "objectives": [
            "Vérifier qu’une idée répond à un besoin",
            "Choisir entre micro-entreprise, EI et société",
            "Connaître l’ACRE, l’ARCE et le maintien des allocations",
        ],
        "modules": [
            ("Tester son idée", 2),
            ("Choisir son statut", 2),
            ("Les aides à la création", 2),
            ("Son plan d’action", 1),
        ],
        "hours": 7,
        "price": None,
        "funding": "<p>Gratuit pour les demandeurs d’emploi, financé par France Travail et la "
        "Région. Autres publics : nous contacter.</p>",
        "trainer": "Marc Delteil",
        "certificate": True,
        "sessions": [
            (-25, 9, "aurillac", 12),
            (8, 9, "aurillac", 12),
            (36, 9, "maurs", 12),
            (78, 9, "mauriac", 12),
        ],
    },
    {
        "slug": "trouver-ses-premiers-clients",
        "title": "Trouver ses premiers clients quand on est indépendant",
        "theme": T.FREELANCING,
        "audience": A.FREELANCERS,
        "intro": "Réseau local, plateformes, bouche-à-oreille : une méthode simple pour remplir "
        "son carnet de commandes depuis le Cantal.",
        "objectives": [
            "Définir son offre et sa cible",
            "Préparer un argumentaire de deux minutes",
            "Utiliser son réseau et l’annuaire du réseau CyberCantal",
        ],
        "modules": [("Son offre en une phrase", 2), ("Prospecter sans s’épuiser", 2)],
        "hours": 4,
        "price": None,
        "funding": FREE,
        "trainer": "Claire Vermenouze",
        "certificate": True,
        "sessions": [(20, 14, "murat", 12), (55, 14, None, 30)],
    },
    {
        "slug": "fixer-ses-tarifs",
        "title": "Fixer ses tarifs et rédiger ses devis",
        "theme": T.FREELANCING,
        "audience": A.EVERYONE,
        "intro": "Calculer un tarif journalier qui fait vivre, présenter un devis clair et "
        "le défendre.",
        "objectives": [
            "Calculer son taux journalier",
            "Rédiger un devis conforme",
            "Négocier sans brader",
        ],
        "modules": [("Son coût de revient", 1.5), ("Le devis", 1), ("La négociation", 0.5)],
        "hours": 3,
        "price": 45,
        "funding": CPF,
        "trainer": "Sophie Lacarrière",
        "certificate": False,
        "sessions": [(26, 18, None, 40), (67, 18, None, 40)],
    },
    {
        "slug": "manager-une-equipe-a-distance",
        "title": "Manager une équipe à distance",
        "theme": T.REMOTE_MANAGEMENT,
        "audience": A.BUSINESSES,
        "intro": "Fixer des objectifs, faire confiance, repérer l’isolement : le management "
        "d’une équipe en partie ou totalement à distance.",
        "objectives": [
            "Fixer des objectifs et des rituels d’équipe",
            "Évaluer le travail sans surveiller",
            "Prévenir l’isolement et l’épuisement",
        ],
        "modules": [
            ("Les rituels d’une équipe à distance", 2.5),
            ("Objectifs et autonomie", 2.5),
            ("Santé et isolement", 2),
        ],
        "hours": 7,
        "price": 350,
        "funding": OPCO,
        "trainer": "Hélène Brugère",
        "certificate": True,
        "sessions": [(18, 9, "aurillac", 10), (60, 9, "saint-flour", 10)],
    },
    {
        "slug": "mettre-en-place-le-teletravail-dans-son-entreprise",
        "title": "Mettre en place le télétravail dans son entreprise",
        "theme": T.REMOTE_MANAGEMENT,
        "audience": A.BUSINESSES,
        "intro": "Charte ou accord, équipement, assurance, frais : ce qu’un employeur doit "
        "prévoir avant d’ouvrir le télétravail.",
        "objectives": [
            "Rédiger une charte de télétravail",
            "Prévoir l’équipement et les frais",
            "Connaître ses obligations",
        ],
        "modules": [("Le cadre légal", 1.5), ("La charte pas à pas", 1.5)],
        "hours": 3,
        "price": 150,
        "funding": OPCO,
        "trainer": "Hélène Brugère",
        "certificate": True,
        "sessions": [(30, 14, None, 30), (75, 14, "massiac", 12)],
    },
    {
        "slug": "recruter-et-integrer-un-salarie-a-distance",
        "title": "Recruter et intégrer un salarié à distance",
        "theme": T.REMOTE_MANAGEMENT,
        "audience": A.BUSINESSES,
        "intro": "Entretiens en visio, premiers jours, tutorat : réussir l’arrivée d’un nouveau "
        "collègue qui travaille loin du siège.",
        "objectives": ["Conduire un entretien à distance", "Préparer un parcours d’intégration"],
        "modules": [("L’entretien à distance", 1.5), ("Les trente premiers jours", 1.5)],
        "hours": 3,
        "price": 150,
        "funding": OPCO,
        "trainer": "Marc Delteil",
        "certificate": False,
        "sessions": [(45, 9, None, 30)],
    },
    {
        "slug": "se-faire-connaitre-sur-les-reseaux-sociaux",
        "title": "Se faire connaître sur les réseaux sociaux",
        "theme": T.COMMUNICATION,
        "audience": A.FREELANCERS,
        "intro": "Un profil professionnel soigné et une publication par semaine : de quoi être "
        "trouvé par ses futurs clients.",
        "objectives": [
            "Rédiger un profil professionnel",
            "Planifier ses publications",
            "Mesurer ce qui fonctionne",
        ],
        "modules": [
            ("Le profil", 1.5),
            ("Le calendrier de publication", 1.5),
            ("Les statistiques", 1),
        ],
        "hours": 4,
        "price": None,
        "funding": FREE,
        "trainer": "Léa Fabre",
        "certificate": True,
        "sessions": [(11, 14, "riom-es-montagnes", 10), (52, 14, "aurillac", 12)],
    },
    {
        "slug": "creer-son-site-vitrine",
        "title": "Créer son site vitrine en une journée",
        "theme": T.COMMUNICATION,
        "audience": A.EVERYONE,
        "intro": "Repartir le soir avec un site simple, lisible sur téléphone et bien référencé.",
        "objectives": [
            "Choisir un outil et un nom de domaine",
            "Rédiger ses pages essentielles",
            "Être trouvé sur les moteurs de recherche",
        ],
        "modules": [
            ("Nom de domaine et outil", 1.5),
            ("Les pages essentielles", 3),
            ("Référencement local", 2.5),
        ],
        "hours": 7,
        "price": 120,
        "funding": CPF,
        "trainer": "Léa Fabre",
        "certificate": True,
        "sessions": [(23, 9, "maurs", 8), (69, 9, "ydes", 8)],
    },
    {
        "slug": "prendre-la-parole-en-visioconference",
        "title": "Prendre la parole en visioconférence",
        "theme": T.COMMUNICATION,
        "audience": A.TELEWORKERS,
        "intro": "Voix, cadrage, supports : être clair et convaincant derrière un écran.",
        "objectives": ["Préparer une intervention courte", "Soigner son image et son son"],
        "modules": [("Préparer son intervention", 1), ("Entraînement filmé", 1)],
        "hours": 2,
        "price": None,
        "funding": FREE,
        "trainer": "Léa Fabre",
        "certificate": False,
        "sessions": [(33, 12, None, 20), (82, 12, None, 20)],
    },
    {
        "slug": "comptabilite-de-la-micro-entreprise",
        "title": "La comptabilité de la micro-entreprise",
        "theme": T.ACCOUNTING_LAW,
        "audience": A.FREELANCERS,
        "intro": "Livre des recettes, déclarations à l’Urssaf, TVA : tenir ses comptes en "
        "micro-entreprise, simplement.",
        "objectives": [
            "Tenir son livre des recettes",
            "Déclarer son chiffre d’affaires",
            "Savoir quand la TVA s’applique",
        ],
        "modules": [
            ("Les obligations comptables", 1.5),
            ("Déclarations Urssaf", 1.5),
            ("TVA et franchise", 1),
        ],
        "hours": 4,
        "price": None,
        "funding": FREE,
        "trainer": "Sophie Lacarrière",
        "certificate": True,
        "sessions": [(-11, 14, "saint-flour", 12), (16, 14, "saint-flour", 12), (50, 14, None, 30)],
    },
    {
        "slug": "droit-du-teletravail-et-des-independants",
        "title": "Contrats, assurances et droit du télétravail",
        "theme": T.ACCOUNTING_LAW,
        "audience": A.EVERYONE,
        "intro": "Conditions générales de vente, responsabilité civile professionnelle, accord "
        "de télétravail : les règles utiles, expliquées par une avocate.",
        "objectives": [
            "Rédiger ses conditions générales",
            "Choisir ses assurances",
            "Connaître le cadre du télétravail salarié",
        ],
        "modules": [
            ("Les contrats de l’indépendant", 1.5),
            ("Les assurances", 1),
            ("Le télétravail salarié", 0.5),
        ],
        "hours": 3,
        "price": 60,
        "funding": CPF,
        "trainer": "Hélène Brugère",
        "certificate": True,
        "sessions": [(40, 18, "aurillac", 20), (85, 18, None, 40)],
    },
]

PATH = {
    "slug": "devenir-teletravailleur-independant",
    "title": "Devenir télétravailleur indépendant en 5 étapes",
    "intro": "Vous êtes demandeur d’emploi ou salarié et voulez travailler à votre compte depuis "
    "le Cantal ? Cinq formations, dans l’ordre, pour lancer votre activité à distance.",
    "steps": [
        ("creer-son-activite-independante", "Poser les bases : idée, statut, aides."),
        ("bien-demarrer-en-teletravail", "S’organiser pour travailler seul, loin d’un bureau."),
        ("comptabilite-de-la-micro-entreprise", "Tenir ses comptes dès la première facture."),
        ("trouver-ses-premiers-clients", "Construire son offre et son réseau."),
        ("se-faire-connaitre-sur-les-reseaux-sociaux", "Être trouvé par ses clients."),
    ],
}
