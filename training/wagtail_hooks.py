"""Wagtail hooks: certificates on « Mes inscriptions », demo data.

Sessions need no hook of their own on the home and centre pages, nor in the agenda's calendar
feed: they are ``events.Slot`` rows, which ``events`` already lists there.
"""

from wagtail import hooks

from portal import hooks as portal_hooks

from .attendance import certificate_links


@hooks.register(portal_hooks.REGISTRATION_LINKS)
def add_certificate_links(request, registrations):
    certificate_links(request, registrations)


@hooks.register(portal_hooks.SEED_DEMO)
def seed_training_demo(stdout=None, options=None):
    from .demo import seed_training

    created = seed_training()
    if stdout is not None:
        stdout.write(f"Formations : {created} formation(s) créée(s).")
