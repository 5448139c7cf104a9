"""Mail whose list headers reach the mailbox provider exactly as written.

Python's e-mail policy folds long header values and RFC 2047-encodes a token
it cannot break, which turns ``<https://…>`` into ``=?utf-8?q?…?=`` that no
mailbox provider reads. The URLs are ASCII and far below RFC 5322's
998-character line limit, so they are stored raw and left unfolded. Every
message with an unsubscribe or stop link (newsletter, reply notifications)
is built on this.
"""

import email.policy

from django.core.mail import EmailMultiAlternatives

RAW_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post")


class RawListHeadersMessage(EmailMultiAlternatives):
    """An e-mail whose ``RAW_HEADERS`` are written unfolded and unencoded."""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy.clone(refold_source="none"))
        for name in RAW_HEADERS:
            value = msg[name]
            if value is not None:
                del msg[name]
                msg.set_raw(name, str(value))
        return msg
