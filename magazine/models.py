from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magazine.cache import per_generation


class SiteSettings(models.Model):
    """The editable parts of the site's chrome: one row, cached, changed in the admin.

    In the kernel, below the apps: the newsletter prints the postal address,
    every page the tagline and blurb.
    """

    tagline = models.CharField(max_length=200, blank=True)
    about_blurb = models.TextField(
        help_text=_("A few sentences about the magazine, shown in every page footer.")
    )
    legal_notice = models.TextField(
        blank=True, help_text=_("Shown in the footer under the About blurb.")
    )
    postal_address = models.TextField(
        blank=True,
        help_text=_("The publisher's address, printed in newsletter footers."),
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The row, read once per process until something on the site changes."""
        return per_generation("site-settings", cls._get_or_create)

    @classmethod
    def _get_or_create(cls) -> "SiteSettings":
        settings = cls.objects.filter(pk=1).first()
        if settings is None:
            # Migration 0002 makes the row; should it be gone, putting the empty
            # defaults back changes nothing a page shows, so no signal is sent.
            cls.objects.bulk_create([cls(pk=1, about_blurb="")], ignore_conflicts=True)
            settings = cls.objects.get(pk=1)
        return settings


class SessionStore(DatabaseSessionStore):
    """Database sessions that write down whose session each is."""

    @classmethod
    def get_model_class(cls):
        return StaffSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.user_id = None
        return session


class StaffSession(AbstractBaseSession):
    """A session that knows whose it is (``magazine.staff.sessions``).

    Django's own session table has no user column, so "sign out everywhere
    else" would mean decoding every session; this one is a filter on ``user``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        return SessionStore

    @classmethod
    def end_for(cls, user_id: int, *, keep: str | None = None) -> int:
        """End the user's sessions but ``keep``; returns how many ended."""
        ended, _ = (
            cls.objects.filter(user_id=user_id).exclude(session_key=keep or "").delete()
        )
        return ended


class StaffEventQuerySet(models.QuerySet):
    def ip_expired(self):
        """Entries whose address is past COMMENTS_IP_RETENTION_DAYS: the staff
        log keeps addresses exactly as long as comments do."""
        cutoff = timezone.now() - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
        return self.filter(at__lt=cutoff).exclude(ip_address=None)

    def forget_expired_addresses(self) -> int:
        return self.ip_expired().update(ip_address=None)


class StaffEvent(models.Model):
    """One line of the staff audit log: who signed in, out, failed, changed a
    second factor or someone's permissions, when and from where.

    The address is kept as long as commenters' are (``purge_comment_ips``).
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in with a password")
        LOGOUT = "logout", _("signed out")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKED_OUT = "locked_out", _("sign-in refused: too many attempts")
        VERIFIED = "verified", _("second factor passed")
        VERIFY_FAILED = "verify_failed", _("second factor refused")
        RECOVERY_CODE_USED = "recovery_code_used", _("recovery code used")
        FACTOR_ADDED = "factor_added", _("second factor added")
        FACTOR_RESET = "factor_reset", _("second factors reset")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PERMISSIONS_CHANGED = "permissions_changed", _("permissions changed")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The account it happened to."),
    )
    username = models.CharField(
        max_length=150, blank=True, help_text=_("The name typed, for failed sign-ins.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who did it, when not the account itself."),
    )
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, unpack_ipv4=True
    )
    detail = models.CharField(max_length=300, blank=True)

    objects = StaffEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("staff log entry")
        verbose_name_plural = _("staff log")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username}"


class RateCounter(models.Model):
    """One key's attempts in one time window (``magazine.limits``, the database store).

    ``bucket`` names the scope, the window and an HMAC digest of the key, never
    the key itself; rows go when their window has ended.
    """

    bucket = models.CharField(primary_key=True, max_length=200)
    count = models.PositiveIntegerField(default=0)
    ends_at = models.BigIntegerField(
        db_index=True, help_text=_("When the window ends, in seconds since the epoch.")
    )

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return f"{self.bucket}: {self.count}"


class WorkerHeartbeat(models.Model):
    """A task worker process says it is alive (``manage.py task_worker``).

    django-tasks-db marks a task RUNNING when a worker claims it and nothing
    else: a worker killed mid-task (OOM, power, SIGKILL) leaves its row RUNNING
    forever. Each process beats under an id of its own; a RUNNING row whose
    worker stopped beating for ``TASK_WORKER_LEASE`` seconds goes back to READY.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"


class PeriodicJob(models.Model):
    """A job the periodic runner starts at its interval, once across every host.

    The row is the lease: a runner takes a due job by moving ``next_run_at`` on
    in one conditional UPDATE, so of any number of runners exactly one wins.
    """

    name = models.CharField(max_length=60, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded = models.BooleanField(null=True)
    last_result = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffPreferences(models.Model):
    """What a staff member chose for their own desk, edited by them alone
    (``/admin/preferences/``).

    In the kernel beside the staff sign-in: the admin is the kernel's, and
    Django's auth user has no room for a language.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_preferences",
    )
    language = models.CharField(
        _("language of the desk"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        help_text=_("The admin's pages, menus and messages are shown in it."),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("staff preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def language_of(cls, user) -> str:
        """The member's desk language: English until they choose another."""
        return (
            cls.objects.filter(user=user).values_list("language", flat=True).first()
            or settings.LANGUAGE_CODE
        )
