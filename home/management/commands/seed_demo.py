"""Builds the demo site: idempotent, so running it twice adds nothing twice."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wagtail import hooks

from home.demo import seed_accounts, seed_pages
from home.demo_english import seed_english
from portal import hooks as portal_hooks


class Command(BaseCommand):
    help = "Creates realistic demo content: pages, centres, news, then what each app adds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profiles", type=int, default=60, help="Number of directory profiles."
        )
        parser.add_argument("--no-index", action="store_true", help="Skip the search index update.")

    def handle(self, *args, **options):
        created = seed_pages(self.stdout)
        self.stdout.write(f"Pages du réseau : {created} créée(s).")
        accounts = seed_accounts()
        # Other apps (events, training, directory) add their own demo content.
        for seeder in hooks.get_hooks(portal_hooks.SEED_DEMO):
            seeder(stdout=self.stdout, options=options)
        # The communes' pages last: they show the centres, events and profiles made above
        # (in the summary, the nearest centre).
        # The English pages (/en/): home, centres, newcomers' hub; build_communes then makes
        # the English commune pages too.
        started = time.monotonic()
        created = seed_english()
        self.stdout.write(f"Pages en anglais : {created} créée(s).")
        call_command("build_communes", stdout=self.stdout)
        self.stdout.write(f"(pages en anglais et communes : {time.monotonic() - started:.1f} s)")
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
            self.stdout.write("Index de recherche mis à jour.")
        if accounts:
            self.stdout.write(
                self.style.SUCCESS(
                    "Comptes de démonstration (mot de passe « cantal-dev ») : "
                    + ", ".join(accounts)
                )
            )
