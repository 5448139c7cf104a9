from django.db import models

from magazine.cache import per_generation


class SiteSettings(models.Model):
    """The editable parts of the site's chrome: one row, cached, changed in the admin.

    In the kernel, below the apps: the newsletter prints the postal address,
    every page the tagline and blurb.
    """

    tagline = models.CharField(max_length=200, blank=True)
    about_blurb = models.TextField(
        help_text="A few sentences about the magazine, shown in every page footer."
    )
    legal_notice = models.TextField(
        blank=True, help_text="Shown in the footer under the About blurb."
    )
    postal_address = models.TextField(
        blank=True, help_text="The publisher's address, printed in newsletter footers."
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


class RateCounter(models.Model):
    """One key's attempts in one time window (``magazine.limits``, the database store).

    ``bucket`` names the scope, the window and an HMAC digest of the key, never
    the key itself; rows go when their window has ended.
    """

    bucket = models.CharField(primary_key=True, max_length=200)
    count = models.PositiveIntegerField(default=0)
    ends_at = models.BigIntegerField(
        db_index=True, help_text="When the window ends, in seconds since the epoch."
    )

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return f"{self.bucket}: {self.count}"
