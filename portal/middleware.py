from django.conf import settings
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
