from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Who may be sent an edition: confirmed and not since bounced or complained."""
        return self.filter(status=Subscriber.Status.ACTIVE)

    def on_the_list(self):
        """Who has not left the list: confirmed, or still to confirm."""
        return self.filter(status__in=Subscriber.ON_THE_LIST)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    # Signed up and not left: confirmed, or still to confirm (one click leaves).
    ON_THE_LIST = frozenset({Status.ACTIVE, Status.PENDING})

    email = models.EmailField()
    name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING
    )
    signup_page = models.CharField(
        max_length=500, blank=True, help_text=_("The page the reader signed up from.")
    )
    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        help_text=_(
            "The edition the reader signed up from: their mail is in it "
            "and they get that language's editions."
        ),
    )
    consent_text = models.TextField(help_text=_("The wording the reader agreed to."))
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique_ci",
                violation_error_message="This address is already on the list.",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="subscriber_status")]

    def __str__(self):
        return self.email

    @property
    def is_on_the_list(self) -> bool:
        return self.status in self.ON_THE_LIST

    @property
    def withdrawal(self) -> str:
        """How and when the reader left the list ("" while on it). A confirmation
        link is bound to it: one sent before the reader left cannot bring them
        back, and one sent after can only while the record still says so."""
        if self.is_on_the_list:
            return ""
        when = self.unsubscribed_at.isoformat() if self.unsubscribed_at else ""
        return f"{self.status}:{when}"

    def export(self) -> dict:
        """Everything we hold about the reader, as they may ask for it (GDPR art. 15/20)."""
        return {
            "email": self.email,
            "name": self.name,
            "status": self.status,
            "signup_page": self.signup_page,
            "consent_text": self.consent_text,
            "consented_at": self.consented_at.isoformat()
            if self.consented_at
            else None,
            "confirmed_at": self.confirmed_at.isoformat()
            if self.confirmed_at
            else None,
            "unsubscribed_at": (
                self.unsubscribed_at.isoformat() if self.unsubscribed_at else None
            ),
            "created_at": self.created_at.isoformat(),
            "editions_received": [
                {"subject": subject, "sent_at": sent_at.isoformat()}
                for subject, sent_at in self.deliveries.filter(
                    status="sent"
                ).values_list("edition__subject", "sent_at")
            ],
        }
