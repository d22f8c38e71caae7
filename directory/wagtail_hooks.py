from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal import hooks as portal_hooks

from . import account
from .admin_views import MODERATE, DirectoryViewSetGroup
from .models import Profile


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


class WaitingProfilesPanel(Component):
    """Dashboard panel: how many profiles wait for review, with a link to them."""

    name = "directory_waiting_profiles"
    order = 60
    template_name = "directory/admin/waiting_panel.html"

    def get_context_data(self, parent_context):
        waiting = Profile.objects.awaiting_review()
        return {
            "count": waiting.count(),
            "oldest": waiting.order_by("submitted_at")[:5],
            "title": _("Annuaire"),
        }


@hooks.register("construct_homepage_panels")
def add_waiting_profiles_panel(request, panels):
    if request.user.has_perm(MODERATE):
        panels.append(WaitingProfilesPanel())


@hooks.register(portal_hooks.MEMBER_COUNT)
def public_profile_count():
    """The home page's key figure: freelancers visible in the directory."""
    return Profile.objects.public().count()


@hooks.register(portal_hooks.SEED_DEMO)
def seed_directory(stdout=None, options=None):
    from .demo import seed_directory

    seed_directory(stdout=stdout, options=options or {})


@hooks.register(portal_hooks.SEED_TEST)
def seed_directory_for_tests():
    """The test database starts with the directory's skills (no profiles)."""
    from .demo import seed_skills

    seed_skills()


@hooks.register(portal_hooks.ADMIN_CHARTS)
def profile_charts():
    """The dashboard's chart of directory profiles by state (one query)."""
    from django.db.models import Count

    from home.charts import BarChart

    labels = dict(Profile.State.choices)
    counts = Profile.objects.values("state").annotate(n=Count("pk")).order_by("-n")
    rows = [(str(labels.get(row["state"], row["state"])), row["n"]) for row in counts]
    return [BarChart(_("Profils de l’annuaire par état"), rows)]


# -- the account (portal.accounts): the profile comes first on /compte/, in the export and
# in the erasure (its messages and photo go before the sign-ups are anonymised).

hooks.register(portal_hooks.ACCOUNT_SECTIONS, account.profile_section)
hooks.register(portal_hooks.PERSONAL_DATA, account.profile_data, order=-10)
hooks.register(portal_hooks.ACCOUNT_ERASURE_NOTICE, account.erasure_notice, order=-10)
hooks.register(portal_hooks.ERASE_PERSONAL_DATA, account.erase_profile, order=-10)


@hooks.register(portal_hooks.FREELANCERS_NEAR)
def freelancers_near(commune, radius_km, limit):
    """A commune's page: how many public profiles are based there and within ``radius_km``,
    and the nearest few, for cards (a fixed number of queries)."""
    from django.db.models import Count, Q

    from home.geo import bounding_box, distance_km_expression

    public = Profile.objects.public()
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, radius_km)
    near = (
        public.filter(
            commune__latitude__range=(south, north), commune__longitude__range=(west, east)
        )
        .annotate(
            distance=distance_km_expression(
                commune.latitude,
                commune.longitude,
                lat_field="commune__latitude",
                lon_field="commune__longitude",
            )
        )
        .filter(distance__lte=radius_km)
    )
    profiles = list(near.for_cards().order_by("distance", "-updated_at", "pk")[:limit])
    for profile in profiles:
        profile.distance_km = round(profile.distance, 1)
    # Those based in the commune are within the radius too: both counts in one query.
    counts = near.aggregate(here=Count("pk", filter=Q(commune=commune)), near=Count("pk"))
    return {"here": counts["here"], "near": counts["near"], "profiles": profiles}
