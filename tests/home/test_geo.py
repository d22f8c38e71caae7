"""Distances between communes: in Python and inside a database query, the same figures."""

import pytest

from home.geo import distance_km_expression, haversine_km
from home.models import Commune

pytestmark = pytest.mark.django_db


def test_haversine_gives_road_atlas_figures():
    aurillac = Commune.objects.get(name="Aurillac")
    saint_flour = Commune.objects.get(name="Saint-Flour")
    # about 52 km as the crow flies between the two prefectures' town halls
    assert aurillac.distance_km(saint_flour) == pytest.approx(52.4, abs=0.5)
    assert haversine_km(45.0, 2.5, 45.0, 2.5) == 0


def test_database_expression_matches_python_and_filters_by_radius():
    aurillac = Commune.objects.get(name="Aurillac")
    rows = (
        Commune.objects.annotate(d=distance_km_expression(aurillac.latitude, aurillac.longitude))
        .filter(d__lte=15)
        .order_by("d")
    )
    names = [row.name for row in rows]
    assert names[0] == "Aurillac"
    assert "Arpajon-sur-Cère" in names and "Saint-Flour" not in names
    for row in rows:
        assert row.d == pytest.approx(aurillac.distance_km(row), abs=0.01)


def test_commune_lookup_by_code_name_or_slug():
    assert Commune.lookup("15187").name == "Saint-Flour"
    assert Commune.lookup("riom-ès-montagnes").insee == "15162"
    assert Commune.lookup("RIOM-ES-MONTAGNES").insee == "15162"
    assert Commune.lookup("Paris") is None
    assert Commune.lookup("") is None
