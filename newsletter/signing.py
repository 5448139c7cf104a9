"""Signed links in newsletter e-mails.

Confirmation and personal-data links expire; the unsubscribe link never does,
because a reader may use it years later and must never meet an error.
Tokens carry only the subscriber's id, so they stay short enough for headers.
"""

from django.core import signing

from magazine.signing import sign_record, unsign_record
from newsletter.models import Subscriber

CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 7
MY_DATA_MAX_AGE = 60 * 60 * 24 * 90
_confirmation = signing.TimestampSigner(salt="newsletter.confirm")
_unsubscribe = signing.Signer(salt="newsletter.unsubscribe")
_my_data = signing.TimestampSigner(salt="newsletter.my-data")


def confirmation_token(subscriber) -> str:
    return sign_record(
        _confirmation, subscriber.pk, subscriber.email, state=subscriber.withdrawal
    )


def subscriber_id_from_confirmation(
    token: str, *, records=None
) -> tuple[int, str] | None:
    """The subscriber a confirmation link names, or None when forged, expired,
    or sent before the reader last left the list (``Subscriber.withdrawal``).
    ``records``: e.g. ``select_for_update()``, to check under a lock."""
    return unsign_record(
        _confirmation,
        token,
        records=Subscriber.objects.all() if records is None else records,
        max_age=CONFIRMATION_MAX_AGE,
        state_of=lambda subscriber: subscriber.withdrawal,
    )


def unsubscribe_token(subscriber_pk: int) -> str:
    return _unsubscribe.sign(str(subscriber_pk))


def subscriber_id_from_unsubscribe(token: str) -> int | None:
    try:
        return int(_unsubscribe.unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def my_data_token(subscriber_pk: int) -> str:
    return _my_data.sign(str(subscriber_pk))


def subscriber_id_from_my_data(token: str) -> int | None:
    try:
        return int(_my_data.unsign(token, max_age=MY_DATA_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
