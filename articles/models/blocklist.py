import ipaddress
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockedQuerySet(models.QuerySet):
    def first_match(self, *, text: str, email: str, ip: str | None):
        """The entry a submission trips, or None. The list is short: one query."""
        for entry in self:
            if entry.matches(text=text, email=email, ip=ip):
                return entry
        return None


class Blocked(models.Model):
    """A word, address or network whose comments are refused (editable in the admin)."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        ADDRESS = "address", "E-mail address or @domain"
        NETWORK = "network", "IP address or range (CIDR)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(
        max_length=200,
        help_text=_(
            "“casino”, “spammer@example.com”, “@example.com”, “203.0.113.0/24”."
        ),
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockedQuerySet.as_manager()

    class Meta:
        verbose_name = "blocked word, address or network"
        verbose_name_plural = "blocklist"
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocked_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.NETWORK:
            try:
                self.value = str(ipaddress.ip_network(self.value, strict=False))
            except ValueError:
                raise ValidationError(
                    {"value": "Enter an IP address or a range like 203.0.113.0/24."}
                ) from None
        if self.kind == self.Kind.ADDRESS and "@" not in self.value:
            self.value = f"@{self.value}"

    def matches(self, *, text: str, email: str, ip: str | None) -> bool:
        value = self.value.lower()
        if self.kind == self.Kind.WORD:
            return re.search(rf"\b{re.escape(value)}\b", text.lower()) is not None
        if self.kind == self.Kind.ADDRESS:
            email = email.lower()
            return email.endswith(value) if value.startswith("@") else email == value
        if self.kind == self.Kind.NETWORK and ip:
            try:
                return ipaddress.ip_address(ip) in ipaddress.ip_network(
                    value, strict=False
                )
            except ValueError:
                return False
        return False
