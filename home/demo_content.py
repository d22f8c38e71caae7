"""The demo's words: the network's centres in real Cantal towns, news, standard pages and
their bodies, in French as the network would publish them (``home.demo`` seeds them)."""

from django.conf import settings

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
