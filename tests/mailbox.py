"""What the site's mail queue has delivered: runs the queue (as the `email` job does, or
as the commit that follows a request does) and returns Django's test mailbox."""

from django.core import mail


def delivered():
    from portal.mail import run_queue

    run_queue(force=True)
    return mail.outbox
