"""Forms the GOV.UK way (issue 10, item 6): one error summary linking each error to its
field, the photo asked again after an error, true help texts, the commune type-ahead,
allauth's emails and pages in the site's voice, one word for email."""

import re

import pytest

from django.core.cache import cache
from django.core.exceptions import ValidationError

from directory.factories import ProfileFactory, UserFactory, image_upload
from directory.forms import ProfileForm
from directory.sanitize import clean_bio
from home.forms import CommuneField, collation_key
from tests.html_checks import Page, dangling_describedby, error_summary
from tests.mailbox import delivered
from tests.text import french

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lea.martin@example.org",
    "password1": "Cantal-2026-volcans",
    "password2": "Cantal-2026-volcans",
}
EMAIL_WORDS = re.compile(r"\b[Ee]-?mails?\b|[Aa]dresse (e-)?mail|\bmél\b")


def profile_data(**overrides):
    data = {
        "display_name": "Marie Dupont",
        "headline": "Traductrice anglais-français",
        "bio": "Traductrice depuis dix ans.",
        "skills": "Traduction",
        "languages": ["fr"],
        "commune": "Murat (15300)",
        "telecentre": "",
        "availability": "now",
        "available_from": "",
        "work_mode": "remote",
        "day_rate": "",
        "years_experience": "",
        "website": "",
        "portfolio": "",
        "siret": "",
    }
    data.update(overrides)
    return data


def assert_summary_matches_fields(html):
    """Each error appears once in the summary as a link to an element of the page, and that
    element says it is invalid and points to its error message."""
    block, links = error_summary(html)
    assert "Il y a un problème" in block
    assert 'tabindex="-1"' in block and "data-error-summary" in block
    page = Page(html)
    for anchor, _text in links:
        assert anchor in page.ids, anchor
    assert dangling_describedby(html) == []
    return links


# --- The error summary ---------------------------------------------------------------


def test_profile_form_lists_each_error_with_a_link_to_its_field(client, freelancer):
    client.force_login(freelancer)
    data = profile_data(display_name="", website="pas une adresse", availability="")
    response = client.post("/compte/profil/", data)
    assert response.status_code == 400
    html = response.content.decode()
    links = assert_summary_matches_fields(html)
    anchors = [anchor for anchor, _ in links]
    assert anchors == ["id_display_name", "id_availability_0", "id_website"]
    assert "commençant par https://" in dict(links)["id_website"]
    assert dict(links)["id_display_name"].startswith("Nom affiché&nbsp;: ")  # named
    assert re.search(
        r'id="id_display_name"[^>]*|aria-invalid="true"[^>]*id="id_display_name"', html
    )
    website = re.search(r"<input[^>]*name=\"website\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in website and "id_website_error" in website
    # The radios' fieldset is described by its error.
    assert re.search(r'<fieldset[^>]*aria-describedby="[^"]*id_availability_error', html)
    assert "js/error_summary.js" in html  # the script that focuses the summary on load


def test_contact_relay_and_login_have_the_same_summary(client, profile):
    response = client.post("/annuaire/marie-dupont/contact/", {"name": "Jeanne"})
    links = assert_summary_matches_fields(response.content.decode())
    assert [anchor for anchor, _ in links] == ["id_email", "id_message", "id_consent"]
    response = client.post("/compte/login/", {"login": "", "password": ""})
    links = assert_summary_matches_fields(response.content.decode())
    assert [anchor for anchor, _ in links] == ["id_login", "id_password"]


def test_errors_of_the_whole_form_point_to_its_first_field(client, profile):
    response = client.post("/compte/login/", {"login": "marie.dupont@example.org", "password": "x"})
    html = response.content.decode()
    _block, links = error_summary(html)
    assert len(links) == 1 and links[0][0] == "id_login"
    assert "mot de passe" in links[0][1].lower()


# --- Files and help texts ------------------------------------------------------------


def test_the_photo_is_asked_again_after_an_error(client, freelancer):
    client.force_login(freelancer)
    data = profile_data(display_name="", photo_upload=image_upload())
    html = client.post("/compte/profil/", data).content.decode()
    assert french("Votre photo n’a pas été enregistrée : choisissez-la de nouveau.") in html
    photo_input = re.search(r"<input[^>]*name=\"photo_upload\"[^>]*>", html).group(0)
    assert "id_photo_upload_helptext" in photo_input  # read with the field
    # Without a photo in the failed attempt, nothing is said about it.
    html = client.post("/compte/profil/", profile_data(display_name="")).content.decode()
    assert "n’a pas été enregistrée" not in html


def test_bio_help_promises_only_what_the_bio_keeps(freelancer):
    help_text = str(ProfileForm().fields["bio"].help_text)
    assert "**" not in help_text
    for tag in re.findall(r"&lt;(\w+)", help_text):
        sample = f"<{tag}>x</{tag}>" if tag != "a" else '<a href="https://exemple.fr">x</a>'
        assert f"<{tag}" in clean_bio(sample), tag
    assert "<strong>gras</strong>" in clean_bio("Du <strong>gras</strong>.")


# --- The commune field ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, name",
    [
        ("Aurillac (15000)", "Aurillac"),
        ("aurillac", "Aurillac"),
        ("  SAINT FLOUR ", "Saint-Flour"),
        ("cezens", "Cézens"),
        ("43450", "Leyvaux"),  # a postcode of one commune
        ("15014", "Aurillac"),  # an INSEE code
    ],
)
def test_commune_by_name_postcode_or_insee(small_site, typed, name):
    assert CommuneField().clean(typed).name == name


