"""``manage.py directory_index rebuild|sync|status``: the directory's search entries."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import get_backend


class ProgressBar:
    """A text progress bar on a stream (the command's stdout)."""

    def __init__(self, stream=None, width=30):
        self.stream = stream if stream is not None else sys.stdout
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done, total):
        total = max(total, 1)
        filled = int(self.width * min(done, total) / total)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{' ' * (self.width - filled)}] "
            f"{done}/{total} ({100 * done // total} %, {elapsed:.1f} s)"
        )
        self.stream.flush()
        if done >= total:
            self.stream.write("\n")
            self.started = time.monotonic()


class Command(BaseCommand):
    help = (
        "rebuild: rewrites every entry of the configured backend (the database terms, and "
        "with ELASTICSEARCH_URL a new index, then the alias moves to it); "
        "sync: replays the changes not yet indexed (the `index` job of run_scheduled, "
        "every minute); "
        "status: what the backend holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])

    def handle(self, *args, action, **options):
        getattr(self, action)()

    def rebuild(self):
        started = time.monotonic()
        count = get_backend().rebuild(ProgressBar(self.stdout))
        # What was queued before is in the new entries; the queue is emptied after.
        indexing.process()
        self.stdout.write(f"{count} profil(s) publics indexés.")
        self.stdout.write(self.style.SUCCESS(f"Reconstruit en {time.monotonic() - started:.1f} s."))

    def sync(self):
        from search import documents

        # An explicit replay (the `index` job, every minute) asks the cluster again at once,
        # whatever an earlier failure in this process said.
        documents.mark_up()
        done, left = indexing.process()
        self.stdout.write(f"{done} modification(s) indexée(s), {left} en attente.")
        if left:
            raise CommandError(
                f"{left} modification(s) restent en attente (Elasticsearch indisponible ?)."
            )

    def status(self):
        for label, value in get_backend().status():
            self.stdout.write(f"{label} : {value}")
