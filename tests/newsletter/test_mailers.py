"""Every mailer Django ships delivers every kind of newsletter mail, and a
delivery that fails shows its error to the editor on the edition."""

import email
import email.policy
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from newsletter import sending, services
from newsletter.models import Delivery, Edition, EditionArticle
from tests.factories import ArticleFactory
from tests.newsletter.factories import EditionFactory, SubscriberFactory
from tests.newsletter.smtp_sink import Sink, free_port

pytestmark = pytest.mark.django_db

MAILERS = ["console", "filebased", "locmem", "smtp"]


class RecordingSink(Sink):
    """The sink, keeping each accepted message's bytes."""

    def __init__(self, port):
        super().__init__(port)
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(params=MAILERS)
def mailer(request, settings, tmp_path, capsys):
    """The default mailer set to one of Django's; yields a function returning the
    messages it has delivered, parsed."""
    name = request.param
    backend = f"django.core.mail.backends.{name}.EmailBackend"
    if name == "locmem":
        settings.MAILERS = {"default": {"BACKEND": backend}}
        yield lambda: [
            email.message_from_bytes(m.message().as_bytes(), policy=email.policy.SMTP)
            for m in mail.outbox
        ]
    elif name == "console":
        settings.MAILERS = {"default": {"BACKEND": backend}}
        yield lambda: [
            email.message_from_string(text.strip("\n"), policy=email.policy.default)
            for text in capsys.readouterr().out.split("-" * 79)
            if text.strip()
        ]
    elif name == "filebased":
        folder = tmp_path / "mail"
        settings.MAILERS = {
            "default": {"BACKEND": backend, "OPTIONS": {"file_path": str(folder)}}
        }
        yield lambda: [
            email.message_from_bytes(chunk.strip(b"\n"), policy=email.policy.default)
            for path in sorted(folder.iterdir())
            for chunk in path.read_bytes().split(b"-" * 79)
            if chunk.strip()
        ]
    else:
        port = free_port()
        settings.MAILERS = {
            "default": {
                "BACKEND": backend,
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        with RecordingSink(port) as sink:
            yield lambda: [
                email.message_from_bytes(data, policy=email.policy.default)
                for data in sink.messages
            ]


def test_an_edition_and_the_signup_mail_go_out_through_every_mailer(mailer):
    readers = SubscriberFactory.create_batch(2)
    edition = EditionFactory(subject="Boats, bays and brunch")
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(headline="Boats at dawn"), position=0
    )
    services.schedule(edition=edition)
    sending.deliver_edition(edition.pk)
    services.subscribe(email="new.reader@example.com")
    sending.deliver_signup_mail(
        services.Subscriber.objects.get(email="new.reader@example.com").pk
    )

    edition.refresh_from_db()
    assert edition.status == "sent"
    assert dict(Delivery.objects.progress())["sent"] == 2
    delivered = mailer()
    editions = [m for m in delivered if m["Subject"] == "Boats, bays and brunch"]
    assert sorted(m["To"] for m in editions) == sorted(r.email for r in readers)
    for message in editions:
        assert "Boats at dawn" in message.get_body(("plain",)).get_content()
        assert message["List-Unsubscribe"].startswith("<http")
    (confirmation,) = [m for m in delivered if m["To"] == "new.reader@example.com"]
    assert confirmation["Subject"].startswith("Confirm your subscription")


def test_a_failing_mailer_shows_its_error_and_the_failed_count_on_the_edition(
    settings, admin_client
):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.newsletter.mailers.BrokenBackend"}
    }
    SubscriberFactory()
    edition = EditionFactory(status="scheduled", send_at=timezone.now())
    url = f"/admin/newsletter/edition/{edition.pk}/change/"

    sending.deliver_edition(edition.pk)

    page = admin_client.get(url).text
    assert "0 sent · 0 failed · 1 remaining (1 waiting to retry)" in page
    assert "The mail server is on fire" in page
    for minutes in (2, 15, 75):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
            sending.deliver_edition(edition.pk)
    page = admin_client.get(url).text
    assert "0 sent · 1 failed · 0 remaining" in page
    assert "The mail server is on fire" in page
    assert Edition.objects.get().last_error.startswith("The mail server is on fire")
