"""One paginator for the site's lists (news, agenda, training calendar): ``?page=N``."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, items, per_page):
    """The page of ``items`` that ``?page=`` asks for: the first for a missing or garbled
    number, a 404 past the last page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404 from exc
