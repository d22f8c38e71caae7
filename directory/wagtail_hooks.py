from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component

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


@hooks.register("cybercantal_member_count")
def public_profile_count():
    """The home page's key figure: freelancers visible in the directory."""
    return Profile.objects.public().count()


@hooks.register("cybercantal_seed_demo")
def seed_directory(stdout=None, options=None):
    from .demo import seed_directory

    seed_directory(stdout=stdout, options=options or {})


@hooks.register("cybercantal_seed_test")
def seed_directory_for_tests():
    """The test database starts with the directory's skills (no profiles)."""
    from .demo import seed_skills

    seed_skills()


@hooks.register("cybercantal_admin_charts")
def profile_charts():
    """The dashboard's chart of directory profiles by state (one query)."""
    from django.db.models import Count

    from home.charts import BarChart

    labels = dict(Profile.State.choices)
    counts = Profile.objects.values("state").annotate(n=Count("pk")).order_by("-n")
    rows = [(str(labels.get(row["state"], row["state"])), row["n"]) for row in counts]
    return [BarChart(_("Profils de l’annuaire par état"), rows)]


@hooks.register("cybercantal_erase_personal_data", order=-10)
def erase_directory_data(user, emails):
    from .views import erase_directory_data

    return erase_directory_data(user, emails)


@hooks.register("cybercantal_freelancers_near")
def freelancers_near(commune, radius_km, limit):
    """A commune's page: how many public profiles are based there and within ``radius_km``,
    and the nearest few, for cards (a fixed number of queries)."""
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
    return {
        "here": public.filter(commune=commune).count(),
        "near": near.count(),
        "profiles": profiles,
    }
