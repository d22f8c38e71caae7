from wagtail import hooks

from .mail_admin import MailLogViewSet, QueuedMailViewSet


@hooks.register("register_admin_viewset")
def register_mail_viewsets():
    return [QueuedMailViewSet(), MailLogViewSet()]
