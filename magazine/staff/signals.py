"""The audit log's receivers, and the session set-up at sign-in."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_save, pre_save

from magazine.models import StaffEvent, StaffPreferences, StaffSession
from magazine.staff import services
from magazine.staff.policy import ACTIVE_KEY, GATE_KEY, LANGUAGE_KEY, must_verify

User = get_user_model()
WATCHED_FLAGS = ("is_active", "is_staff", "is_superuser")


def signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if user.is_staff:
        request.session[ACTIVE_KEY] = int(time.time())
        request.session[LANGUAGE_KEY] = StaffPreferences.language_of(user)
        if must_verify(user):
            request.session[GATE_KEY] = True
    services.record(StaffEvent.Kind.LOGIN, request=request, user=user)


def signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "staff_signout_reason", "")
    services.record(
        StaffEvent.Kind.LOGOUT,
        request=request,
        user=user,
        detail="idle" if reason == "idle" else "",
    )


def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    services.record(
        StaffEvent.Kind.LOGIN_FAILED,
        request=request,
        user=User._default_manager.filter(username=username).first(),
        username=username,
    )


def remember_old_flags(sender, instance, raw=False, **kwargs):
    """Keep the row as it was, to log what a save changes."""
    if raw or instance.pk is None:
        return
    instance._staff_before = (
        User._default_manager.filter(pk=instance.pk)
        .values("password", *WATCHED_FLAGS)
        .first()
    )


def log_changed_flags(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_staff_before", None)
    instance._staff_before = None
    if raw or created or before is None:
        return
    changed = [
        f"{flag}={getattr(instance, flag)}"
        for flag in WATCHED_FLAGS
        if before[flag] != getattr(instance, flag)
    ]
    if changed:
        services.record(
            StaffEvent.Kind.PERMISSIONS_CHANGED,
            user=instance,
            detail=", ".join(changed),
        )
        # A role taken away or given ends the sessions made under the old one.
        StaffSession.end_for(instance.pk)
    if before["password"] != instance.password:
        services.record(StaffEvent.Kind.PASSWORD_CHANGED, user=instance)
        # Django's session hash already refuses them; the rows go too. The
        # member's own session is kept by update_session_auth_hash (a new key).
        StaffSession.end_for(instance.pk)


def log_groups_and_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or reverse:
        return
    if not isinstance(instance, User):
        return
    what = "groups" if sender is User.groups.through else "permissions"
    model = User.groups.field.related_model if what == "groups" else None
    names = (
        sorted(str(g) for g in model.objects.filter(pk__in=pk_set))
        if model is not None and pk_set
        else sorted(str(pk) for pk in pk_set or ())
    )
    verb = {"post_add": "+", "post_remove": "-", "post_clear": "cleared"}[action]
    services.record(
        StaffEvent.Kind.PERMISSIONS_CHANGED,
        user=instance,
        detail=f"{what} {verb} {', '.join(names)}".strip(),
    )
    if action != "post_add" or what == "groups":
        StaffSession.end_for(instance.pk)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="staff-signed-in")
    user_logged_out.connect(signed_out, dispatch_uid="staff-signed-out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="staff-sign-in-failed")
    pre_save.connect(remember_old_flags, sender=User, dispatch_uid="staff-flags-pre")
    post_save.connect(log_changed_flags, sender=User, dispatch_uid="staff-flags-post")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            log_groups_and_permissions,
            sender=through,
            dispatch_uid=f"staff-m2m-{through.__name__}",
        )
