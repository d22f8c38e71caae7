"""Builds the demo site: idempotent, so running it twice adds nothing twice."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wagtail import hooks

from home.demo import seed_accounts, seed_pages


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
        for seeder in hooks.get_hooks("cybercantal_seed_demo"):
            seeder(stdout=self.stdout, options=options)
        # The communes' pages last: they show the centres, events and profiles made above
        # (in the summary, the nearest centre).
        call_command("build_communes", stdout=self.stdout)
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
