import functools
import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import ngettext

from magazine.staff.policy import ACTIVE_KEY, is_gated, is_verified

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
