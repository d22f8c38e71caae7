from wagtail import hooks

from . import hooks as portal_hooks
from .mail_admin import MailLogViewSet, QueuedMailViewSet


@hooks.register("register_admin_viewset")
def register_mail_viewsets():
    return [QueuedMailViewSet(), MailLogViewSet()]


# After the apps' own seeders (order): the agenda page comes from events'.
@hooks.register(portal_hooks.SEED_DEMO, order=100)
def seed_site_links_demo(stdout=None, options=None):
    from .demo import seed_site_links

    filled = seed_site_links()
    if stdout is not None and filled:
        stdout.write(f"Pages de référence du site : {filled} choisie(s).")


@hooks.register(portal_hooks.SEED_TEST, order=100)
def seed_site_links_test():
    from .demo import seed_site_links

    seed_site_links()
