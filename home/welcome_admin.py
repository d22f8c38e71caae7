"""The welcome desk in the Wagtail admin: the questions, each with its thread and a
« Répondre » view whose answer is emailed through the mail queue."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .welcome import WelcomeQuestion, answer

ANSWER = "home.change_welcomequestion"


class QuestionsPermissionPolicy(ModelPermissionPolicy):
    """Questions come from the public form: never added nor edited in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy", "change"):
            return False
        if action == "view":
            return super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Votre réponse (envoyée par courriel)"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class QuestionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Lire et répondre"),
                url=reverse("welcome_questions:reply", args=[instance.pk]),
                icon_name="mail",
                priority=5,
            ),
        )
        return buttons


class ReplyView(WagtailAdminTemplateMixin, TemplateView):
    """The question, every answer sent, and the form for a new answer."""

    template_name = "home/admin/welcome_reply.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm(ANSWER):
            raise PermissionDenied
        self.question = get_object_or_404(WelcomeQuestion.objects.select_related("commune"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Question d’un nouvel arrivant")

    def get_page_subtitle(self):
        return self.question.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("welcome_questions:index"), "label": _("Nouveaux arrivants")},
            {"url": "", "label": self.question.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "question": self.question,
                "replies": self.question.replies.select_related("author"),
                "form": kwargs.get("form") or ReplyForm(),
            }
        )
        return context

    def post(self, request, pk):
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Écrivez une réponse d’au moins quelques mots."))
            return self.render_to_response(self.get_context_data(form=form))
        answer(self.question, form.cleaned_data["body"], request.user)
        messages.success(
            request,
            _("Votre réponse est envoyée à %(email)s.") % {"email": self.question.email},
        )
        return redirect(reverse("welcome_questions:reply", args=[self.question.pk]))


class WelcomeQuestionViewSet(ModelViewSet):
    model = WelcomeQuestion
    icon = "help"
    menu_label = gettext_lazy("Nouveaux arrivants")
    menu_order = 260
    url_prefix = "nouveaux-arrivants"
    url_namespace = "welcome_questions"
    index_view_class = QuestionIndexView
    list_display = [
        "name",
        "email",
        "commune",
        Column("status", label=gettext_lazy("État"), accessor="get_status_display"),
        DateColumn("created_at", label=gettext_lazy("Reçue le")),
        DateColumn("last_activity_at", label=gettext_lazy("Dernier message")),
    ]
    list_filter = ["status"]
    search_fields = ["name", "email", "question"]
    search_backend_name = None
    form_fields = ["name"]
    copy_view_enabled = False
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reply/<int:pk>/", ReplyView.as_view(), name="reply"),
        ]


register_permission_policy(WelcomeQuestion, QuestionsPermissionPolicy(WelcomeQuestion))
