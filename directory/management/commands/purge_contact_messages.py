"""Deletes relayed contact messages older than CONTACT_MESSAGE_RETENTION_DAYS (default 90).

The `purge` job of `run_scheduled` runs it daily.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from directory.models import ContactMessage


class Command(BaseCommand):
    help = "Deletes relayed contact messages past their retention period."

    def handle(self, *args, **options):
        deleted, _detail = ContactMessage.objects.expired().delete()
        self.stdout.write(
            f"{deleted} message(s) de plus de {settings.CONTACT_MESSAGE_RETENTION_DAYS} jours supprimé(s)."
        )
