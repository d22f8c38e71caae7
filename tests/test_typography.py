"""French typography on every public HTML page, in one place (the middleware)."""

import pytest

from django.conf import settings
from django.utils import translation

from events.factories import EventIndexPageFactory, EventPageFactory, at
from portal.formats import typography_html

NB, NN = "\u00a0", "\u202f"


@pytest.fixture
def fr():
    with translation.override("fr"):
        yield


def test_text_is_spaced_but_tags_entities_scripts_and_fields_are_not(fr):
    html = (
        '<p title="a : b">Complet ! Une question ? Oui ; non : « ici »</p>'
        "<p>Tom &amp; Jerry&nbsp;: 14:30</p>"
        '<script type="application/ld+json">{"a": "b ; c ?"}</script>'
        "<textarea>Bonjour : merci !</textarea><pre>x ; y</pre><!-- note : ici -->"
        '<a href="https://example.org/?a=1">Voir https://example.org/?a=1</a>'
    )
    assert typography_html(html) == (
        f'<p title="a : b">Complet{NN}! Une question{NN}? Oui{NN}; non{NB}: «{NB}ici{NB}»</p>'
        "<p>Tom &amp; Jerry&nbsp;: 14:30</p>"
        '<script type="application/ld+json">{"a": "b ; c ?"}</script>'
        "<textarea>Bonjour : merci !</textarea><pre>x ; y</pre><!-- note : ici -->"
        '<a href="https://example.org/?a=1">Voir https://example.org/?a=1</a>'
    )
    assert typography_html(typography_html(html)) == typography_html(html)  # idempotent


def test_english_is_left_alone():
    with translation.override("en"):
        assert typography_html("<p>Full! Yes?</p>") == "<p>Full! Yes?</p>"


@pytest.mark.django_db
def test_a_page_title_and_the_interface_are_spaced_for_french_readers(client, small_site):
    event = EventPageFactory(
        parent=EventIndexPageFactory(),
        title="Atelier : réussir ses visioconférences",
        start=at(6, 14),
    )
    html = client.get(event.url).content.decode()
    assert f"<h1>Atelier{NB}: réussir ses visioconférences</h1>" in html
    assert "Atelier : réussir" not in html.split("</head>")[1]
    # the structured data keep the editor's text as typed
    assert '"name": "Atelier : réussir ses visioconférences"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(event.url, follow=True).content.decode()  # its /en/ address
    assert "Atelier : réussir ses visioconférences</h1>" in english


@pytest.mark.django_db
def test_the_admin_keeps_wagtails_rendering(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert NN + "?" not in response.content.decode()
