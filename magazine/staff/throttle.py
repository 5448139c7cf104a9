"""Failed sign-ins, limited with the site's limiter (``magazine.bots``).

Every attempt at the admin's login form counts, before the password is
checked, against two limits per window (``STAFF_LOGIN_WINDOW_MINUTES``):

* **the account from this address** (``STAFF_LOGIN_ATTEMPTS_PER_ACCOUNT``,
  15): the lock is on the pair. Someone guessing an editor's password locks
  only their own address out of that account; the editor, signing in from
  anywhere else, is not affected. That is the point: a stranger can make the
  lock, so the lock must not reach the editor.
* **this address, any account** (``STAFF_LOGIN_ATTEMPTS_PER_ADDRESS``, 60):
  one address trying many names. Again it locks out only that address.

A guesser with many addresses gets 15 tries per address per window; the
second factor, not the lock, is what stands against them. Names that are no
account share one counter per address (``nobody``), so a typed name never
becomes a limiter key, and the limits stop refreshed lists of names too.
A refused attempt is not checked at all (no password oracle while locked).
The first refusal in a window mails the account's owner (once per window).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import ngettext

from magazine.bots import client_network, over_limit


def window_seconds() -> int:
    return settings.STAFF_LOGIN_WINDOW_MINUTES * 60


def refusal(request, username: str) -> tuple[str | None, object | None]:
    """Count this attempt; return the message if it is one too many, and the
    account the name belongs to (or None)."""
    address = client_network(request)  # an IPv6 client by its /64, as every limit
    account = (
        get_user_model()._default_manager.filter(username=username).first()
        if username
        else None
    )
    window = window_seconds()
    from_address = over_limit(
        "staff-login-address",
        address,
        limit=settings.STAFF_LOGIN_ATTEMPTS_PER_ADDRESS,
        window=window,
    )
    on_account = over_limit(
        "staff-login",
        f"{account.pk if account else 'nobody'}@{address}",
        limit=settings.STAFF_LOGIN_ATTEMPTS_PER_ACCOUNT,
        window=window,
    )
    if not (from_address or on_account):
        return None, account
    minutes = settings.STAFF_LOGIN_WINDOW_MINUTES
    message = ngettext(
        "Too many sign-in attempts from your address. Your password was not "
        "checked. Please wait %(minutes)d minute and try again.",
        "Too many sign-in attempts from your address. Your password was not "
        "checked. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    return message, account


def first_lockout_notice(account) -> bool:
    """True once per window per account: whether to mail its owner now."""
    return not over_limit(
        "staff-lockout-notice", str(account.pk), limit=1, window=window_seconds()
    )
