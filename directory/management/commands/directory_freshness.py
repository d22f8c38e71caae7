"""Keeps the directory current. The `freshness` job of `run_scheduled` runs it daily.

1. Public profiles not updated nor confirmed for DIRECTORY_FRESHNESS_DAYS (six months) get an
   email "still available?" with a signed one-click confirmation link (sent once).
2. Profiles whose reminder is DIRECTORY_FRESHNESS_GRACE_DAYS (a month) old without a
   confirmation stop appearing (``is_stale``) until their owner confirms or edits them;
   the owner is told by email.
3. With ``DIRECTORY_MODERATION_NOTIFY = "daily"``, the moderators get one list of the
   profiles waiting for review (``directory.moderation.send_moderation_digest``).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from directory import emails
from directory.models import Profile
from directory.signals import sync_search_indexes
from directory.tokens import freshness_url


class Command(BaseCommand):
    help = "Asks owners of old profiles to confirm them; withdraws those left unconfirmed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, do nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        due = now - datetime.timedelta(days=settings.DIRECTORY_FRESHNESS_DAYS)
        grace = now - datetime.timedelta(days=settings.DIRECTORY_FRESHNESS_GRACE_DAYS)

        to_remind = Profile.objects.public().filter(
            confirmed_at__lt=due, reminder_sent_at__isnull=True
        )
        reminded = 0
        for profile in to_remind.select_related("user"):
            if not dry_run:
                with transaction.atomic():  # marked and its email queued together
                    profile.reminder_sent_at = now
                    profile.save(update_fields=["reminder_sent_at"])
                    emails.send_to_owner(
                        profile, "freshness_reminder", confirm_url=freshness_url(profile)
                    )
            reminded += 1

        to_withdraw = Profile.objects.public().filter(reminder_sent_at__lt=grace)
        withdrawn = 0
        for profile in to_withdraw.select_related("user"):
            if not dry_run:
                with transaction.atomic():
                    profile.is_stale = True
                    profile.save(update_fields=["is_stale"])
                    sync_search_indexes(profile)
                    emails.send_to_owner(
                        profile, "freshness_withdrawn", confirm_url=freshness_url(profile)
                    )
            withdrawn += 1

        digests = 0
        if settings.DIRECTORY_MODERATION_NOTIFY == "daily" and not dry_run:
            from directory.moderation import send_moderation_digest

            digests = send_moderation_digest()

        prefix = "(simulation) " if dry_run else ""
        self.stdout.write(
            f"{prefix}{reminded} relance(s) envoyée(s), {withdrawn} profil(s) retiré(s) de "
            f"l’annuaire, {digests} liste(s) de profils à examiner envoyée(s) aux modérateurs."
        )
