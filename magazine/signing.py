"""Signed links that name a person's record by id and e-mail address.

The address is signed with the id, so a link stops working once the record's
address changes (and no id can be swapped for another's). It travels as a keyed
fingerprint, never in clear: links end up in server logs, browser history and
the Referer header of whatever page is opened next.

A link may also be bound to a ``state`` of the record (a withdrawal, a
confirmation): it stops working once that changes, which makes a link
single-use, or keeps an old link from undoing a decision taken after it.
"""

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

_FINGERPRINT_SALT = "magazine.signing.address"


def address_fingerprint(email: str, secret: str | None = None) -> str:
    """The same for any spelling of the address's case, as addresses compare."""
    return salted_hmac(
        _FINGERPRINT_SALT, email.lower(), secret=secret, algorithm="sha256"
    ).hexdigest()[:24]


def _bound(email: str, state: str) -> str:
    return f"{email}\0{state}" if state else email


def _names_address(fingerprint: str, email: str, state: str = "") -> bool:
    """Whether a link's fingerprint is this address's (in this state), under the
    current secret key or one being rotated out; or, in links sent before
    fingerprints (and never bound to a state), the address itself."""
    if "@" in fingerprint:
        return not state and constant_time_compare(fingerprint.lower(), email.lower())
    return any(
        constant_time_compare(
            fingerprint, address_fingerprint(_bound(email, state), secret)
        )
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )


def sign_record(signer: signing.Signer, pk: int, email: str, *, state="") -> str:
    return signer.sign(f"{pk}:{address_fingerprint(_bound(email, state))}")


def unsign_record(
    signer: signing.Signer,
    token: str,
    *,
    records: QuerySet,
    max_age: int | None = None,
    state_of: Callable[[Model], str] | None = None,
) -> tuple[int, str] | None:
    """The (id, e-mail) of the record among ``records`` a link names, or None
    when forged, altered, expired, or when the record is gone or its address
    (or its ``state_of(record)``, for a link signed with a state) has changed."""
    try:
        if max_age is None:
            value = signer.unsign(token)
        else:
            value = signer.unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    pk, _, fingerprint = value.partition(":")
    if not pk.isdigit():
        return None
    if state_of is None:
        email = records.filter(pk=int(pk)).values_list("email", flat=True).first()
        state = ""
    else:
        record = records.filter(pk=int(pk)).first()
        email = record and record.email
        state = record and state_of(record)
    if email is None or not _names_address(fingerprint, email, state):
        return None
    return int(pk), email
