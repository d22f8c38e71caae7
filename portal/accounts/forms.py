"""The account's forms: allauth's in the site's voice (« Adresse électronique » for every address
field, allauth says "E-mail"; no placeholder repeating the label), and the deletion's."""

from allauth.account import forms as allauth_forms

from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMAIL_FIELDS = ("email", "login")


class SiteVoiceMixin:
    """Labels the address field « Adresse électronique » and drops placeholders: a hint
    that disappears as one types is no label (and allauth's say "e-mail")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in EMAIL_FIELDS:
                field.label = _("Adresse électronique")


class SignupForm(SiteVoiceMixin, allauth_forms.SignupForm):
    """allauth's sign-up form, as slow for an address that has an account as for a new one.

    With ``ACCOUNT_PREVENT_ENUMERATION`` both answer alike, but only a new account hashes
    the password (hundreds of milliseconds with the default hasher), so the answer's delay
    told whether the address was known. The password is hashed on both paths.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same work, thrown away
        return super().try_save(request)


class LoginForm(SiteVoiceMixin, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(SiteVoiceMixin, allauth_forms.ResetPasswordForm):
    pass


class AddEmailForm(SiteVoiceMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Nouvelle adresse électronique")


class ChangePasswordForm(SiteVoiceMixin, allauth_forms.ChangePasswordForm):
    pass


class ResetPasswordKeyForm(SiteVoiceMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class SetPasswordForm(SiteVoiceMixin, allauth_forms.SetPasswordForm):
    pass


class AccountDeleteForm(forms.Form):
    """The account's deletion, confirmed with the password."""

    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mot de passe incorrect."))
        return password
