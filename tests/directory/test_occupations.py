"""The trades vocabulary: a starting set covering every skill, edited by moderators in
the admin beside the skills."""

import pytest

from directory.models import Occupation, Skill
from directory.occupations_data import OCCUPATIONS
from directory.skills_data import all_skill_names

pytestmark = pytest.mark.django_db


def test_the_starting_trades_cover_every_starting_skill(small_site):
    covered = set(Skill.objects.filter(occupations__isnull=False).values_list("name", flat=True))
    assert set(all_skill_names()) <= covered
    assert Occupation.objects.count() == len(OCCUPATIONS)
    developer = Occupation.objects.get(name="Développeur")
    assert {"Développeur", "Développeuse", "dev"} <= set(developer.forms())


def test_moderators_edit_trades_beside_the_skills(client, moderator):
    client.force_login(moderator)
    listing = client.get("/admin/annuaire/metiers/", {"q": "graph"})
    assert listing.status_code == 200
    assert "Graphiste" in listing.content.decode()
    skill = Skill.objects.get(name="Paie")
    response = client.post(
        "/admin/annuaire/metiers/new/",
        {"name": "Paysagiste", "feminine": "", "abbreviations": "jardinier, jardinière",
         "skills": [skill.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.status_code
    trade = Occupation.objects.get(name="Paysagiste")
    assert list(trade.skills.all()) == [skill]
    assert "jardinière" in trade.forms()
