"""``manage.py build_communes``: creates or updates the 246 commune pages (idempotent)."""

from django.core.management.base import BaseCommand

from home.commune_builder import build, languages
from home.models import Commune


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les pages des communes (/communes/<commune>/) à partir des données ; "
        "ne remplace jamais le texte ni les images des rédacteurs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "insee", nargs="*", help="Codes INSEE des communes à traiter (toutes par défaut)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, **options):
        communes = Commune.objects.order_by("name")
        if options["insee"]:
            communes = communes.filter(insee__in=options["insee"])
        default, *others = languages()
        for language in [default, *others]:
            counts = build(
                self.stdout,
                communes=communes,
                progress=not options["no_progress"],
                language=language,
            )
            if counts is None:  # a language without its home page: nothing to build
                continue
            label = "" if language == default else f" ({language})"
            self.stdout.write(
                f"Pages des communes{label} : "
                "{created} créée(s), {updated} mise(s) à jour, "
                "{unchanged} inchangée(s).".format(**counts)
            )
