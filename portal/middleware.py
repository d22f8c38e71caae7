from csp.middleware import CSPMiddleware

from django.conf import settings
from django.urls import reverse
from django.utils import translation


class SiteLanguageMiddleware:
    """French unless the visitor chose another language with the language form.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored:
    a French public site answers in French first, and English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
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
