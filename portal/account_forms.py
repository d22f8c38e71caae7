"""allauth forms of the site."""

from allauth.account.forms import SignupForm as AllauthSignupForm

from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, as slow for an address that has an account as for a new one.

    With ``ACCOUNT_PREVENT_ENUMERATION`` both answer alike, but only a new account hashes
    the password (hundreds of milliseconds with the default hasher), so the answer's delay
    told whether the address was known. The password is hashed on both paths.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same work, thrown away
        return super().try_save(request)
