from django.db import models


class SendClock(models.Model):
    """The next free sending slot shared by every worker on every host.

    ``NEWSLETTER_MAX_PER_SECOND`` is the mail provider's limit for the whole
    account, not per process: each message takes the next slot under a row
    lock (a token bucket of one), so two workers with four connections each
    still send no faster than the cap. Each sent delivery records its slot
    (``Delivery.granted_at``), which shows afterwards what the clock granted.
    """

    name = models.CharField(max_length=40, unique=True)
    next_slot = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: next slot {self.next_slot:%H:%M:%S.%f}"
