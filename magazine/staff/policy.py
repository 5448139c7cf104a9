"""Who must pass a second factor, and what a session remembers of it."""

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

# The Editors role (made by articles' roles migration; named here, not imported).
EDITORS = "Editors"

# Session keys: set at sign-in for a user who must pass a second factor, and
# the last time (epoch seconds) the member did anything.
GATE_KEY = "staff_2fa"
ACTIVE_KEY = "staff_active_at"
# The desk language the member chose (``StaffPreferences``), read at sign-in.
LANGUAGE_KEY = "staff_language"


def second_factor_required(user) -> bool:
    """STAFF_2FA_REQUIRED: "editors" (Editors and superusers), "all" or "none"."""
    if not (user.is_active and user.is_staff):
        return False
    rule = settings.STAFF_2FA_REQUIRED
    if rule == "all":
        return True
    if rule == "editors":
        return user.is_superuser or user.groups.filter(name=EDITORS).exists()
    return False


def must_verify(user) -> bool:
    """Required by the rule, or chosen: whoever set up a second factor uses it."""
    return second_factor_required(user) or user_has_device(user, confirmed=True)


def is_verified(session) -> bool:
    """The session passed a second factor (django-otp's own session key).

    Any change to an account's second factors ends its other sessions
    (``services``), so what a session says here stays true without a query.
    """
    return DEVICE_ID_SESSION_KEY in session


def is_gated(session) -> bool:
    """Signed in with a password, the second factor still to come."""
    return bool(session.get(GATE_KEY)) and not is_verified(session)