def test_a_shared_postcode_names_its_communes(small_site):
    with pytest.raises(ValidationError) as error:
        CommuneField().clean("15000")
    assert "Aurillac, Ytrac" in error.value.messages[0]
    with pytest.raises(ValidationError):
        CommuneField().clean("Paris")


def test_commune_options_are_in_french_order(client, freelancer):
    assert sorted(["Cussac", "Cézens", "Chaudes-Aigues"], key=collation_key) == [
        "Cézens",
        "Chaudes-Aigues",
        "Cussac",
    ]
    client.force_login(freelancer)
    html = client.get("/compte/profil/").content.decode()
    commune_input = re.search(r"<input[^>]*name=\"commune\"[^>]*>", html).group(0)
    list_id = re.search(r'list="([^"]+)"', commune_input).group(1)
    options = re.findall(
        r'<option value="([^"]+)">',
        html.split(f'<datalist id="{list_id}">')[1].split("</datalist>")[0],
    )
    assert len(options) == 246
    assert options.index("Cézens (15230)") < options.index("Cussac (15430)")
    assert options == sorted(options, key=collation_key)


def test_the_saved_commune_is_shown_by_name(client, profile):
    client.force_login(profile.user)
    html = client.get("/compte/profil/").content.decode()
    commune = profile.commune
    assert f'value="{commune.name} ({commune.postcode})"' in html


# --- allauth in the site's voice -----------------------------------------------------


def test_verification_email_greets_without_a_made_up_username(client, small_site):
    from django.contrib.auth import get_user_model

    client.post("/compte/signup/", SIGNUP)
    [email] = delivered()
    user = get_user_model().objects.get(email=SIGNUP["email"])
    assert email.subject == "[CyberCantal] Confirmer votre adresse électronique"
    assert email.body.startswith("Bonjour,\n")
    assert user.username and user.username not in email.body.replace(SIGNUP["email"], "")
    assert "/compte/confirm-email/" in email.body
    words = re.sub(r"\S+://\S+", "", email.body.replace(SIGNUP["email"], ""))
    assert not EMAIL_WORDS.search(words)


def test_a_known_name_is_used_in_allauth_emails(client, profile):
    client.force_login(profile.user)
    client.post("/compte/email/", {"action_add": "", "email": "marie.nouvelle@example.org"})
    [email] = delivered()
    assert email.to == ["marie.nouvelle@example.org"]
    assert email.body.startswith("Bonjour Marie Dupont,\n")
    # The address page offers to send it again, for the pending address.
    html = client.get("/compte/email/").content.decode()
    assert "Renvoyer le courriel de confirmation" in html and "marie.nouvelle@example.org" in html
    cache.clear()  # allauth's cooldown has passed
    client.post("/compte/email/", {"action_send": "", "email": "marie.nouvelle@example.org"})
    assert len(delivered()) == 2 and delivered()[1].to == ["marie.nouvelle@example.org"]


