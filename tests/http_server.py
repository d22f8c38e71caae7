"""A real gunicorn server on a loopback port, and a bounded crowd of HTTP clients.

Shared by the concurrency tests and the benchmarks (``benchmarks`` imports it from here: the
tests never import the benchmarks).
"""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """``gunicorn portal.wsgi`` with ``workers`` sync workers on ``database_url``."""

    def __init__(
        self, database_url, workers=4, settings="portal.settings.test", extra_env=None, port=None
    ):
        self.database_url = database_url
        self.workers = workers
        self.settings = settings
        self.extra_env = extra_env or {}
        self.port = port or free_port()
        self.process = None

    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def start(self, timeout=60):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings,
            "DATABASE_URL": self.database_url,
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        command = [
            sys.executable, "-m", "gunicorn", "portal.wsgi:application",
            "--workers", str(self.workers), "--bind", self.host, "--backlog", "1024",
            "--timeout", "120", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "gunicorn exited: " + self.process.stderr.read().decode()[-3000:]
                )
            try:
                status, _body, _headers = request(self.host, "GET", "/robots.txt")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def request(host, method, path, body=None, headers=None, timeout=120):
    connection = http.client.HTTPConnection(host, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def csrf_pair(host, path):
    """(cookie header, form token) from a GET of a page with a form."""
    status, body, headers = request(host, "GET", path)
    assert status == 200, (status, path)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return f"csrftoken={cookie}", token


def post_form(host, path, fields, cookie, token):
    data = urlencode({**fields, "csrfmiddlewaretoken": token})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"http://{host}{path}",
        "Origin": f"http://{host}",
    }
    status, body, _headers = request(host, "POST", path, body=data, headers=headers)
    return status, body


def crowd(tasks, concurrency):
    """Runs callables from at most ``concurrency`` threads, released together; returns results."""
    barrier = threading.Barrier(min(concurrency, len(tasks)))

    def run(index_task):
        index, task = index_task
        if index < barrier.parties:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=30)
        return task()

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(run, enumerate(tasks)))
