"""django-otp-webauthn's ceremonies, as the staff sign-in needs them: staff
only, and every new passkey and every passkey sign-in goes through
``services`` (audit log, notice, other sessions ended)."""

import json

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from magazine.staff import services


class StaffOnly:
    def get_user(self):
        user = self.request.user
        return user if user.is_authenticated and user.is_staff else None


class BeginRegistration(StaffOnly, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(StaffOnly, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        services.second_factor_added(request=self.request, device=device)
        return response


class BeginAuthentication(StaffOnly, views.BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        if self.get_user() is None:
            raise exceptions.PasswordlessLoginDisabled()


class CompleteAuthentication(StaffOnly, views.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if self.get_user() is None:
            raise exceptions.PasswordlessLoginDisabled()

    def complete_auth(self, device):
        services.verified(request=self.request, device=device)


app_name = "otp_webauthn"
urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
