"""A mail backend that refuses chosen addresses, as a real SMTP server would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


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
