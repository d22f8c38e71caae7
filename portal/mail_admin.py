"""The mail queue in the Wagtail admin (Reports menu), read only, for staff.

"Courriels en attente": the queue (waiting, or failed and waiting for their next try);
"Courriels envoyés": the log of every attempt (sent, failed) kept MAIL_LOG_RETENTION_DAYS.
Shown to superusers and to groups given the "view" permission on them.
"""

from mailer.models import PRIORITY_DEFERRED, RESULT_SUCCESS, Message, MessageLog

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .mail import next_retry_at


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The queue is written by the site and sent by the ``email`` job: staff only look."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


def _recipients(row):
    message = row.email
    return ", ".join(message.to) if message is not None else "—"


def _subject(row):
    message = row.email
    return message.subject if message is not None else "—"


def _queue_state(row):
    if row.priority != PRIORITY_DEFERRED:
        return _("En attente d’envoi")
    when = date_format(
        localtime(next_retry_at(row.when_added, row.retry_count)), "SHORT_DATETIME_FORMAT"
    )
    return _("En échec ; nouvel essai vers %(when)s") % {"when": when}


class ReportsMenuViewSet(ModelViewSet):
    menu_hook = "register_reports_menu_item"
    icon = "mail"
    inspect_view_enabled = False
    copy_view_enabled = False
    search_backend_name = None


class QueuedMailViewSet(ReportsMenuViewSet):
    model = Message
    menu_label = _("Courriels en attente")
    menu_order = 9100
    url_prefix = "courriels/file"
    url_namespace = "mail_queue"
    list_display = [
        DateColumn("when_added", label=_("Écrit le")),
        Column("to", label=_("Destinataire"), accessor=_recipients),
        Column("subject", label=_("Objet"), accessor=_subject),
        Column("state", label=_("État"), accessor=_queue_state),
        Column("retry_count", label=_("Nouveaux essais")),
    ]
    list_filter = ["priority"]
    ordering = ["when_added"]
    form_fields = ["priority"]


class MailLogViewSet(ReportsMenuViewSet):
    model = MessageLog
    menu_label = _("Courriels envoyés")
    menu_order = 9101
    url_prefix = "courriels/journal"
    url_namespace = "mail_log"
    list_display = [
        DateColumn("when_attempted", label=_("Tentative le")),
        Column("to", label=_("Destinataire"), accessor=_recipients),
        Column("subject", label=_("Objet"), accessor=_subject),
        Column(
            "result",
            label=_("Résultat"),
            accessor=lambda row: _("Envoyé") if row.result == RESULT_SUCCESS else _("Échec"),
        ),
        Column("log_message", label=_("Erreur")),
    ]
    list_filter = ["result", "when_attempted"]
    ordering = ["-when_attempted"]
    form_fields = ["result"]


register_permission_policy(Message, ViewOnlyPermissionPolicy(Message))
register_permission_policy(MessageLog, ViewOnlyPermissionPolicy(MessageLog))
