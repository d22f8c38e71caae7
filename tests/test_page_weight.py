"""The home page stays light for rural lines: under 300 KB on the wire with what it loads.

Every file the home page makes a browser load is summed as it travels: the page and the
text assets compressed (WhiteNoise serves them gzipped), images as they are. For each
``<picture>`` the largest of its candidates is counted (a browser loads one of them), so
the sum is an upper bound. Map tiles come from the tile server (``MAP_TILE_URL``), not from
this site: docs/performance.md gives their weight apart.
"""

import gzip
import re
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.test import Client

pytestmark = pytest.mark.django_db

BUDGET = 300 * 1024
TEXT = (".css", ".js", ".svg", ".webmanifest", ".json")


def _loaded(html):
    """The URLs a browser fetches to show the page (one candidate per picture)."""
    urls = re.findall(
        r'<link rel="(?:stylesheet|icon|apple-touch-icon|manifest)"[^>]*href="([^"]+)"', html
    )
    urls += re.findall(r'<script[^>]*src="([^"]+)"', html)
    for picture in re.findall(r"<picture>.*?</picture>", html, re.S):
        candidates = re.findall(r"(/media/\S+) \d+w", picture)
        urls.append(max(candidates, key=lambda url: default_storage.size(_media(url))))
    outside = re.sub(r"<picture>.*?</picture>", "", html, flags=re.S)
    urls += re.findall(r'<img[^>]*src="([^"]+)"', outside)
    return urls


def _media(url):
    return urlsplit(url).path.removeprefix(settings.MEDIA_URL)


def _wire_size(url):
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        data = open(finders.find(path.removeprefix(settings.STATIC_URL)), "rb").read()  # noqa: SIM115
    else:
        with default_storage.open(_media(url)) as file:
            data = file.read()
    return len(gzip.compress(data)) if path.endswith(TEXT) else len(data)


def test_the_home_page_with_its_images_and_assets_is_under_300_kb(demo):
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<picture>" in html  # the hero image is there, in modern formats
    sizes = {url: _wire_size(url) for url in _loaded(html)}
    total = len(gzip.compress(response.content)) + sum(sizes.values())
    assert total < BUDGET, f"{total / 1024:.0f} KB: {sorted(sizes.items(), key=lambda i: -i[1])}"


def test_images_have_dimensions_modern_formats_and_lazy_loading_below_the_fold(demo):
    html = Client().get("/").content.decode()
    for img in re.findall(r"<img [^>]*>", html):
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img), img
    hero = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert "srcset=" in hero and "sizes=" in hero and 'loading="lazy"' not in hero
