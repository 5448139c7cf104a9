import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from magazine.models import SiteSettings
from newsletter import sending, services
from newsletter.models import Delivery, Edition, EditionArticle, Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import EditionFactory, SubscriberFactory
from tests.newsletter.mailers import RefusingBackend, UnsubscribingBackend

pytestmark = pytest.mark.django_db


def edition_form(edition, **changes) -> dict:
    data = {
        "subject": edition.subject,
        "preheader": edition.preheader,
        "intro": edition.intro,
        "send_at_0": "",
        "send_at_1": "",
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_send_now_from_the_admin_reaches_every_active_subscriber_once(
    admin_client, django_capture_on_commit_callbacks
):
    readers = SubscriberFactory.create_batch(4)
    SubscriberFactory(status="pending", confirmed_at=None)
    SubscriberFactory(status="unsubscribed")
    SubscriberFactory(status="bounced")
    edition = EditionFactory()
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(headline="Boats at dawn"), position=0
    )

    response = admin_client.post(
        f"/admin/newsletter/edition/{edition.pk}/change/",
        edition_form(edition, _send_now="Save and send now"),
        follow=True,
    )
    # It asks first, saying to whom and with what; nothing has gone yet.
    assert "goes to <strong>4 subscribers</strong>" in response.text
    assert "<li>Boats at dawn</li>" in response.text
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/newsletter/edition/{edition.pk}/send/")

    assert response.status_code == 302
    assert recipients() == sorted(reader.email for reader in readers)
    assert all("Boats at dawn" in message.body for message in mail.outbox)
    edition.refresh_from_db()
    assert edition.status == "sent"
    assert edition.finished_at is not None
    page = admin_client.get(f"/admin/newsletter/edition/{edition.pk}/change/")
    assert "4 sent · 0 failed · 0 remaining" in page.content.decode()
    # A sent edition can no longer be sent again.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/newsletter/edition/{edition.pk}/send/")
    assert len(mail.outbox) == 4


