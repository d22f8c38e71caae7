"""``manage.py run_scheduled [JOB ...] [--list]``: the site's one schedule (``portal.schedule``).

With no name, runs every job that is due and exits: cron calls it every minute,

    * * * * *  cd /srv/cybercantal && .venv/bin/python manage.py run_scheduled

With names, runs those jobs now (``email`` then also retries every failed email at once).
``--list`` shows each job, its cadence and its last run. Exits with an error when a job
failed (its summary says why; so does ``--list``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from portal import schedule


def _cadence(every):
    minutes = int(every.total_seconds() // 60)
    if minutes < 60:
        return f"toutes les {minutes} min" if minutes > 1 else "chaque minute"
    hours = minutes // 60
    if hours < 24:
        return f"toutes les {hours} h" if hours > 1 else "chaque heure"
    return "chaque jour"


def _when(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "jamais"


class Command(BaseCommand):
    help = (
        "Runs the scheduled jobs that are due (cron: every minute), or the named ones now. "
        f"Jobs: {', '.join(schedule.JOBS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("jobs", nargs="*", metavar="JOB")
        parser.add_argument(
            "--list", action="store_true", dest="show_list", help="each job, its cadence, last run"
        )

    def handle(self, *args, jobs, show_list, **options):
        unknown = [name for name in jobs if name not in schedule.JOBS]
        if unknown:
            raise CommandError(
                f"Tâche inconnue : {', '.join(unknown)} (tâches : {', '.join(schedule.JOBS)})."
            )
        if show_list:
            return self.list_jobs()
        failed = []
        for outcome in schedule.run(jobs):
            name = outcome.job.name
            if outcome.status in ("busy", "not due"):
                if jobs:
                    self.stdout.write(f"{name} : déjà en cours ailleurs, non relancée.")
                continue
            line = f"{name} : {'réussie' if outcome.status == 'ok' else 'ÉCHEC'} ({outcome.seconds:.1f} s)"
            if outcome.summary:
                line += "\n  " + outcome.summary.replace("\n", "\n  ")
            if outcome.status == "ok":
                self.stdout.write(line)
            else:
                self.stderr.write(self.style.ERROR(line))
                failed.append(name)
        if failed:
            raise CommandError(f"Tâche(s) en échec : {', '.join(failed)}.")

    def list_jobs(self):
        for name, record in schedule.last_runs().items():
            job = schedule.JOBS[name]
            if record is None or record.started_at is None:
                last = "jamais lancée"
            elif record.running_since:
                last = f"en cours depuis {_when(record.running_since)}"
            else:
                result = {True: "réussie", False: "ÉCHEC", None: "interrompue"}[record.ok]
                last = f"dernière : {_when(record.started_at)}, {result}"
                if record.summary:
                    last += f" — {record.summary.splitlines()[0][:120]}"
            self.stdout.write(
                f"{name:<10} {_cadence(job.every):<16} {last}\n           {job.description}"
            )
