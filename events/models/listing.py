"""What the two lists of dates share (the agenda, the training calendar): the centres their
filters offer, the paginated list, and the month view with its ``mois/`` redirect."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.models import TelecentrePage
from portal.i18n import in_default_locale
from portal.listing_cache import lazy

from ..months import MonthView


class DatedListingMixin(RoutablePageMixin):
    """A page listing Slots. It sets ``filterset_class`` and ``month_template`` and
    implements ``slots()`` (the Slots it lists) and ``month_context()``."""

    filterset_class = None
    month_template = None

    def slots(self):
        raise NotImplementedError

    def centres(self):
        return (
            in_default_locale(TelecentrePage.objects.live().public())
            .order_by("title")
            .only("pk", "title", "slug", "url_path")
        )

    def filter_centres(self, request):
        """The centres the filters offer, read when the form is first used (a stored filter
        form needs none: ``portal.listing_cache.lazy``)."""
        return lazy(request, lambda: list(self.centres()))

    def filterset(self, request):
        return self.filterset_class(
            request.GET, queryset=self.slots(), centres=self.filter_centres(request)
        )

    def month_context(self, request, view, filters):
        """The month page's own context (``view.place()`` the Slots it shows)."""
        raise NotImplementedError

    @path("mois/", name="current_month")
    def current_month(self, request):
        """This month, keeping the filters."""
        today = timezone.localdate()
        url = self.url + self.reverse_subpage("month", args=[today.year, today.month])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    @path("mois/<int:year>/<int:month>/", name="month")
    def month(self, request, year, month):
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        view = MonthView(year, month)
        filters = self.filterset(request)
        context = {
            "filter_form": filters,
            "calendar": view,
            "month": view.first,
            "previous_month": view.previous,
            "next_month": view.following,
            "today": view.today,
            "view": "month",
            "filter_query": filters.query_string(),
            **self.month_context(request, view, filters),
        }
        return self.render(request, template=self.month_template, context_overrides=context)