def test_nothing_is_sent_by_a_cleared_or_missing_send_time(
    settings, admin_client, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SubscriberFactory()
    edition = EditionFactory()
    EditionArticle.objects.create(edition=edition, article=ArticleFactory())
    url = f"/admin/newsletter/edition/{edition.pk}/change/"
    later = timezone.localtime() + timedelta(hours=3)

    with django_capture_on_commit_callbacks(execute=True):
        missing = admin_client.post(
            url, edition_form(edition, _schedule="Schedule"), follow=True
        )
        admin_client.post(
            url,
            edition_form(
                edition,
                send_at_0=f"{later:%Y-%m-%d}",
                send_at_1=f"{later:%H:%M:%S}",
                _schedule="Schedule",
            ),
        )
        assert Edition.objects.get().status == "scheduled"
        cleared = admin_client.post(url, edition_form(edition), follow=True)

    assert "Nothing was scheduled: set a send time in the future first" in (
        missing.text
    )
    assert "is a draft again and nothing was sent" in cleared.text
    assert Edition.objects.get().status == "draft"
    with time_machine.travel(later + timedelta(minutes=1)):
        run_due_tasks()  # the send queued for the old time finds a draft
    assert not mail.outbox


def test_sending_an_edition_without_a_live_story_is_refused_and_says_why(
    admin_client, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    edition = EditionFactory()
    coming = ArticleFactory(
        headline="Embargoed until Friday",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(days=2),
    )
    EditionArticle.objects.create(edition=edition, article=coming)
    send_url = f"/admin/newsletter/edition/{edition.pk}/send/"

    page = admin_client.get(send_url).text
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(send_url)

    assert "This edition has no live story to send." in page
    assert "left out: “Embargoed until Friday” (scheduled)" in page
    assert 'value="Yes, send it now"' not in page
    assert Edition.objects.get().status == "draft"
    assert not mail.outbox


def test_the_admin_sends_the_editor_a_test_copy(admin_user, admin_client):
    edition = EditionFactory()

    admin_client.post(
        f"/admin/newsletter/edition/{edition.pk}/change/",
        edition_form(edition, subject="Draft subject", _send_test="Send me a test"),
    )

    (message,) = mail.outbox
    assert message.to == [admin_user.email]
    assert message.subject == "[Test] Draft subject"
    assert Edition.objects.get().status == "draft"
    # Its personal links say what they do for a subscriber.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.endswith("/newsletter/test-copy/unsubscribe/")
    page = admin_client.get(unsubscribe.removeprefix("http://127.0.0.1:8000"))
    assert "takes the reader off the list in one click" in page.text


def count_queries_to_send(readers: int) -> int:
    SubscriberFactory.create_batch(readers)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())
    EditionArticle.objects.create(edition=edition, article=ArticleFactory(), position=0)
    SiteSettings.load()  # read once after each change to the site, then kept
    with CaptureQueriesContext(connection) as queries:
        sent = sending.deliver_edition(edition.pk)
    assert sent == readers
    Subscriber.objects.all().delete()
    return len(queries)


def test_sending_costs_one_query_per_message_plus_a_few_per_batch(settings):
    settings.NEWSLETTER_BATCH_SIZE = 100
    settings.NEWSLETTER_CLAIM_TIMEOUT = 300

    few, more = count_queries_to_send(3), count_queries_to_send(9)

    # Per message: a read of the subscriber's status just before it goes (a
    # reader who left since the claim gets nothing), and the UPDATE marking it
    # sent, once the server accepted it.
    # Per run: lock, subscribers, insert deliveries, start; release expired
    # claims; unsent check; per batch: savepoint, lock, claim, release, read;
    # the stories (their bylines on their rows); the final empty claim; unsent
    # check; finish; and on PostgreSQL, turning asynchronous commit on and off.
    assert more - few == 2 * 6
    assert few == 22 + 3 + (2 if connection.vendor == "postgresql" else 0)


def test_a_temporary_refusal_is_retried_with_back_off_and_a_permanent_one_bounces(
    settings,
):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.newsletter.mailers.RefusingBackend"}
    }
    RefusingBackend.refusals = {
        "busy@example.com": [451, 451],
        "gone@example.com": [550],
    }
    SubscriberFactory(email="busy@example.com")
    gone = SubscriberFactory(email="gone@example.com")
    SubscriberFactory(email="fine@example.com")
    edition = EditionFactory(status="scheduled", send_at=timezone.now())

    sending.deliver_edition(edition.pk)

    assert recipients() == ["fine@example.com"]
    busy = Delivery.objects.get(subscriber__email="busy@example.com")
    assert (busy.status, busy.attempts) == ("pending", 1)
    assert busy.not_before > timezone.now()
    gone.refresh_from_db()
    assert gone.status == "bounced"
    assert Delivery.objects.get(subscriber=gone).status == "failed"
    assert Edition.objects.get().status == "sending"

    sending.deliver_edition(edition.pk)  # too early: the back-off holds
    assert recipients() == ["fine@example.com"]

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        sending.deliver_edition(edition.pk)
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        sending.deliver_edition(edition.pk)

    assert recipients() == ["busy@example.com", "fine@example.com"]
    assert Delivery.objects.get(subscriber__email="busy@example.com").attempts == 3
    assert Edition.objects.get().status == "sent"
    RefusingBackend.refusals = {}


def test_a_dead_workers_claim_expires_and_the_next_run_sends_the_rest_once(settings):
    settings.NEWSLETTER_CLAIM_TIMEOUT = 60
    readers = SubscriberFactory.create_batch(5)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())
    sending.start_if_due(edition.pk)
    # A worker sent the first reader, claimed two more and died.
    done, *claimed = Delivery.objects.order_by("pk")[:3]
    Delivery.objects.filter(pk=done.pk).update(status="sent", sent_at=timezone.now())
    Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
        status="sending", claimed_at=timezone.now()
    )

    sending.deliver_edition(edition.pk)  # the claim is still fresh: left alone
    assert len(mail.outbox) == 2

    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        sending.deliver_edition(edition.pk)

    assert recipients() == sorted(reader.email for reader in readers[1:])
    assert Delivery.objects.filter(status="sent").count() == 5
    assert Edition.objects.get().status == "sent"


def test_a_reader_who_unsubscribes_mid_send_gets_nothing_more():
    readers = SubscriberFactory.create_batch(3)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())
    sending.start_if_due(edition.pk)
    services.unsubscribe(subscriber_pks=[readers[0].pk])

    sending.deliver_edition(edition.pk)

    assert recipients() == sorted(reader.email for reader in readers[1:])
    assert Delivery.objects.get(subscriber=readers[0]).status == "failed"


