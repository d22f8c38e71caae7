"""The project's own Wagtail hooks: their names, and what a registered function takes and returns.

Apps talk to each other through Wagtail's ``hooks`` registry rather than imports, so that
``home`` lists the agenda's dates without importing ``events``, and the account home lists
the directory's profile without importing ``directory``. Register and call them through the
constants below, never by a string::

    from wagtail import hooks
    from portal import hooks as portal_hooks

    @hooks.register(portal_hooks.UPCOMING)
    def upcoming(limit=6, telecentre=None): ...

    for provider in hooks.get_hooks(portal_hooks.UPCOMING): ...

Each constant's comment gives the registered function's signature. ``order=`` (Wagtail's
own argument to ``hooks.register``) sets the order where it matters (noted below).
"""

# -- pages and the dashboard

#: ``fn(limit=6, telecentre=None) -> list`` of dated items (objects with ``start``,
#: ``title`` and ``url``), the next public ones, of the network or of one centre
#: (a ``TelecentrePage``). Called by ``home.upcoming.upcoming_items`` (home and centre pages),
#: which merges every provider's items by date. Provided by ``events`` (events and
#: training sessions are both ``events.Slot`` rows).
UPCOMING = "cybercantal_upcoming"

#: ``fn(commune, radius_km, limit) -> dict``: a commune's page (``home.models.commune_pages``):
#: ``here`` (public profiles based in the commune), ``near`` (within ``radius_km``) and
#: ``profiles`` (the nearest ``limit``, for cards, each with ``distance_km``). The first
#: provider answers (``directory.wagtail_hooks.freelancers_near``).
FREELANCERS_NEAR = "cybercantal_freelancers_near"

#: ``fn(telecentre=None) -> (ics_path, webcal_url)``: the calendar feed of the network or
#: of one centre. The first provider answers (``home.upcoming.calendar_feed``); none: no feed.
CALENDAR_FEED = "cybercantal_calendar_feed"

#: ``fn() -> int``: a key figure of the home page, the members of the network (the
#: directory's public profiles). Every provider's figure is added up.
MEMBER_COUNT = "cybercantal_member_count"

#: ``fn() -> list[home.charts.BarChart]``: charts for the admin dashboard's « Chiffres du
#: réseau » panel (``home.wagtail_hooks.NetworkFiguresPanel``); empty charts are left out.
ADMIN_CHARTS = "cybercantal_admin_charts"

# -- demo and test data

#: ``fn(stdout=None, options=None) -> None``: an app's demo content, added by
#: ``manage.py seed_demo`` after the page tree and the demo accounts (``options``: the
#: command's options, e.g. ``profiles``).
SEED_DEMO = "cybercantal_seed_demo"

#: ``fn() -> None``: what an app adds to the tests' small site (``tests/site.py``), after
#: its page tree and the accounts.
SEED_TEST = "cybercantal_seed_test"

# -- the mail queue

#: ``fn() -> None``: run by the ``email`` job (``portal.mail.run_queue``) before the queue
#: is sent: an app writes the emails it recorded but did not render yet (``events.outbox``).
PREPARE_EMAILS = "cybercantal_prepare_emails"

# -- sign-ups

#: ``fn(request, registrations) -> None``: adds links to the sign-ups listed on « Mes
#: inscriptions » (``/compte/inscriptions/``), each an ``events.Registration``; a provider
#: appends ``(label, url)`` pairs to ``registration.extra_links`` (training: the attendance
#: certificate).
REGISTRATION_LINKS = "cybercantal_registration_links"

# -- the account home (portal.accounts)

#: ``fn() -> list[django.urls.URLPattern]``: an app's pages under ``/compte/``, mounted by
#: ``portal.accounts.urls`` in the ``accounts`` namespace (events: ``inscriptions/``, named
#: ``accounts:registrations``). Read once, when the URLconf loads.
ACCOUNT_URLS = "cybercantal_account_urls"

#: ``fn(request) -> portal.accounts.sections.AccountSection | None``: a section of the
#: account home (``/compte/``) for the signed-in ``request.user``: a template and its
#: context, placed by its ``order`` (lower first). ``None``: nothing to show.
ACCOUNT_SECTIONS = "cybercantal_account_sections"

#: ``fn(user) -> list[str]``: what deleting the account removes of this app's data, one
#: sentence each, listed on the deletion page before the person confirms (``[]``: nothing).
ACCOUNT_ERASURE_NOTICE = "cybercantal_account_erasure_notice"

#: ``fn(user) -> dict``: an app's part of the personal data export (``/compte/donnees/``,
#: JSON): top-level keys and JSON-ready values (dates are encoded by Django's encoder).
#: Called in registration order (``order=`` to place a part first).
PERSONAL_DATA = "cybercantal_personal_data"

#: ``fn(user, emails) -> list[(label, count)]``: an app's part of an account deletion: it
#: erases or anonymises its rows of ``user`` and of ``emails`` (the person's addresses,
#: ``portal.accounts.person_emails``) and says what it did (``label``, shown in the message
#: when ``count`` is not 0). Runs inside the deletion's transaction, in ``order``; raises
#: ``portal.accounts.TryAgainLater`` when a lock cannot be had (nothing is erased).
ERASE_PERSONAL_DATA = "cybercantal_erase_personal_data"

ALL = (
    UPCOMING,
    FREELANCERS_NEAR,
    CALENDAR_FEED,
    MEMBER_COUNT,
    ADMIN_CHARTS,
    SEED_DEMO,
    SEED_TEST,
    PREPARE_EMAILS,
    REGISTRATION_LINKS,
    ACCOUNT_URLS,
    ACCOUNT_SECTIONS,
    ACCOUNT_ERASURE_NOTICE,
    PERSONAL_DATA,
    ERASE_PERSONAL_DATA,
)
