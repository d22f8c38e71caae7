"""Anonymises sign-ups once their event is over by REGISTRATION_RETENTION_DAYS (run daily).

Names, emails, organisations and phones are wiped; statuses, counts and check-ins stay for
the figures; their sign-up emails not written yet are dropped. The `purge` job of
`run_scheduled` runs it daily (copies of sent emails go with the mail log, after
MAIL_LOG_RETENTION_DAYS).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationEmail


class Command(BaseCommand):
    help = "Anonymise les inscriptions des événements terminés depuis REGISTRATION_RETENTION_DAYS jours."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REGISTRATION_RETENTION_DAYS)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        now = timezone.now()
        limit = now - datetime.timedelta(days=days)
        due = Registration.objects.filter(anonymised_at__isnull=True, slot__end__lt=limit)
        count = due.count()
        if dry_run:
            self.stdout.write(f"{count} inscription(s) seraient anonymisées.")
            return
        with transaction.atomic():
            ids = list(due.values_list("pk", flat=True))
            RegistrationEmail.objects.filter(registration_id__in=ids).delete()
            services.anonymise(ids, now=now)
        self.stdout.write(
            f"Inscriptions anonymisées : {count} (événements terminés depuis plus de {days} jours)."
        )
