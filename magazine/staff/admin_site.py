from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path

from magazine.staff import views
from magazine.staff.forms import StaffAuthenticationForm
from magazine.staff.policy import is_gated


class StaffAdminSite(admin.AdminSite):
    """Django's admin with the staff sign-in: the stock login form with its
    limits, then the second factor's pages under ``security/``."""

    login_form = StaffAuthenticationForm

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and is_gated(request.session):
            return self.to_second_factor(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and is_gated(request.session):
            return self.to_second_factor(request)
        return response

    @staticmethod
    def to_second_factor(request):
        wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(
            REDIRECT_FIELD_NAME, ""
        )
        return redirect(
            views.with_next("admin:staff_verify", wanted)
            if wanted
            else "admin:staff_verify"
        )

    def get_urls(self):
        return [
            path("security/", views.security, name="staff_security"),
            path("security/verify/", views.verify, name="staff_verify"),
            path("security/app/", views.add_totp, name="staff_totp"),
            path(
                "security/recovery-codes/",
                views.recovery_codes,
                name="staff_recovery_codes",
            ),
            path("security/ping/", views.ping, name="staff_ping"),
            path("preferences/", views.preferences, name="staff_preferences"),
            *super().get_urls(),
        ]
