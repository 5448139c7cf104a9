"""Security notices to a staff member, sent by the task worker."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magazine.links import absolute_url

SUBJECTS = {
    "lockout": _("Sign-ins to your account were refused"),
    "factor_added": _("A second factor was added to your account"),
    "recovery_code_used": _("A recovery code was used to sign in to your account"),
}


@task
def send_notice(user_id: int, kind: str, ip_address: str = "", detail: str = "") -> int:
    """Tell the account's owner what happened; returns messages sent."""
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is None or not user.email or kind not in SUBJECTS:
        return 0
    context = {
        "user": user,
        "ip_address": ip_address,
        "detail": detail,
        "site_name": settings.SITE_NAME,
        "window_minutes": settings.STAFF_LOGIN_WINDOW_MINUTES,
        "security_url": absolute_url(reverse("admin:staff_security")),
    }
    EmailMessage(
        subject=f"{settings.SITE_NAME}: {SUBJECTS[kind]}",
        body=render_to_string(f"staff/email/{kind}.txt", context),
        to=[user.email],
    ).send()
    return 1