def test_a_reader_who_unsubscribes_after_their_batch_was_claimed_gets_nothing(
    settings,
):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.newsletter.mailers.UnsubscribingBackend"}
    }
    first, second, third = SubscriberFactory.create_batch(3)
    # While the first message goes out, the whole batch is claimed: the third
    # reader clicks "unsubscribe" then.
    UnsubscribingBackend.leaving_after = {first.email: third.pk}
    edition = EditionFactory(status="scheduled", send_at=timezone.now())

    sending.deliver_edition(edition.pk)

    assert recipients() == sorted([first.email, second.email])
    delivery = Delivery.objects.get(subscriber=third)
    assert (delivery.status, delivery.error) == (
        "failed",
        "Not sent: the address stopped receiving mail.",
    )
    assert Edition.objects.get().status == "sent"


def run_due_tasks() -> None:
    """What ``db_worker`` does, in the test's own connection and transaction."""
    for queued in DBTaskResult.objects.ready():
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        queued.delete()


def test_a_scheduled_edition_goes_out_when_due_through_the_database_queue(
    settings, admin_client, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SubscriberFactory.create_batch(2)
    edition = EditionFactory()
    send_at = timezone.localtime() + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/newsletter/edition/{edition.pk}/change/",
            edition_form(
                edition,
                send_at_0=f"{send_at:%Y-%m-%d}",
                send_at_1=f"{send_at:%H:%M:%S}",
                _schedule="Schedule",
            ),
        )

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "newsletter.tasks.send_edition"
    assert queued.run_after == send_at.replace(microsecond=0)
    run_due_tasks()
    assert Edition.objects.get().status == "scheduled"
    assert not mail.outbox

    with time_machine.travel(send_at + timedelta(minutes=1)):
        run_due_tasks()

    assert len(mail.outbox) == 2
    assert Edition.objects.get().status == "sent"


def test_moving_a_scheduled_send_queues_it_for_the_new_time_and_it_can_be_cancelled(
    settings, admin_client, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SubscriberFactory()
    edition = EditionFactory()
    first = timezone.localtime() + timedelta(hours=2)
    later = first + timedelta(days=1)
    url = f"/admin/newsletter/edition/{edition.pk}/change/"

    def post(when, **button):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                url,
                edition_form(
                    edition,
                    send_at_0=f"{when:%Y-%m-%d}",
                    send_at_1=f"{when:%H:%M:%S}",
                    **button,
                ),
            )

    post(first, _schedule="Schedule")
    post(later)  # a plain save with a new time

    assert sorted(DBTaskResult.objects.values_list("run_after", flat=True)) == [
        first.replace(microsecond=0),
        later.replace(microsecond=0),
    ]
    with time_machine.travel(first + timedelta(minutes=1)):
        run_due_tasks()
    assert not mail.outbox

    post(later, _unschedule="Cancel")
    with time_machine.travel(later + timedelta(minutes=1)):
        run_due_tasks()

    assert not mail.outbox
    assert Edition.objects.get().status == "draft"


def test_sending_keeps_to_the_configured_rate(settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 40
    SubscriberFactory.create_batch(9)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())

    started = time.monotonic()
    sending.deliver_edition(edition.pk)

    assert len(mail.outbox) == 9
    assert time.monotonic() - started >= 8 / 40


@pytest.mark.django_db(transaction=True)
def test_several_connections_share_the_work_and_still_send_each_message_once(settings):
    settings.NEWSLETTER_CONNECTIONS = 3
    settings.NEWSLETTER_BATCH_SIZE = 4
    readers = SubscriberFactory.create_batch(30)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())

    sent = sending.deliver_edition(edition.pk)

    assert sent == 30
    assert recipients() == sorted(reader.email for reader in readers)
    assert Delivery.objects.filter(status="sent").count() == 30
    assert Edition.objects.get().status == "sent"


def test_a_stale_copy_cannot_put_a_sending_edition_back_to_scheduled():
    edition = EditionFactory()
    stale = Edition.objects.get(pk=edition.pk)  # read before the send began
    Edition.objects.filter(pk=edition.pk).update(status="sending")

    with pytest.raises(ValueError, match="already being sent"):
        services.schedule(edition=stale, send_at=None)

    assert Edition.objects.get(pk=edition.pk).status == "sending"
