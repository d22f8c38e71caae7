"""Where a public page's time goes: its SQL queries and a cProfile of one request.

    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python scripts/profile_page.py / /telecentres/aurillac/
    ... --publish     # first publish the page (search, directory: a news item)
    ... --warm        # ask once first (the fragments cached apart from the page are warm)
    ... --no-cache    # page cache off (with --warm: what tests/test_query_counts.py counts)
    ... --top 30      # lines of the profile
    ... --repeat 7    # no profile: the median CPU and wall time of 7 rounds (each published first)

An anonymous visitor's GET through Django's test client, page cache on, as the site
serves it. Prints the queries (time and SQL, shortened) and the functions where the
time went (cumulative). A tool for people, not a test.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--publish", action="store_true", help="publish a news item first")
    parser.add_argument("--warm", action="store_true", help="ask for the page once first")
    parser.add_argument("--no-cache", action="store_true", help="page cache off (fragments on)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", type=int, default=160, help="characters of SQL shown")
    parser.add_argument("--repeat", type=int, default=0, help="no profile: median of N rounds")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page, Site

    from home.models import NewsPage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PAGE_CACHE_ENABLED = not args.no_cache
    client = Client()
    for path in args.paths:
        if args.warm:
            client.get(path)

        def publish(path=path):  # the page itself, or a news item for views outside the tree
            root = Site.objects.get(is_default_site=True).root_page
            url_path = root.url_path + path.split("?")[0].lstrip("/")
            page = Page.objects.filter(url_path=url_path).first()
            page = page.specific if page else NewsPage.objects.live().order_by("-date").last()
            page.save_revision().publish()

        if args.repeat:
            rounds = []
            for _ in range(args.repeat):
                if args.publish:
                    publish()
                with CaptureQueriesContext(connection) as queries:
                    began, cpu = time.perf_counter(), time.process_time()
                    client.get(path)
                    rounds.append(
                        ((time.process_time() - cpu) * 1000, (time.perf_counter() - began) * 1000)
                    )
            cpu, wall = (statistics.median(values) for values in zip(*rounds, strict=True))
            print(
                f"{path}: median of {args.repeat}: {cpu:.1f} ms CPU, {wall:.1f} ms wall, "
                f"{len(queries)} queries"
            )
            continue
        if args.publish:
            publish()
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            began, cpu = time.perf_counter(), time.process_time()
            profile.enable()
            response = client.get(path)
            profile.disable()
            wall = (time.perf_counter() - began) * 1000
            cpu = (time.process_time() - cpu) * 1000
        print(
            f"\n== {path}: {response.status_code}, {response.get('X-Page-Cache', '-')}, "
            f"{wall:.1f} ms wall, {cpu:.1f} ms CPU, {len(queries)} queries"
        )
        for query in queries:
            sql = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", query["sql"], count=1)
            print(f"  {float(query['time']) * 1000:5.1f} ms  {sql[: args.sql]}")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
