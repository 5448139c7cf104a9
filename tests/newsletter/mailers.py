"""A mail backend that refuses chosen addresses, as a real SMTP server would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

from newsletter import services


class RefusingBackend(EmailBackend):
    """``refusals`` maps an address to the SMTP codes to answer, one per attempt."""

    refusals: dict[str, list[int]] = {}

    def send_messages(self, messages):
        for message in messages:
            codes = self.refusals.get(message.to[0])
            if codes:
                code = codes.pop(0)
                raise smtplib.SMTPRecipientsRefused(
                    {message.to[0]: (code, b"refused for the test")}
                )
        return super().send_messages(messages)


class BrokenBackend(EmailBackend):
    """A mailer that fails every message with an error that is not SMTP's."""

    def send_messages(self, messages):
        raise RuntimeError("The mail server is on fire")


class UnsubscribingBackend(EmailBackend):
    """Delivers like locmem; sending to an address in ``leaving_after`` makes
    the reader named there unsubscribe, as if they clicked meanwhile."""

    leaving_after: dict[str, int] = {}

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        for message in messages:
            if (leaver := self.leaving_after.pop(message.to[0], None)) is not None:
                services.unsubscribe(subscriber_pks=[leaver])
        return sent
