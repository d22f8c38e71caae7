"""No public input gives a server error: every GET parameter and every public form, fuzzed.

Hostile values: quotes and search syntax, NUL and other control characters, invalid UTF-8
(raw percent-encoded bytes), 1 MB strings, huge, negative and non-finite numbers,
repeated keys. The query strings and form bodies are built byte for byte, so what the
server receives is exactly what a hostile client sends.

Hypothesis runs many examples inside one test, and pytest-django's ``db`` fixture is
function-scoped: the examples share the test's transaction (rolled back when the test
ends). Each example starts from a fresh client and an empty cache (rate limits) and
mailbox; what the examples write to the database (sign-ups, messages, a profile) only
accumulates, which is what a site under attack sees too. No example database is kept
(``database=None``): a failure prints its example, which the regression tests below can
then hold.
"""

import json
import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from django.core import mail
from django.core.cache import cache
from django.test import Client

from directory.factories import ProfileFactory, UserFactory
from events.factories import EventPageFactory, at
from home.models import TelecentreIndexPage, TelecentrePage
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory

pytestmark = pytest.mark.django_db

MEGABYTE = b"x" * 1_000_000

# Values that once broke something somewhere, or that a parser might choke on.
SPECIAL_TEXT = [
    '"',
    '"a',
    '""',
    "'",
    "l'ordinateur",
    "\x00",
    "a\x00b",
    "\r\nBcc: pirate@example.net",
    "\n",
    "\t",
    "*",
    "a*",
    "(",
    ")",
    "NEAR(a b)",
    "a AND",
    "OR",
    "NOT a",
    "-a",
    "^a",
    "a:b",
    "{a}",
    "\\",
    "%",
    "_",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "9" * 25,
    "-" + "9" * 25,
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "1" + "0" * 5000,
    "1e400",
    "-1e400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "0",
    "1.5",
    "1,5",
    "0x10",
    "1_000",
    " ",
    "",
    "\u202e",
    "\ufeff",
    "\u2028",
    "é" * 300,
    "root",
    "random",
    "*,-title",
    "title,-id",
]
SPECIAL_BYTES = [b"\xff\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"\x80", b"a\xffb", b"%", MEGABYTE]


def _utf8(text):
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8


hostile_bytes = st.one_of(
    st.sampled_from(SPECIAL_TEXT).map(_utf8),
    st.sampled_from(SPECIAL_BYTES),
    st.text(max_size=30).map(_utf8),
    st.binary(max_size=20),
    st.integers(min_value=-(2**80), max_value=2**80).map(lambda n: str(n).encode()),
    st.floats().map(lambda f: repr(f).encode()),
)


def encode(pairs):
    """A query string (or urlencoded body) from (key, value) byte pairs, as sent."""
    return "&".join(
        f"{quote_from_bytes(key, safe='')}={quote_from_bytes(value, safe='')}"
        for key, value in pairs
    )


def pairs_for(keys, valid=None):
    """Pairs for ``keys``: each key hostile or (from ``valid``) sensible, some repeated,
    once in a while an unknown key."""
    valid = valid or {}
    key = st.one_of(
        st.sampled_from(keys).map(str.encode),
        st.sampled_from(keys).map(str.encode),
        st.sampled_from(keys).map(str.encode),
        hostile_bytes,
    )

    def value_for(k):
        options = [hostile_bytes]
        choices = valid.get(k.decode("utf-8", "replace"))
        if choices:
            options.append(st.sampled_from(choices).map(_utf8))
        return st.one_of(*options)

    pair = key.flatmap(lambda k: st.tuples(st.just(k), value_for(k)))
    return st.lists(pair, max_size=6)


# ---------------------------------------------------------------------------
# The site under test: the small site plus an event, a course and a public profile.

DIRECTORY_PARAMS = ["q", "skill", "commune", "radius_km", "telecentre", "available", "page"]
API_V2_PARAMS = [
    "offset",
    "limit",
    "search",
    "search_operator",
    "type",
    "fields",
    "order",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "locale",
    "title",
    "slug",
    "id",
    "show_in_menus",
    "html_path",
]


@pytest.fixture
def site(small_site):
    from events.filters import AgendaFilter
    from events.models import Slot
    from training.filters import TrainingFilter

    centre = TelecentrePage.objects.live().first()
    event = EventPageFactory(title="Atelier d’essai", capacity=2, start=at(10, 14))
    course = TrainingCoursePageFactory(
        parent=TrainingCalendarPageFactory(), sessions=[{"start": at(12, 9)}]
    )
    freelancer = UserFactory(username="fuzz", email="fuzz@example.org")
    profile = ProfileFactory(
        user=freelancer, display_name="Marie Essai", skills=["Traduction", "Comptabilité"]
    )
    other = UserFactory(username="fuzz-2", email="fuzz-2@example.org")
    features = [key for key, _label in TelecentreIndexPage.FEATURES]
    agenda = event.get_parent().url
    training = course.get_parent().url
    valid = {
        "q": ["comptabilité", "télétravail", "Murat"],
        "skill": ["traduction", "comptabilite"],
        "commune": ["15014", "Aurillac", "Murat"],
        "radius_km": ["20", "5", "200"],
        "telecentre": [centre.slug],
        "available": ["1", "0"],
        "page": ["1", "2"],
        "type": ["meetup", "wagtailcore.Page", "home.NewsPage"],
        "fields": ["title", "*", "_,title"],
        "order": ["title", "-id"],
        "tag": ["fibre"],
        "public": ["everyone"],
    }
    return {
        "event": event,
        "slot": event.slots.get(),
        "course": course,
        "session": course.slots.get(),
        "profile": profile,
        "freelancer": freelancer,
        "other": other,
        "valid": valid,
        "get_routes": [
            ("/recherche/", ["q", "page"], "html"),
            ("/annuaire/", DIRECTORY_PARAMS, "html"),
            ("/api/v1/directory/", DIRECTORY_PARAMS, "json"),
            ("/api/v1/skills/", ["prefix", "q"], "json"),
            (agenda, [*AgendaFilter(queryset=Slot.objects.none()).form.fields, "page"], "html"),
            (
                agenda + "archives/",
                [*AgendaFilter(queryset=Slot.objects.none()).form.fields, "page"],
                "html",
            ),
            (
                agenda + "mois/2026/5/",
                [*AgendaFilter(queryset=Slot.objects.none()).form.fields],
                "html",
            ),
            (agenda + "mois/", [*AgendaFilter(queryset=Slot.objects.none()).form.fields], "html"),
            ("/agenda/calendrier.ics", ["telecentre", "public", "type"], "ics"),
            (training, [*TrainingFilter(queryset=Slot.objects.none()).form.fields, "page"], "html"),
            (
                training + "mois/2026/5/",
                [*TrainingFilter(queryset=Slot.objects.none()).form.fields],
                "html",
            ),
            (
                training + "mois/",
                [*TrainingFilter(queryset=Slot.objects.none()).form.fields],
                "html",
            ),
            (event.url, ["session"], "html"),
            (course.url, ["session"], "html"),
            ("/actualites/", ["tag", "page"], "html"),
            ("/telecentres/", features, "html"),
            (profile.get_absolute_url(), ["page"], "html"),
            ("/api/v2/pages/", API_V2_PARAMS, "json"),
            ("/api/v2/pages/find/", API_V2_PARAMS, "json"),
            ("/api/v2/images/", API_V2_PARAMS, "json"),
            ("/api/v2/documents/", API_V2_PARAMS, "json"),
        ],
    }


def fresh_client():
    cache.clear()
    mail.outbox = []
    return Client(raise_request_exception=False)


ERROR_MARKS = ('role="alert"', "field-error", "errorlist", "Requête incomprise")


def check(response, kind="html"):
    """No server error; a refusal says why (a message in JSON, an error on the page)."""
    status = response.status_code
    if currently_in_test_context():
        event(f"status {status}")  # pytest --hypothesis-show-statistics shows the spread
    assert status < 500, (status, response.content[:300])
    if status == 400 and kind == "json":
        body = json.loads(response.content)
        assert body.get("message") or body.get("detail")
    elif status == 400 and kind == "html":
        html = response.content.decode()
        assert any(mark in html for mark in ERROR_MARKS), html[:500]


def fuzz(examples):
    """Hypothesis' settings here: ``examples`` examples, no deadline, no example database;
    the function-scoped ``db`` fixture is shared by the examples on purpose (above)."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# ---------------------------------------------------------------------------
# GET parameters


@fuzz(120)
@given(data=st.data())
def test_no_get_parameter_gives_a_server_error(site, data):
    path, keys, kind = data.draw(st.sampled_from(site["get_routes"]), label="route")
    query = encode(data.draw(pairs_for(keys, site["valid"]), label="query"))
    check(fresh_client().get(path, QUERY_STRING=query), kind)


@pytest.mark.parametrize(
    "value",
    [b'"', b"\x00", b"\xff\xfe", MEGABYTE, str(2**63).encode(), b"-" + b"9" * 25, b"nan"],
    ids=["quote", "nul", "invalid-utf8", "1MB", "2^63", "huge-negative", "nan"],
)
def test_every_parameter_of_every_route_at_once(site, value):
    """Each route with all its parameters set to one hostile value, each key twice."""
    for path, keys, kind in site["get_routes"]:
        query = encode([(key.encode(), value) for key in keys for _twice in (1, 2)])
        check(fresh_client().get(path, QUERY_STRING=query), kind)


@fuzz(30)
@given(year=st.integers(-(2**70), 2**70), month=st.integers(-(2**70), 2**70))
def test_month_routes(site, year, month):
    client = fresh_client()
    for root in (site["event"].get_parent().url, site["course"].get_parent().url):
        check(client.get(f"{root}mois/{year}/{month}/"))


# ---------------------------------------------------------------------------
# The known 500s, each with the answer it gets now


@pytest.mark.parametrize(
    "url, status, says",
    [
        ("/recherche/?q=%22", 200, "Rechercher"),
        ('/recherche/?q="télétravail', 200, "Rechercher"),
        ("/recherche/?q=a%00b", 400, "caractère nul"),
        ("/recherche/?q=%ff%fe", 200, "Rechercher"),
        ("/api/v2/pages/?offset=9223372036854775808", 400, "offset cannot be higher"),
        ("/api/v2/images/?offset=9223372036854775808", 400, "offset cannot be higher"),
        ("/api/v2/documents/?offset=9223372036854775808", 400, "offset cannot be higher"),
        ("/api/v2/pages/?offset=-1", 400, "offset must be a positive integer"),
        ("/api/v2/pages/?limit=9223372036854775808", 400, "limit cannot be higher"),
        ("/api/v2/pages/?search=", 200, "total_count"),
        ("/api/v2/pages/?search=%22", 200, "total_count"),
        ("/api/v2/images/?search=%22%22", 200, "total_count"),
        ("/api/v2/documents/?search=%22", 200, "total_count"),
        ("/api/v2/pages/?search=a&search_operator=xor", 400, "search_operator"),
        ('/api/v2/pages/find/?id="', 400, "id must be a whole number"),
        ("/api/v2/images/find/?id=1e5", 400, "id must be a whole number"),
        ("/api/v2/pages/?locale=%00", 400, "caractère nul"),
        ("/api/v1/directory/?page=99999999999999999999", 400, "page"),
        ("/api/v1/directory/?page=-1", 400, "page"),
        ("/api/v1/directory/?commune=15014&radius_km=nan", 400, "rayon"),
        ("/api/v1/directory/?commune=15014&radius_km=inf", 400, "rayon"),
        ("/api/v1/directory/?commune=15014&radius_km=-5", 400, "rayon"),
        ("/api/v1/directory/?commune=99999999999999999999", 400, "Commune introuvable"),
        ("/annuaire/?commune=15014&radius_km=1e400", 400, "Le rayon doit être compris"),
        ("/annuaire/?page=99999999999999999999", 400, "trop grand"),
    ],
)
def test_known_hostile_inputs(client, small_site, url, status, says):
    path, _sep, query = url.partition("?")
    response = client.get(path, QUERY_STRING=query.replace('"', "%22"))
    assert response.status_code == status
    assert says in response.content.decode()


@pytest.mark.parametrize("path", ["/recherche/", "/annuaire/", "/agenda/", "/api/v2/pages/"])
def test_too_many_parameters_is_a_400_page(client, small_site, path):
    """Past Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: the site's own 400 page, no 500."""
    client.raise_request_exception = False
    response = client.get(path, QUERY_STRING="&".join(f"k{i}=1" for i in range(1500)))
    assert response.status_code == 400
    assert "Requête incomprise" in response.content.decode()
    response = client.post(
        path, "&".join(f"k{i}=1" for i in range(1500)), "application/x-www-form-urlencoded"
    )
    assert response.status_code < 500


def test_quoted_search_still_finds_the_words(client, small_site):
    """Quotes are dropped, not the search: the words between them still match."""
    plain = client.get("/recherche/", {"q": "télécentre Murat"}).content.decode()
    quoted = client.get("/recherche/", {"q": '"télécentre Murat"'}).content.decode()
    results = re.compile(r'<a href="(/[^"]+)"[^>]*>')
    assert "/telecentres/murat/" in plain
    assert results.findall(quoted) == results.findall(plain)


# ---------------------------------------------------------------------------
# Forms


def _form_pairs(base, keys):
    """Form bodies: the valid ``base`` with some fields replaced by hostile values, some
    repeated, once in a while an unknown field."""
    base_pairs = [(key.encode(), _utf8(value)) for key, value in base.items()]
    return st.tuples(
        st.lists(st.sampled_from(range(len(base_pairs))), unique=True, max_size=len(base_pairs)),
        pairs_for(keys),
    ).map(lambda drawn: [pair for i, pair in enumerate(base_pairs) if i not in drawn[0]] + drawn[1])


def _post(client, path, pairs):
    return client.post(path, data=encode(pairs), content_type="application/x-www-form-urlencoded")


SIGNUP_KEYS = ["slot", "name", "email", "organisation", "phone", "consent"]


def _signup(slot):
    return {
        "slot": str(slot.pk),
        "name": "Camille Fabre",
        "email": "camille@example.org",
        "organisation": "Agence Volcans",
        "phone": "04 71 00 00 00",
        "consent": "on",
    }


@fuzz(40)
@given(data=st.data())
def test_event_and_course_sign_up_forms(site, data):
    page, slot = data.draw(
        st.sampled_from([(site["event"], site["slot"]), (site["course"], site["session"])])
    )
    pairs = data.draw(_form_pairs(_signup(slot), SIGNUP_KEYS), label="body")
    response = _post(fresh_client(), page.url, pairs)
    check(response)
    assert response.status_code in (200, 303, 400, 409)


CONTACT_KEYS = ["name", "organisation", "email", "message", "consent", "homepage"]


@fuzz(40)
@given(data=st.data())
def test_contact_relay_form(site, data):
    base = {
        "name": "Jeanne Martin",
        "organisation": "Fromagerie",
        "email": "jeanne@example.com",
        "message": "Bonjour, nous cherchons une traduction de notre site en anglais.",
        "consent": "on",
    }
    pairs = data.draw(_form_pairs(base, CONTACT_KEYS), label="body")
    response = _post(fresh_client(), site["profile"].get_absolute_url() + "contact/", pairs)
    check(response)
    assert response.status_code in (302, 400, 429)
    for sent in mail.outbox:  # whatever was typed, the relay writes no header of its own
        assert sent.recipients() == ["fuzz@example.org"]
        assert "\n" not in sent.subject and "\r" not in sent.subject


ALLAUTH_FORMS = [
    ("/compte/login/", {"login": "fuzz@example.org", "password": "mauvais"}),
    (
        "/compte/signup/",
        {"email": "nouveau@example.org", "password1": "Cantal-2026!", "password2": "Cantal-2026!"},
    ),
    ("/compte/password/reset/", {"email": "fuzz@example.org"}),
]


@fuzz(40)
@given(data=st.data())
def test_allauth_login_signup_and_password_reset(site, data):
    path, base = data.draw(st.sampled_from(ALLAUTH_FORMS), label="form")
    keys = [*base, "remember", "next"]
    pairs = data.draw(_form_pairs(base, keys), label="body")
    check(_post(fresh_client(), path, pairs))


PROFILE_KEYS = [
    "display_name",
    "headline",
    "bio",
    "skills",
    "languages",
    "commune",
    "telecentre",
    "availability",
    "available_from",
    "work_mode",
    "day_rate",
    "years_experience",
    "website",
    "portfolio",
    "siret",
    "remove_photo",
]


@fuzz(30)
@given(data=st.data())
def test_profile_form_of_a_logged_in_freelancer(site, data):
    base = {
        "display_name": "Paul Essai",
        "headline": "Graphiste",
        "bio": "Graphiste depuis dix ans.",
        "skills": "Graphisme, Mise en page",
        "languages": "fr",
        "commune": "Murat (15300)",
        "telecentre": str(TelecentrePage.objects.live().first().pk),
        "availability": "now",
        "work_mode": "remote",
        "day_rate": "350",
        "years_experience": "10",
        "website": "https://paul.example.fr",
        "siret": "",
    }
    pairs = data.draw(_form_pairs(base, PROFILE_KEYS), label="body")
    client = fresh_client()
    client.force_login(site["other"])
    response = _post(client, "/compte/profil/", pairs)
    check(response)
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("field", ["telecentre", "commune"])
@pytest.mark.parametrize(
    "value", [str(2**63), "9" * 25, "-1", "0", "1e3", "\x00", "a", str(2**63 - 1)]
)
def test_profile_ids_out_of_range_are_a_validation_error(site, field, value):
    """The centre is a choice of ids; the commune is typed (name, postcode or INSEE code):
    a hostile value is a form error for either, never a 500."""
    client = fresh_client()
    client.force_login(site["other"])
    body = {
        "display_name": "Paul Essai",
        "headline": "Graphiste",
        "bio": "Graphiste.",
        "commune": "Murat (15300)",
        "availability": "now",
        "work_mode": "remote",
        field: value,
    }
    response = client.post("/compte/profil/", body)
    assert response.status_code == 400
    expected = (
        "Sélectionnez un choix valide"
        if field == "telecentre"
        else "Nous ne trouvons pas cette commune du Cantal"
    )
    assert expected in response.content.decode()


@fuzz(30)
@given(data=st.data())
def test_language_switch(site, data):
    base = {"language": "en", "next": "/agenda/"}
    pairs = data.draw(_form_pairs(base, ["language", "next"]), label="body")
    check(_post(fresh_client(), "/i18n/setlang/", pairs))
