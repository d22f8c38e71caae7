"""Deletes the welcome desk's threads (question and answers) whose last message is older
than WELCOME_QUESTION_RETENTION_DAYS (default 365). The `purge` job of `run_scheduled`
runs it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from home.welcome import purge


class Command(BaseCommand):
    help = "Deletes the newcomers' questions past their retention period."

    def handle(self, *args, **options):
        deleted = purge()
        self.stdout.write(
            f"{deleted} question(s) de nouveaux arrivants sans message depuis "
            f"{settings.WELCOME_QUESTION_RETENTION_DAYS} jours supprimée(s)."
        )
