"""Multi-step writes of staff sign-in: each atomic, mail queued on commit."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from magazine.bots import client_ip
from magazine.models import StaffEvent, StaffSession
from magazine.staff.tasks import send_notice
from magazine.staff.throttle import first_lockout_notice

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def record(
    kind: str, *, request=None, user=None, username="", actor=None, detail=""
) -> StaffEvent:
    """One line of the audit log; the address is the request's, if any."""
    return StaffEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        actor=actor,
        ip_address=(client_ip(request) or None) if request is not None else None,
        detail=detail[:300],
    )


def notify(user, kind: str, *, request=None, detail: str = "") -> None:
    """Mail the account's owner once the transaction commits."""
    address = client_ip(request) if request is not None else ""
    user_id = user.pk
    transaction.on_commit(
        lambda: send_notice.enqueue(user_id, kind, address, str(detail))
    )


def end_other_sessions(user, *, request=None) -> int:
    """Sign the account out everywhere but in this request's session."""
    keep = None
    if request is not None and getattr(request.user, "pk", None) == user.pk:
        keep = request.session.session_key
    return StaffSession.end_for(user.pk, keep=keep)


@transaction.atomic
def second_factor_added(*, request, device, first_verification=True) -> None:
    """A new authenticator app, passkey or set of recovery codes: logged,
    mailed, and every other session of the account ends. A session that had
    not passed a second factor yet (enrolment) counts as passing with it."""
    user = request.user
    if first_verification and DEVICE_ID_SESSION_KEY not in request.session:
        otp_login(request, device)
    record(StaffEvent.Kind.FACTOR_ADDED, request=request, user=user, detail=device.name)
    end_other_sessions(user, request=request)
    notify(user, "factor_added", request=request, detail=device.name)


def make_recovery_codes(*, request) -> list[str]:
    """New recovery codes for the signed-in member; the old ones stop working."""
    user = request.user
    tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(
            user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
        )
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=token) for token in tokens
        )
        second_factor_added(request=request, device=device)
    return tokens


@transaction.atomic
def verified(*, request, device) -> None:
    """The second factor passed: the session may now use the admin."""
    otp_login(request, device)
    user = request.user
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        detail = ngettext(
            "%(count)d recovery code is left.",
            "%(count)d recovery codes are left.",
            left,
        ) % {"count": left}
        record(
            StaffEvent.Kind.RECOVERY_CODE_USED,
            request=request,
            user=user,
            detail=detail,
        )
        notify(user, "recovery_code_used", request=request, detail=detail)
    else:
        record(StaffEvent.Kind.VERIFIED, request=request, user=user, detail=device.name)


@transaction.atomic
def reset_second_factors(*, request, users) -> int:
    """A superuser's answer to a lost phone or key: the colleague's second
    factors are removed and their sessions end; at their next sign-in they
    set up a new one. Returns how many accounts were reset."""
    count = 0
    for user in users:
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        StaffSession.end_for(user.pk)
        record(
            StaffEvent.Kind.FACTOR_RESET,
            request=request,
            user=user,
            actor=request.user,
            detail=_("Second factors removed by %(name)s.")
            % {"name": request.user.get_username()},
        )
        count += 1
    return count


def locked_out(*, request, account, username: str) -> None:
    """A refused sign-in: logged; the owner mailed on the first of a window."""
    with transaction.atomic():
        record(
            StaffEvent.Kind.LOCKED_OUT,
            request=request,
            user=account,
            username=username,
        )
        if account is not None and first_lockout_notice(account):
            notify(account, "lockout", request=request)