def test_resend_the_verification_email(client, small_site):
    response = client.post("/compte/signup/", SIGNUP, follow=True)
    html = response.content.decode()
    assert "Renvoyer le courriel de confirmation" in html
    assert len(delivered()) == 1
    # Straight away: allauth's cooldown holds, and the page says so.
    html = client.post("/compte/confirmation/renvoyer/", follow=True).content.decode()
    assert "attendez quelques minutes" in html
    assert len(delivered()) == 1
    cache.clear()  # the cooldown's minutes have passed
    html = client.post("/compte/confirmation/renvoyer/", follow=True).content.decode()
    assert len(delivered()) == 2
    assert "Courriel de confirmation envoyé à lea.martin@example.org" in html
    link = re.search(r"http://[^/\s]+(/compte/confirm-email/\S+)", delivered()[1].body).group(1)
    client.post(link)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified


def test_resend_without_a_pending_sign_up_leads_to_login(client, small_site):
    response = client.post("/compte/confirmation/renvoyer/")
    assert response.status_code == 302 and response["Location"] == "/compte/login/"


def test_public_forms_say_adresse_electronique(client, profile, django_user_model):
    from events.factories import EventIndexPageFactory, EventPageFactory, at

    event = EventPageFactory(parent=EventIndexPageFactory(), start=at(10, 14))
    pages = {
        url: client.get(url).content.decode()
        for url in ["/compte/signup/", "/compte/login/", "/compte/password/reset/"]
    }
    pages["signup errors"] = client.post("/compte/signup/", {}).content.decode()
    pages["event"] = client.get(event.url).content.decode()
    pages["contact"] = client.get("/annuaire/marie-dupont/").content.decode()
    client.force_login(profile.user)
    for url in ["/compte/profil/", "/compte/email/", "/compte/password/change/", "/compte/"]:
        pages[url] = client.get(url).content.decode()
    for name, html in pages.items():
        text = Page(html).visible_text()
        assert not EMAIL_WORDS.search(text), (name, EMAIL_WORDS.search(text).group(0))
        assert not re.search(r"Courriel\s*:", text), name  # a label says « Adresse électronique »
    assert '<label for="id_email">Adresse électronique' in pages["/compte/signup/"]
    assert '<label for="id_login">Adresse électronique' in pages["/compte/login/"]


def test_password_rules_are_valid_html_tied_to_the_field(client, small_site):
    for html in (
        client.get("/compte/signup/").content.decode(),
        client.post("/compte/signup/", {"email": "x"}).content.decode(),
    ):
        page = Page(html)
        assert page.lists_in_paragraphs == 0
        assert dangling_describedby(html) == []
        password = re.search(r"<input[^>]*name=\"password1\"[^>]*>", html).group(0)
        assert "id_password1_helptext" in password
        assert re.search(r'<div class="help" id="id_password1_helptext"><ul>', html)


def test_the_name_of_someone_without_a_profile_comes_from_the_account(client, small_site):
    user = UserFactory(
        username="u123", email="jean@example.org", first_name="Jean", last_name="Roux"
    )
    client.force_login(user)
    client.post("/compte/email/", {"action_add": "", "email": "jean.roux@example.org"})
    assert delivered()[0].body.startswith("Bonjour Jean Roux,\n")
    assert ProfileFactory  # the factory module stays importable for the profile cases


def test_password_reset_and_taken_address_emails_speak_french_without_username(client, profile):
    client.post("/compte/password/reset/", {"email": "marie.dupont@example.org"})
    [reset] = delivered()
    assert reset.subject == "[CyberCantal] Choisir un nouveau mot de passe"
    assert reset.body.startswith("Bonjour Marie Dupont,\n")
    assert "/compte/password/reset/key/" in reset.body
    assert profile.user.username not in reset.body.replace("marie.dupont@example.org", "")
    client.post("/compte/signup/", {**SIGNUP, "email": "marie.dupont@example.org"})
    taken = delivered()[1]
    assert taken.subject == "[CyberCantal] Vous avez déjà un compte"
    assert "Un compte existe déjà" in taken.body and "/compte/password/reset/" in taken.body
