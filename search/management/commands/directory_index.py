"""``manage.py directory_index rebuild|sync|status``: the directory's search entries."""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.progress import Progress
from search import indexing
from search.backends import get_backend


class ProgressBar:
    """The backends' ``progress(done, total)`` drawn with the project's one progress bar
    (``portal.progress``); a new bar for each pass (database terms, then the index)."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None

    def __call__(self, done, total):
        if self.bar is None or done < self.bar.done:
            self.bar = Progress(total, self.stream)
        self.bar.advance(done - self.bar.done)
        if done >= total:
            self.bar.finish()
            self.bar = None


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
