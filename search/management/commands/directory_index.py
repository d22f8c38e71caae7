"""``manage.py directory_index rebuild|sync|status``: the directory's search indexes."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import documents, indexing


class Command(BaseCommand):
    help = (
        "rebuild: rewrites the directory's database terms and, when ELASTICSEARCH_URL is set, "
        "builds a new Elasticsearch index then switches the alias to it; "
        "sync: replays the changes not yet indexed (the `index` job of run_scheduled, "
        "every minute); "
        "status: counts in the database and in the index."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])
        parser.add_argument(
            "--backend",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="rebuild only this index (default: every configured one)",
        )

    def handle(self, *args, action, backend, **options):
        getattr(self, action)(backend)

    def rebuild(self, backend):
        started = time.monotonic()
        if backend in ("all", "database"):
            count = indexing.rebuild_database(self.stdout)
            self.stdout.write(f"Base de données : {count} profil(s) publics indexés.")
        if backend in ("all", "elasticsearch"):
            if not documents.configured():
                if backend == "elasticsearch":
                    raise CommandError("ELASTICSEARCH_URL n’est pas défini.")
            else:
                # What was queued before is in the new index; the queue is emptied after.
                name, count = indexing.rebuild_elasticsearch(self.stdout)
                self.stdout.write(
                    f"Elasticsearch : {count} document(s) dans {name}, alias {documents.alias_name()}."
                )
        indexing.process()
        self.stdout.write(self.style.SUCCESS(f"Reconstruit en {time.monotonic() - started:.1f} s."))

    def sync(self, backend):
        # An explicit replay (the `index` job, every minute) asks the cluster again at once,
        # whatever an earlier failure in this process said.
        documents.mark_up()
        done, left = indexing.process()
        self.stdout.write(f"{done} modification(s) indexée(s), {left} en attente.")
        if left:
            raise CommandError(
                f"{left} modification(s) restent en attente (Elasticsearch indisponible ?)."
            )

    def status(self, backend):
        info = indexing.status()
        self.stdout.write(f"Profils publics (base) : {info['public_profiles']}")
        self.stdout.write(f"Profils indexés (base) : {info['database_indexed']}")
        self.stdout.write(f"Modifications en attente : {info['pending']}")
        es = info["elasticsearch"]
        if es is None:
            self.stdout.write("Elasticsearch : non configuré (ELASTICSEARCH_URL vide).")
        elif "error" in es:
            self.stdout.write(self.style.ERROR(f"Elasticsearch : injoignable ({es['error']})"))
        else:
            self.stdout.write(
                f"Elasticsearch : {es['documents']} document(s) sous l’alias {es['alias']} "
                f"({', '.join(es['indices']) or 'aucun index'})"
            )
