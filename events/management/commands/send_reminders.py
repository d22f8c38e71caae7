"""Emails confirmed people whose event starts within 48 hours, each person once.

The `reminders` job of `run_scheduled` runs it (hourly).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.models import Registration
from events.outbox import queue_registration_email


class Command(BaseCommand):
    help = "Envoie un rappel aux personnes inscrites dont l’événement commence dans les 48 heures."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=settings.REGISTRATION_REMINDER_HOURS)

    def handle(self, *args, hours, **options):
        now = timezone.now()
        due = Registration.objects.filter(
            status=Registration.CONFIRMED,
            reminder_sent_at__isnull=True,
            slot__cancelled=False,
            slot__start__gt=now,
            slot__start__lte=now + datetime.timedelta(hours=hours),
        ).exclude(email="")
        count = 0
        for pk in due.values_list("pk", flat=True):
            with transaction.atomic():
                # Marked in the same transaction as the email's row: a rerun never sends twice.
                registration = (
                    Registration.objects.select_for_update(of=("self",))
                    .select_related("slot", "slot__page", "slot__telecentre__commune")
                    .get(pk=pk)
                )
                if registration.reminder_sent_at or registration.status != Registration.CONFIRMED:
                    continue
                registration.reminder_sent_at = now
                registration.save(update_fields=["reminder_sent_at", "updated_at"])
                queue_registration_email(registration, "reminder")
                count += 1
        self.stdout.write(f"Rappels programmés : {count}.")
