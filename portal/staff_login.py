"""The Wagtail admin's login and password reset under allauth's rate limits.

Staff keep Wagtail's own sign-in pages (username or email, no email verification step),
but every attempt goes through the same machinery as the public sign-in under /compte/:
allauth's rate limiter, with the rules of ``ACCOUNT_RATE_LIMITS`` (``login``,
``login_failed``, ``reset_password``), the same cache and the same client address
(``portal.client_ip``, through the account adapter). While an address or an account is
locked, even the right password is refused.
"""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.decorators import rate_limit

from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator

from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views import account


class StaffLoginForm(LoginForm):
    """Wagtail's login form, authenticating through allauth's adapter.

    ``adapter.authenticate`` counts the attempt against ``login_failed`` (per IP and per
    typed login) before checking the password, refuses it once a limit is reached, and
    gives the attempt back when the password was right.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            adapter = get_adapter(self.request)
            try:
                self.user_cache = adapter.authenticate(
                    self.request, username=username, password=password
                )
            except ValidationError as error:  # too many failed attempts
                raise ValidationError(error.messages, code="too_many_login_attempts") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


@method_decorator(rate_limit(action="login"), name="dispatch")
class StaffLoginView(account.LoginView):
    """Wagtail's login view with allauth's ``login`` limit on every request."""


class StaffPasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, with allauth's ``reset_password`` limit (per IP and address)."""

    def form_valid(self, form):
        response = ratelimit.consume_or_429(
            self.request, action="reset_password", key=form.cleaned_data["email"].lower()
        )
        return response or super().form_valid(form)
