from csp.middleware import CSPMiddleware

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.formats import typography_html
from portal.i18n import language_of_request


class SiteLanguageMiddleware:
    """The page's language for the page tree (``/en/…`` English, the root French); for the
    other views, French unless the visitor chose another language with the language form
    (``portal.i18n.language_of_request``).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored:
    a French public site answers in French first, and English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        language, redirect = language_of_request(request, language)
        if redirect is not None:  # a French page's address, for a visitor who chose English
            response = HttpResponseRedirect(redirect)
            response.headers["Vary"] = "Cookie"
            return response
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The language of one request never leaks into what the thread does next.
            translation.activate(previous) if previous else translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's own policy under /admin/.

    The public site's policy is ``CONTENT_SECURITY_POLICY`` (no inline scripts). The admin
    (and the page previews it renders) gets ``CONTENT_SECURITY_POLICY_ADMIN``: Wagtail's
    admin templates still carry inline scripts and styles. A view's own django-csp
    decorator still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(reverse("wagtailadmin_home"))
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts


class FrenchTypographyMiddleware:
    """French spacing (no-break spaces before : ; ! ? and inside « ») on the text of every
    public HTML page, in one place: page titles, rich text, interface strings and user text
    alike. The admin keeps Wagtail's own rendering; other languages are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or request.path_info.startswith("/admin/")
            or response.get("Content-Encoding")
        ):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        charset = response.charset or "utf-8"
        response.content = typography_html(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class RejectNullCharactersMiddleware:
    """A 400 for a NUL character in the path or the query string.

    No page, filter or search of the site means anything with one, and PostgreSQL
    refuses NUL in text: every lookup (Wagtail's routes, its API filters, our filters)
    would answer 500. Form fields refuse it on their own (Django's CharField).
    The JSON endpoints under ``/api/`` answer in JSON, the pages with ``400.html``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            message = _("L’adresse contient un caractère nul, que le site ne peut pas lire.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"message": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
