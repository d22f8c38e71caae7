"""Where a sign-up POST's time goes: CPU per POST, its SQL queries and a cProfile.

    DATABASE_URL=sqlite:////tmp/signup.sqlite3 .venv/bin/python scripts/profile_signup.py
    ... --posts 80      # POSTs timed (half of them get a seat, half are waitlisted)
    ... --top 40        # lines of the profile (0: none)
    ... --sort tottime  # the profile's order (cumulative by default)

Migrates the database, seeds the demo pages and agenda if they are missing, adds an event
with a date of ``posts / 2`` seats, then posts the public sign-up form to it through
Django's test client (test settings). Prints the median CPU time per POST (seated,
waitlisted), the queries of one of each, and a cProfile of 20 more; then the CPU time of
the ``email`` job that renders and sends their emails (the POST only records them), per
email. A tool for people, not a test (see docs/performance.md).
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=80)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page

    from events.demo import seed_agenda
    from events.factories import EventPageFactory, at
    from home.demo import seed_pages
    from home.models import TelecentrePage

    call_command("migrate", verbosity=0)
    if not TelecentrePage.objects.filter(slug="aurillac").exists():
        seed_pages()
        seed_agenda()
    seats = args.posts // 2
    page = EventPageFactory(
        parent=Page.objects.get(slug="agenda").specific,
        title=f"Profil des inscriptions {time.time():.0f}",
        telecentre=TelecentrePage.objects.get(slug="aurillac"),
        capacity=seats + 2,
        start=at(20),
    )
    slot = page.slots.get()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.get(page.url)
    numbers = iter(range(10**6))

    def post():
        data = {"slot": slot.pk, "name": "Personne", "consent": "on"}
        data["email"] = f"p{next(numbers)}-{time.time()}@example.org"
        response = client.post(page.url, data)
        assert response.status_code == 303, response.status_code
        # A visitor follows the redirect, whose page shows (and clears) the message: its
        # cookie does not grow from one POST to the next.
        client.cookies.pop("messages", None)
        return response

    def queries(label):
        with CaptureQueriesContext(connection) as captured:
            post()
        print(f"\n{label}: {len(captured)} queries")
        for query in captured:
            print("  ", re.sub(r"^SELECT .*? FROM", "SELECT … FROM", query["sql"])[:140])

    post()  # warm-up
    queries("one seated POST")
    cpu = []
    for _ in range(args.posts):
        began = time.process_time()
        post()
        cpu.append((time.process_time() - began) * 1000)
    queries("one waitlisted POST")
    seated, waitlisted = cpu[:seats], cpu[seats:]
    print(
        f"\nCPU per POST, median: {statistics.median(cpu):.1f} ms; seated "
        f"{statistics.median(seated):.1f} ms, waitlisted {statistics.median(waitlisted):.1f} ms"
    )
    if args.top:
        profile = cProfile.Profile(time.process_time)  # CPU, not waiting
        profile.enable()
        for _ in range(20):
            post()
        profile.disable()
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    from events.models import RegistrationEmail
    from portal.mail import run_queue

    waiting = RegistrationEmail.objects.count()
    began = time.process_time()
    sent = run_queue()["sent"]
    spent = (time.process_time() - began) * 1000
    print(
        f"\nThe `email` job: {waiting} recorded, {sent} sent, "
        f"CPU {spent / max(sent, 1):.1f} ms per email"
    )


if __name__ == "__main__":
    main()
