"""Wagtail hooks: certificates on « Mes inscriptions », demo data.

Sessions need no hook of their own on the home and centre pages, nor in the agenda's calendar
feed: they are ``events.Slot`` rows, which ``events`` already lists there.
"""

from wagtail import hooks

from .attendance import certificate_links


@hooks.register("cybercantal_registration_links")
def add_certificate_links(request, registrations):
    certificate_links(request, registrations)


@hooks.register("cybercantal_seed_demo")
def seed_training_demo(stdout=None, options=None):
    from .demo import seed_training

    created = seed_training()
    if stdout is not None:
        stdout.write(f"Formations : {created} formation(s) créée(s).")
