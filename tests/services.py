"""Which real services the suite can reach, and what to do when one is missing.

Outside CI a missing service skips its tests with the reason. With
REQUIRE_POSTGRES=1, REQUIRE_ELASTICSEARCH=1 or REQUIRE_BROWSER=1 (as .ci/run
sets them) a missing service fails those tests instead.
"""

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def required(name):
    return os.environ.get(f"REQUIRE_{name}", "") in ("1", "true", "yes")


def unavailable(name, reason):
    """Skips the current test, or fails it when the service is required."""
    if required(name):
        pytest.fail(
            f"{name} is required (REQUIRE_{name}=1) but unavailable: {reason}", pytrace=False
        )
    pytest.skip(f"{name.lower()} unavailable: {reason}")


def port_open(url, default_port):
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def chromium_path():
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def elasticsearch_url():
    return (
        os.environ.get("TEST_ELASTICSEARCH_URL")
        or os.environ.get("ELASTICSEARCH_URL")
        or "http://127.0.0.1:9200"
    )
