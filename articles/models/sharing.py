"""Shareable preview links: a draft shown to someone without an account (a
source checking a quote, a sponsor approving copy) through a signed address
that expires and that the desk can revoke."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SALT = "articles.preview-link"
LIFETIME = timedelta(days=7)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PreviewLink(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shareable preview link")

    def __str__(self):
        return str(self.article)

    @property
    def token(self) -> str:
        """The address's part that names the link: signed, so no one reaches a
        link by counting; the row decides whether it still works."""
        return signing.dumps(self.pk, salt=SALT)

    @classmethod
    def from_token(cls, token: str):
        """The usable link the token names, or None (tampered, expired, revoked)."""
        try:
            pk = signing.loads(token, salt=SALT, max_age=LIFETIME)
        except signing.BadSignature:
            return None
        if not isinstance(pk, int):
            return None
        return cls.objects.usable().filter(pk=pk).first()
