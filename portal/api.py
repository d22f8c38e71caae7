"""Wagtail's pages API (v2). Only live, public pages are served, as Wagtail does by default.

Two guards on its public parameters: ``offset`` is bounded (an offset past 2^63 reached
the database and answered 500) and ``search`` is cleaned for the search backends (a
double quote or NUL broke SQLite's FTS5; a blank search is ignored).
"""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.query import clean_query_string

MAX_OFFSET = 10_000


class BoundedPagination(WagtailPagination):
    """Wagtail's ``offset``/``limit`` pagination (``limit`` is bounded by
    ``WAGTAILAPI_LIMIT_MAX``), with ``offset`` bounded too."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError as exc:
            raise BadRequestError("offset must be a positive integer") from exc
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class CleanSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` with the text cleaned (``search.query``); a blank search
    (or one of only quotes) is no search; ``search_operator`` is ``and`` or ``or``."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        search_query = clean_query_string(request.GET["search"])
        if not search_query:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator.lower() not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        try:
            return get_search_backend().search(
                search_query,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as exc:
            raise BadRequestError(
                f"cannot filter by '{exc.field_name}' while searching (field is not indexed)"
            ) from exc
        except OrderByFieldError as exc:
            raise BadRequestError(
                f"cannot order by '{exc.field_name}' while searching (field is not indexed)"
            ) from exc


def with_clean_search(backends):
    return [CleanSearchFilter if backend is SearchFilter else backend for backend in backends]


class WholeNumberIdMixin:
    """``find/?id=`` with anything but a whole number is a 400 with a message (Wagtail's
    own lookup lets the database's ValueError through as a 500)."""

    def find_object(self, queryset, request):
        value = request.GET.get("id")
        if value is not None and not (value.isascii() and value.isdigit()):
            raise BadRequestError("id must be a whole number")
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(WholeNumberIdMixin, PagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = with_clean_search(PagesAPIViewSet.filter_backends)


class PublicImagesAPIViewSet(WholeNumberIdMixin, ImagesAPIViewSet):
    """Every image but the directory's profile photos, which are never listed publicly."""

    pagination_class = BoundedPagination
    filter_backends = with_clean_search(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        from directory.photos import private_image_filter

        return private_image_filter(super().get_queryset())


class PublicDocumentsAPIViewSet(WholeNumberIdMixin, DocumentsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = with_clean_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
