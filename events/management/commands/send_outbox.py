"""Sends the emails still waiting in the outbox (failed sends are retried; run every few minutes)."""

from django.core.management.base import BaseCommand

from events.outbox import send_pending


class Command(BaseCommand):
    help = (
        "Envoie les courriels en attente dans la boîte d’envoi (nouvel essai des envois échoués)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent, failed = send_pending(limit=limit)
        self.stdout.write(
            f"Courriels envoyés : {sent}, en échec (nouvel essai plus tard) : {failed}."
        )
        if failed:
            self.stderr.write(
                self.style.WARNING("Des envois ont échoué ; voir OutboxEmail.last_error.")
            )
