"""The dashboard's charts (issue 10, item 7): labels never clipped, capacity shown."""

import re

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory, at
from home.charts import BarChart

pytestmark = pytest.mark.django_db


def test_labels_start_at_the_left_edge_on_their_own_line():
    chart = BarChart("Inscrits", [("17 décembre, 14 h — Atelier", 3, 12), ("Court", 12, 12)])
    bars = chart.bars()
    for bar in bars:
        assert bar["label_y"] < bar["y"]  # the label is above its bar, from x = 0
        assert bar["text_x"] + 8 * len(bar["figure"]) <= chart.chart_width + 8
    assert bars[0]["capacity_width"] == bars[1]["width"]  # same capacity, same length
    assert bars[0]["width"] * 4 == pytest.approx(bars[0]["capacity_width"], abs=4)
    assert bars[0]["figure"] == "3 / 12"


def test_dashboard_shows_sign_ups_against_capacity_with_whole_dates(admin_client, small_site):
    page = EventPageFactory(
        parent=EventIndexPageFactory(), title="Atelier CV", capacity=2, start=at(10, 14)
    )
    slot = page.slots.get()
    for i in range(3):
        RegistrationFactory(slot=slot, name=f"P{i}", email=f"p{i}@example.org")
    html = admin_client.get("/admin/").content.decode()
    panel = html[html.index("Le réseau en chiffres") :]
    svg = panel[panel.index("Inscrits aux prochaines dates") :]
    svg = svg[: svg.index("</svg>")]
    from portal import formats

    label = f"{formats.date(slot.start, year=False)}, {formats.clock(slot.start)} — Atelier CV"
    assert re.search(rf'<text x="0" y="\d+" font-size="13" fill="currentColor">{label}</text>', svg)
    assert "2 / 2 + 1 en attente" in svg
    assert 'text-anchor="end"' not in svg  # nothing is drawn leftwards of x = 0
