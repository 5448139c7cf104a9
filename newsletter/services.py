"""Multi-step writes of the newsletter: signups, consent, editions being sent."""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models.categories import active_language
from magazine.links import absolute_url
from newsletter.emails import EditionEmail
from newsletter.forms import CONSENT_TEXT
from newsletter.models import Edition, Subscriber
from newsletter.signing import subscriber_id_from_confirmation
from newsletter.tasks import send_edition, send_signup_mail

# What a staff-added reader's record says until their confirmation click, which
# is their agreement (recorded then, with the wording the signup form shows).
ADDED_BY_STAFF = (
    "Added by the newsroom; agreement is the confirmation click, not yet given."
)

ALREADY_SENDING = "This edition is already being sent."


def subscribe(
    *, email: str, name: str = "", signup_page: str = "", added_by_staff=False
) -> Subscriber:
    """Start (or restart) double opt-in; the mail itself goes out in the background.

    Every path does the same work in the request (one locked read, one write,
    one queued task), so the reply neither says nor takes longer to show
    whether the address was new, pending, subscribed or gone.

    Anyone can type an address, so a signup changes nothing a reader decided:
    an unsubscribed record keeps its status and time (the background task
    mails a fresh confirmation link, a few a day at most, and only the
    reader's click brings them back, see ``confirm``); a bounced or complained
    address is left alone and never mailed from here.
    """
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        )
        if subscriber is None:
            subscriber = Subscriber(email=email, status=Subscriber.Status.PENDING)
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.name = name or subscriber.name
            subscriber.signup_page = signup_page
            # The page's language, which the active one is (issue 15).
            subscriber.language = active_language()
            subscriber.consent_text = ADDED_BY_STAFF if added_by_staff else CONSENT_TEXT
            subscriber.consented_at = timezone.now()
            subscriber.confirmed_at = None
        subscriber.save()
        transaction.on_commit(lambda: send_signup_mail.enqueue(subscriber.pk))
    return subscriber


def confirm(token: str) -> Subscriber | None:
    """The reader's own click: a pending reader joins, and one who had left
    comes back (their withdrawal ends only here), agreeing to the signup form's
    wording now. The link is checked again under the row's lock, so a
    withdrawal made meanwhile voids it."""
    with transaction.atomic():
        found = subscriber_id_from_confirmation(
            token, records=Subscriber.objects.select_for_update()
        )
        if found is None:
            return None
        subscriber = Subscriber.objects.get(pk=found[0])
        if subscriber.status in {
            Subscriber.Status.PENDING,
            Subscriber.Status.UNSUBSCRIBED,
        }:
            now = timezone.now()
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED or (
                subscriber.consent_text == ADDED_BY_STAFF
            ):
                subscriber.consent_text = CONSENT_TEXT
                subscriber.consented_at = now
            subscriber.status = Subscriber.Status.ACTIVE
            subscriber.confirmed_at = now
            subscriber.unsubscribed_at = None
            subscriber.save(
                update_fields=[
                    "status",
                    "confirmed_at",
                    "consent_text",
                    "consented_at",
                    "unsubscribed_at",
                ]
            )
    return subscriber


def unsubscribe(*, subscriber_pks: Iterable[int]) -> int:
    """Stop all mail to these subscribers, in one UPDATE; repeating it, or for a
    deleted one, is a no-op. Returns how many were on the list."""
    return (
        Subscriber.objects.on_the_list()
        .filter(pk__in=list(subscriber_pks))
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )


def change_language(*, subscriber_pk: int, language: str) -> int:
    """The reader's own choice of language for their mail and editions (their
    preferences page); returns 0 when the subscriber is gone."""
    return Subscriber.objects.filter(pk=subscriber_pk).update(language=language)


def forget(*, subscriber_pk: int) -> None:
    """Erase the subscriber and their delivery history (right to erasure)."""
    Subscriber.objects.filter(pk=subscriber_pk).delete()


def schedule(*, edition: Edition, send_at=None) -> Edition:
    """Send the edition at ``send_at`` (now when None); the request returns at once.

    Scheduling again (a double click, a second editor) queues no second send
    when the send already queued covers it: same moment, or both already due.
    """
    if not edition.is_editable:
        raise ValueError(ALREADY_SENDING)
    with transaction.atomic():
        now = timezone.now()
        current = (
            Edition.objects.select_for_update()
            .filter(
                pk=edition.pk,
                status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED],
            )
            .values("status", "queued_for")
            .first()
        )
        # Conditional: a copy read before another request started the send must
        # not put a sending edition back to scheduled (and send it again).
        if current is None:
            raise ValueError(ALREADY_SENDING)
        edition.status = Edition.Status.SCHEDULED
        edition.send_at = send_at or now
        queued_for = current["queued_for"]
        already_queued = current["status"] == Edition.Status.SCHEDULED and (
            queued_for is not None
            and (
                queued_for == edition.send_at
                or (queued_for <= now and edition.send_at <= now)
            )
        )
        Edition.objects.filter(pk=edition.pk).update(
            status=edition.status,
            send_at=edition.send_at,
            queued_for=queued_for if already_queued else edition.send_at,
        )
        if already_queued:
            return edition
        task = send_edition
        if send_at is not None and send_at > now:
            if not send_edition.get_backend().supports_defer:
                raise ValueError("The task backend cannot run tasks later.")
            task = send_edition.using(run_after=send_at)
        transaction.on_commit(lambda: task.enqueue(edition.pk))
    return edition


def unschedule(*, edition: Edition) -> Edition:
    """Back to draft; the queued send finds it no longer due and does nothing."""
    Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
        status=Edition.Status.DRAFT, queued_for=None
    )
    edition.refresh_from_db()
    return edition


def send_test(*, edition: Edition, to: str) -> None:
    """The editor's own copy; its personal links say what they do for a subscriber."""

    def explained(link: str) -> str:
        return absolute_url(reverse("newsletter:test_copy_link", args=[link]))

    EditionEmail(edition).message(
        to=to,
        links={
            "unsubscribe_url": explained("unsubscribe"),
            "my_data_url": explained("my-data"),
        },
        subject_prefix="[Test] ",
    ).send()
