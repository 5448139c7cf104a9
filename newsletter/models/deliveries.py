from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryQuerySet(models.QuerySet):
    def progress(self) -> dict[str, int]:
        """Counts per status, and of pending rows that failed before and wait
        to be retried (``RETRYING``), for the admin's progress line: one query."""
        rows = (
            self.order_by()
            .values_list("status")
            .annotate(
                n=models.Count("pk"),
                retried=models.Count("pk", filter=models.Q(attempts__gt=0)),
            )
        )
        counts = {status: (n, retried) for status, n, retried in rows}
        progress = {
            status: counts.get(status, (0, 0))[0] for status in Delivery.Status.values
        }
        progress[RETRYING] = counts.get(Delivery.Status.PENDING, (0, 0))[1]
        return progress


RETRYING = "retrying"


class Delivery(models.Model):
    """One edition to one subscriber: the record that makes sending exactly-once.

    A worker claims pending rows (pending → sending), sends each message and
    marks it sent at once; a worker that dies leaves its claim to expire and
    another run sends what is still unsent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    edition = models.ForeignKey(
        "newsletter.Edition", on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("A retry after a temporary error waits until then."),
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    granted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The sending slot the shared rate cap gave this message."),
    )
    error = models.CharField(max_length=300, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="delivery_once_per_subscriber"
            )
        ]
        indexes = [
            models.Index(fields=["edition", "status"], name="delivery_edition_status")
        ]

    def __str__(self):
        return f"{self.edition} → {self.subscriber}"
