"""The sign-up form of an event or course opens with the site's one error summary."""

import pytest

from tests.html_checks import Page, dangling_describedby, error_summary

pytestmark = pytest.mark.django_db


def test_sign_up_errors_are_listed_with_links_to_their_fields(client, event, slot):
    posted = client.post(event.url, {"slot": str(slot.pk), "name": "", "email": "pas-une-adresse"})
    assert posted.status_code == 303  # the POST renders nothing: it redirects to the form
    assert posted["Location"] == event.url + "?inscription=erreur#inscription"
    response = client.get(posted["Location"])
    assert response.status_code == 400
    assert 'value="pas-une-adresse"' in response.content.decode()  # what was typed is kept
    html = response.content.decode()
    block, links = error_summary(html)
    assert "Il y a un problème" in block and 'tabindex="-1"' in block
    assert [anchor for anchor, _ in links] == ["id_name", "id_email", "id_consent"]
    assert "Saisissez une adresse électronique valide" in dict(links)["id_email"]
    page = Page(html)
    assert all(anchor in page.ids for anchor, _ in links)
    assert dangling_describedby(html) == []
    assert "Le formulaire contient" not in html  # the old count-only message is gone
