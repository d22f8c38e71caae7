"""Small readers of the training pages' HTML, shared by the training tests."""

import re


def section(html, heading_id):
    """The HTML of the ``<section aria-labelledby=heading_id>``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def day_cell(html, day):
    """The month calendar's cell for ``day`` (a date), as HTML."""
    match = re.search(rf'data-date="{day.isoformat()}">(.*?)</td>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group(1)


def count_queries(client, url):
    """Queries of one GET (after a first one that warms caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)
