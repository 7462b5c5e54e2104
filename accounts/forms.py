from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.services import attempt_refusal


class LockoutAuthenticationForm(AuthenticationForm):
    """The sign-in form, saying so when the lockout refused the attempt (rather than
    "wrong password", which would hide that even the right one is refused for now)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as invalid:
            refusal = attempt_refusal(self.request)
            if refusal is not None:
                code = "locked" if refusal.locked else "slowed"
                raise forms.ValidationError(refusal.message, code=code) from invalid
            raise

    @property
    def refusal(self):
        return attempt_refusal(self.request)


class LiftForm(forms.Form):
    username = forms.CharField(max_length=255)
    address = forms.GenericIPAddressField(required=False)
