"""Wagtail admin for the directory: profiles to review, skills to curate, relayed messages.

Editors never write a freelancer's profile: they approve it, reject it with a reason
(emailed to its owner), fix its address (slug) or delete it for abuse.
"""

import django_filters

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .diff import changes_since_approval
from .models import ContactMessage, Occupation, Profile, Skill

MODERATE = "directory.change_profile"


class NoCreatePermissionPolicy(ModelPermissionPolicy):
    """Profiles are written by freelancers and messages by visitors: never added in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


class ReadOnlyPermissionPolicy(NoCreatePermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("change",):
            return False
        return super().user_has_permission(user, action)


# ---------------------------------------------------------------------------
# Profiles


class ProfileIndexView(IndexView):
    def get_base_queryset(self):
        # Profiles waiting for review first, then the most recently updated.
        waiting_first = Case(
            When(state=Profile.State.SUBMITTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            super()
            .get_base_queryset()
            .select_related("commune", "telecentre")
            .order_by(waiting_first, "-updated_at")
        )

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        """The profile's name opens its review (what moderators come for), not the form that
        only fixes its address."""
        if not self.request.user.has_perm(MODERATE):
            return super()._get_title_column(field_name, column_class, **kwargs)
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name,
            column_class,
            get_url=lambda profile: reverse("directory_profiles:review", args=[profile.pk]),
            **kwargs,
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(MODERATE):
            buttons.insert(
                0,
                ListingButton(
                    _("Examiner"),
                    url=reverse("directory_profiles:review", args=[instance.pk]),
                    icon_name="view",
                    priority=5,
                ),
            )
        return buttons


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus (envoyé à l’auteur)"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProfileReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One profile as the public would see it, what changed since its last approval, and
    the approve / reject actions."""

    template_name = "directory/admin/review.html"
    header_icon = "user"

    def dispatch(self, request, pk):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        self.profile = get_object_or_404(
            Profile.objects.select_related("commune", "telecentre", "photo", "user"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Examiner le profil")

    def get_page_subtitle(self):
        return self.profile.display_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("directory_profiles:index"), "label": _("Profils")},
            {"url": "", "label": self.profile.display_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "profile": self.profile,
                "skills": self.profile.skill_names(),
                "proposed_skills": self.profile.proposed_skill_names(),
                "diff": changes_since_approval(self.profile),
                "reject_form": kwargs.get("reject_form") or RejectForm(),
                "is_public": self.profile.is_public,
            }
        )
        return context

    def post(self, request, pk):
        profile = self.profile
        if request.POST.get("action") == "approve":
            # Published, reindexed and its email queued in one transaction: all or nothing.
            services.approve_profile(profile, request.user)
            messages.success(
                request,
                _("Le profil « %(name)s » est validé et publié.") % {"name": profile.display_name},
            )
            return redirect(reverse("directory_profiles:index") + "?state=submitted")
        if request.POST.get("action") == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(
                    request, _("Indiquez le motif du refus : il sera envoyé à l’auteur.")
                )
                return self.render_to_response(self.get_context_data(reject_form=form))
            services.reject_profile(profile, request.user, form.cleaned_data["reason"])
            messages.success(
                request,
                _("Le profil « %(name)s » est refusé ; son auteur est prévenu.")
                % {"name": profile.display_name},
            )
            return redirect(reverse("directory_profiles:index") + "?state=submitted")
        return redirect(request.path)


def visibility_in_words(profile):
    if profile.is_hidden:
        return _("Masqué par son auteur")
    if profile.is_stale:
        return _("Retiré faute de confirmation")
    return _("Visible") if profile.state == Profile.State.APPROVED else "—"


class ProfileViewSet(ModelViewSet):
    model = Profile
    icon = "user"
    menu_label = gettext_lazy("Profils")
    menu_order = 100
    url_prefix = "annuaire/profils"
    url_namespace = "directory_profiles"
    index_view_class = ProfileIndexView
    list_display = [
        "display_name",
        Column("state", label=gettext_lazy("État"), accessor="get_state_display"),
        "commune",
        "telecentre",
        Column("is_hidden", label=gettext_lazy("Visibilité"), accessor=visibility_in_words),
        DateColumn("updated_at", label=gettext_lazy("Modifié le")),
    ]
    list_filter = ["state", "is_hidden", "is_stale", "availability", "commune", "telecentre"]
    search_fields = ["display_name", "headline"]
    search_backend_name = None
    form_fields = ["slug"]
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", ProfileReviewView.as_view(), name="review"),
        ]


# ---------------------------------------------------------------------------
# Skills


class SkillFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"),
        choices=[
            ("shared", gettext_lazy("partagée")),
            ("proposed", gettext_lazy("proposée par un profil")),
        ],
        method="filter_status",
        empty_label=gettext_lazy("Toutes"),
    )

    class Meta:
        model = Skill
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "shared":
            return queryset.shared()
        if value == "proposed":
            return queryset.proposed()
        return queryset


def skill_status(skill):
    if skill.is_shared:
        return _("partagée")
    return _("proposée par « %(name)s »") % {"name": skill.proposed_by.display_name}


class SkillIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .with_usage()
            .select_related("proposed_by")
            .prefetch_related("synonyms")
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_shared and self.request.user.has_perm("directory.change_skill"):
            buttons.insert(
                0,
                ListingButton(
                    _("Valider (partager)"),
                    url=reverse("directory_skills:share", args=[instance.pk]),
                    icon_name="check",
                    priority=5,
                ),
            )
        if self.request.user.has_perm("directory.delete_skill"):
            buttons.append(
                ListingButton(
                    _("Fusionner dans une autre"),
                    url=reverse("directory_skills:merge", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=25,
                )
            )
        return buttons


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=gettext_lazy("Compétence à garder"),
        queryset=Skill.objects.none(),
        help_text=gettext_lazy(
            "Les profils de la compétence fusionnée passent à celle-ci ; son nom en devient un synonyme."
        ),
    )

    def __init__(self, skill, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Skill.objects.shared().exclude(pk=skill.pk).order_by("name")
        )


class SkillActionMixin:
    """An admin screen acting on one skill, under « Compétences » in the breadcrumbs."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("directory_skills:index"), "label": _("Compétences")},
            {"url": "", "label": self.get_page_title()},
        ]


class SkillMergeView(SkillActionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "directory/admin/merge.html"
    header_icon = "tag"

    def dispatch(self, request, pk):
        if not (
            request.user.has_perm("directory.change_skill")
            and request.user.has_perm("directory.delete_skill")
        ):
            raise PermissionDenied
        self.skill = get_object_or_404(Skill.objects.with_usage(), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Fusionner « %(name)s »") % {"name": self.skill.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["skill"] = self.skill
        context["form"] = kwargs.get("form") or MergeForm(self.skill)
        return context

    def post(self, request, pk):
        form = MergeForm(self.skill, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = form.cleaned_data["target"]
        name = self.skill.name
        moved = services.merge_skill(self.skill, target)
        messages.success(
            request,
            _(
                "« %(old)s » est fusionnée dans « %(new)s » (%(count)s profil(s) déplacé(s)) ; c’en est désormais un synonyme."
            )
            % {"old": name, "new": target.name, "count": moved},
        )
        return redirect("directory_skills:index")


class SkillShareView(SkillActionMixin, WagtailAdminTemplateMixin, TemplateView):
    """A moderator approves a proposed skill: it joins the shared vocabulary."""

    template_name = "directory/admin/share.html"
    header_icon = "tag"

    def dispatch(self, request, pk):
        if not request.user.has_perm("directory.change_skill"):
            raise PermissionDenied
        self.skill = get_object_or_404(
            Skill.objects.proposed().select_related("proposed_by"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Valider « %(name)s »") % {"name": self.skill.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["skill"] = self.skill
        return context

    def post(self, request, pk):
        name = self.skill.name
        shared = services.share_skill(self.skill)
        messages.success(
            request,
            _("« %(name)s » fait désormais partie des compétences partagées (« %(shared)s »).")
            % {"name": name, "shared": shared.name},
        )
        return redirect("directory_skills:index")


class SkillViewSet(ModelViewSet):
    model = Skill
    icon = "tag"
    menu_label = gettext_lazy("Compétences")
    menu_order = 200
    url_prefix = "annuaire/competences"
    url_namespace = "directory_skills"
    index_view_class = SkillIndexView
    filterset_class = SkillFilterSet
    list_display = [
        "name",
        Column("status", label=gettext_lazy("Statut"), accessor=skill_status),
        Column("usage", label=gettext_lazy("Profils"), accessor="usage", sort_key="usage"),
        Column(
            "synonyms",
            label=gettext_lazy("Synonymes"),
            accessor=lambda skill: ", ".join(s.name for s in skill.synonyms.all()),
        ),
    ]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        InlinePanel("synonyms", label=gettext_lazy("Synonyme"), heading=gettext_lazy("Synonymes")),
    ]
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("merge/<int:pk>/", SkillMergeView.as_view(), name="merge"),
            path("share/<int:pk>/", SkillShareView.as_view(), name="share"),
        ]


class OccupationViewSet(ModelViewSet):
    """Trades as people type them ("graphiste", "traductrice", "dev"), each pointing to its
    skills: a trade in a search finds the profiles with those skills."""

    model = Occupation
    icon = "user"
    menu_label = gettext_lazy("Métiers")
    menu_order = 250
    url_prefix = "annuaire/metiers"
    url_namespace = "directory_occupations"
    list_display = [
        "name",
        "feminine",
        "abbreviations",
        Column(
            "skills",
            label=gettext_lazy("Compétences"),
            accessor=lambda occupation: ", ".join(s.name for s in occupation.skills.all()),
        ),
    ]
    search_fields = ["name", "feminine", "abbreviations"]
    search_backend_name = None
    form_fields = ["name", "feminine", "abbreviations", "skills"]
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Occupation.objects.prefetch_related("skills")


# ---------------------------------------------------------------------------
# Relayed messages (read only, for abuse handling)


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = gettext_lazy("Messages relayés")
    menu_order = 300
    url_prefix = "annuaire/messages"
    url_namespace = "directory_messages"
    list_display = [
        "sender_name",
        "sender_email",
        "organisation",
        "profile",
        DateColumn("created_at", label=gettext_lazy("Reçu le")),
    ]
    list_filter = ["created_at"]
    search_fields = ["sender_name", "sender_email", "organisation"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["sender_name"]
    add_to_admin_menu = False


register_permission_policy(Profile, NoCreatePermissionPolicy(Profile))
register_permission_policy(ContactMessage, ReadOnlyPermissionPolicy(ContactMessage))


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Annuaire")
    menu_icon = "group"
    menu_order = 250
    items = (ProfileViewSet, SkillViewSet, OccupationViewSet, ContactMessageViewSet)
