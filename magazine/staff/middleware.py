import functools
import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import ngettext

from magazine.models import StaffPreferences
from magazine.staff.policy import ACTIVE_KEY, LANGUAGE_KEY, is_gated, is_verified

# A session's activity time is written at most this often (one save a minute,
# not one per request); the editor's keystroke ping is no more frequent.
TOUCH_SECONDS = 60


class StaffSessionMiddleware:
    """After AuthenticationMiddleware, in place of django-otp's OTPMiddleware.

    * A staff session idle longer than ``STAFF_IDLE_MINUTES`` ends. Any request
      is activity: a page, a save, or the ping the admin pages send while the
      member types (``staff/activity.js``); an idle open tab sends nothing.
    * A session signed in with a password whose second factor is still to
      come sees the site as a stranger would, but for the sign-in pages (the
      admin's login and logout and ``/admin/security/``): no admin, no
      preview, no trusted comments on a stolen password alone.
    * ``request.user.is_verified()`` as django-otp's views expect it, read
      from the session rather than from a device query on every request (see
      ``policy.is_verified``): admin pages cost what they did before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        active_at = session.get(ACTIVE_KEY)
        if active_at is not None:
            now = int(time.time())
            idle_for = now - active_at
            if idle_for > settings.STAFF_IDLE_MINUTES * 60:
                request.staff_signout_reason = "idle"
                auth.logout(request)
                minutes = settings.STAFF_IDLE_MINUTES
                messages.info(
                    request,
                    ngettext(
                        "You were signed out after %(minutes)d minute without activity.",
                        "You were signed out after %(minutes)d minutes without activity.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
            elif idle_for >= TOUCH_SECONDS:
                session[ACTIVE_KEY] = now
        request.user = SimpleLazyObject(
            functools.partial(self.checked_user, request, request.user)
        )
        return self.get_response(request)

    def checked_user(self, request, user):
        session = request.session
        if (
            user.is_authenticated
            and is_gated(session)
            and not self.is_sign_in_path(request.path_info)
        ):
            user = AnonymousUser()
        user.otp_device = None
        user.is_verified = functools.partial(is_verified, session)
        return user

    @staticmethod
    def is_sign_in_path(path: str) -> bool:
        return path in {
            reverse("admin:login"),
            reverse("admin:logout"),
        } or path.startswith(reverse("admin:staff_security"))


class StaffLanguageMiddleware:
    """The admin speaks each staff member's own language (``StaffPreferences``).

    After ``StaffSessionMiddleware``, inside ``PathLanguageMiddleware``: admin
    addresses carry no language prefix, so the path says English; for a signed
    in staff member the preference wins, on admin pages only (the reader pages
    keep the language of their address). The choice is put in the session at
    sign-in, so an admin page costs no query for it; the login page stays in
    the default language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.chosen_language(request)
        if language is None:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response

    @staticmethod
    def chosen_language(request) -> str | None:
        if not request.path_info.startswith(reverse("admin:index")):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        language = request.session.get(LANGUAGE_KEY)
        if language not in dict(settings.LANGUAGES):
            language = StaffPreferences.language_of(user)
            request.session[LANGUAGE_KEY] = language
        return language
