"""Reading the bounce mailbox: delivery status notifications and complaint reports.

Mail servers report a permanent failure as a DSN (RFC 3464, a
``multipart/report; report-type=delivery-status``) and mailbox providers'
feedback loops report "this is spam" as ARF (RFC 5965,
``report-type=feedback-report``). Either one stops further mail to the address.
"""

import email
import email.policy
from collections.abc import Iterator
from email.message import Message
from email.utils import getaddresses

from newsletter.models import Subscriber


def _fields(part: Message) -> Iterator[Message]:
    """The header blocks of a message/delivery-status or feedback-report part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        yield from payload
    else:  # some parsers leave the blocks as text
        for block in str(payload).split("\n\n"):
            if block.strip():
                yield email.message_from_string(block)


def _address(value: str | None) -> str:
    if not value:
        return ""
    _, _, address = value.partition(";")
    return (address or value).strip().strip("<>").lower()


def undeliverable_addresses(message: Message) -> list[tuple[str, str]]:
    """(address, status) for each hard bounce or complaint the report names."""
    if message.get_content_type() != "multipart/report":
        return []
    report_type = message.get_param("report-type", "").lower()
    found = []
    for part in message.walk():
        content_type = part.get_content_type()
        if (
            report_type == "delivery-status"
            and content_type == "message/delivery-status"
        ):
            for block in _fields(part):
                action = (block.get("Action") or "").strip().lower()
                status = (block.get("Status") or "").strip()
                address = _address(block.get("Final-Recipient"))
                if address and action == "failed" and status.startswith("5"):
                    found.append((address, Subscriber.Status.BOUNCED))
        elif (
            report_type == "feedback-report"
            and content_type == "message/feedback-report"
        ):
            for block in _fields(part):
                address = _address(block.get("Original-Rcpt-To"))
                if address:
                    found.append((address, Subscriber.Status.COMPLAINED))
        elif report_type == "feedback-report" and content_type in {
            "message/rfc822",
            "text/rfc822-headers",
        }:
            original = part.get_payload()
            original = original[0] if isinstance(original, list) else original
            if isinstance(original, str):
                original = email.message_from_string(original)
            for _, address in getaddresses(original.get_all("To", [])):
                found.append((address.lower(), Subscriber.Status.COMPLAINED))
    return list(dict.fromkeys(found))


def parse(raw: bytes) -> list[tuple[str, str]]:
    return undeliverable_addresses(
        email.message_from_bytes(raw, policy=email.policy.compat32)
    )
