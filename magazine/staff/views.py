"""The second factor's pages, under /admin/security/ (``admin_site``)."""

import base64
import functools
import io

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from django_otp_webauthn.models import WebAuthnCredential

from magazine.models import StaffEvent, StaffPreferences
from magazine.staff import services
from magazine.staff.forms import CodeForm, PreferencesForm
from magazine.staff.policy import LANGUAGE_KEY, is_gated, is_verified

PENDING_TOTP_KEY = "staff_totp_pending"


def next_url(request) -> str:
    """Where to go afterwards: a local ``next``, else the admin's index."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(
        REDIRECT_FIELD_NAME
    )
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def with_next(url_name: str, after: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: after})}"


def staff_only(view):
    """Signed in (a password at least) as active staff, or off to the login."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def may_change_factors(view):
    """Changing second factors takes a session that passed one, or an account
    that has none yet (setting up the first, right after the password)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_verified(request.session) and any(
            devices_for_user(request.user, confirmed=True)
        ):
            return redirect(with_next("admin:staff_verify", request.get_full_path()))
        return view(request, *args, **kwargs)

    return staff_only(wrapped)


def context(request, **extra) -> dict:
    """The admin's page context; a session still to pass its second factor
    gets no navigation to pages it cannot open yet."""
    values = admin.site.each_context(request)
    if is_gated(request.session):
        values |= {
            "has_permission": False,
            "available_apps": [],
            "is_nav_sidebar_enabled": False,
        }
    return values | {"next": next_url(request)} | extra


@staff_only
def verify(request):
    user = request.user
    if not is_gated(request.session):
        return redirect(next_url(request))
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        messages.info(
            request,
            _("Your role needs a second factor to sign in. Set one up to continue."),
        )
        return redirect(with_next("admin:staff_security", next_url(request)))
    form = CodeForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            services.verified(request=request, device=form.device)
            return redirect(next_url(request))
        services.record(StaffEvent.Kind.VERIFY_FAILED, request=request, user=user)
    return render(
        request,
        "staff/verify.html",
        context(
            request,
            title=_("Second factor"),
            form=form,
            has_passkey=any(isinstance(d, WebAuthnCredential) for d in devices),
            has_codes=any(isinstance(d, TOTPDevice | StaticDevice) for d in devices),
        ),
    )


@may_change_factors
def security(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    return render(
        request,
        "staff/security.html",
        context(
            request,
            title=_("Sign-in security"),
            apps=[d for d in devices if isinstance(d, TOTPDevice)],
            passkeys=[d for d in devices if isinstance(d, WebAuthnCredential)],
            recovery=next((d for d in devices if isinstance(d, StaticDevice)), None),
            enrolling=not devices,
        ),
    )


@may_change_factors
def add_totp(request):
    user = request.user
    device = TOTPDevice.objects.filter(
        pk=request.session.get(PENDING_TOTP_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
        request.session[PENDING_TOTP_KEY] = device.pk
    form = CodeForm(request.POST or None, user=user, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[PENDING_TOTP_KEY]
        services.second_factor_added(request=request, device=device)
        messages.success(request, _("Your authenticator app is set up."))
        if not StaticDevice.objects.filter(user=user).exists():
            return redirect(with_next("admin:staff_recovery_codes", next_url(request)))
        return redirect(next_url(request))
    svg = io.BytesIO()
    write_qrcode_image(device.config_url, svg)
    return render(
        request,
        "staff/totp.html",
        context(
            request,
            title=_("Set up an authenticator app"),
            form=form,
            qr_code="data:image/svg+xml;base64,"
            + base64.b64encode(svg.getvalue()).decode(),
            secret=base64.b32encode(device.bin_key).decode(),
        ),
    )


@may_change_factors
def recovery_codes(request):
    if not is_verified(request.session):
        return redirect(
            "admin:staff_security"
        )  # codes back up a factor, not replace one
    codes = None
    if request.method == "POST":
        codes = services.make_recovery_codes(request=request)
    return render(
        request,
        "staff/recovery_codes.html",
        context(
            request,
            title=_("Recovery codes"),
            codes=codes,
            has_codes=StaticDevice.objects.filter(user=request.user).exists(),
        ),
    )


@staff_only
def preferences(request):
    """The member's own desk preferences: the admin's language, for now."""
    chosen = StaffPreferences.objects.filter(user=request.user).first()
    form = PreferencesForm(
        request.POST or None,
        instance=chosen or StaffPreferences(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        language = form.save().language
        request.session[LANGUAGE_KEY] = language
        with translation.override(language):
            messages.success(request, _("Your preferences are saved."))
        return redirect("admin:staff_preferences")
    return render(
        request,
        "staff/preferences.html",
        context(request, title=_("Your preferences"), form=form),
        status=400 if form.errors else 200,
    )


@require_POST
def ping(request):
    """The admin pages' keystroke ping: the middleware has already counted it."""
    return HttpResponse(status=204)
