from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from magazine.bots import over_limit
from magazine.models import StaffPreferences
from magazine.staff import services, throttle

TOO_MANY_CODES = _(
    "Too many wrong codes. Please wait a few minutes and try again, or use a passkey."
)
WRONG_CODE = _(
    "That code is not right, or was already used. Check your authenticator app "
    "(its clock must be right) or type one of your recovery codes."
)


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The stock admin login form, with the sign-in limits (``throttle``)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password and self.request is not None:
            message, account = throttle.refusal(self.request, username)
            if message:
                services.locked_out(
                    request=self.request, account=account, username=username
                )
                raise forms.ValidationError(message, code="throttled")
        return super().clean()


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        help_text=_(
            "The six digits your authenticator app shows, or one of your recovery codes."
        ),
    )

    def __init__(self, *args, user, devices=None, **kwargs):
        self.user = user
        self.devices = devices
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if over_limit("staff-2fa", str(self.user.pk), limit=10, window=15 * 60):
            raise forms.ValidationError(TOO_MANY_CODES, code="throttled")
        devices = self.devices
        if devices is None:
            devices = [
                device
                for device in devices_for_user(self.user, confirmed=True)
                if isinstance(device, TOTPDevice | StaticDevice)
            ]
        for device in devices:
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(WRONG_CODE, code="wrong")


class PreferencesForm(forms.ModelForm):
    """A staff member's own desk preferences."""

    class Meta:
        model = StaffPreferences
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
