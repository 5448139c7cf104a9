"""Signed values a commenter carries: the pending-comment cookie, the link that
confirms their address, and the stop link."""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare

from articles.models import Comment
from magazine.signing import address_fingerprint, sign_record, unsign_record

PENDING_COOKIE = settings.COMMENT_PENDING_COOKIE  # also in PAGE_CACHE_BYPASS_COOKIES
PENDING_MAX_AGE = 60 * 60 * 24 * 14
PENDING_KEPT = 20
_PENDING_SALT = "articles.comments.pending"
_stop = signing.Signer(salt="articles.comments.stop")
CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 7
_confirmation = signing.TimestampSigner(salt="articles.comments.confirm")
PROOF_COOKIE = "commenter"
PROOF_MAX_AGE = 60 * 60 * 24 * 365
_proof = signing.TimestampSigner(salt="articles.comments.address-proof")


def pending_ids(request: HttpRequest | None) -> list[int]:
    """The reader's own comments still waiting for moderation (newest last)."""
    if request is None:
        return []
    value = request.get_signed_cookie(
        PENDING_COOKIE, default="", salt=_PENDING_SALT, max_age=PENDING_MAX_AGE
    )
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(request: HttpRequest, response: HttpResponse, comment) -> None:
    """Lets the author see a comment nobody else sees yet; pages with the cookie are
    never served from or stored in the page cache."""
    ids = [*pending_ids(request), comment.pk][-PENDING_KEPT:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ",".join(map(str, ids)),
        salt=_PENDING_SALT,
        max_age=PENDING_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def stop_token(comment) -> str:
    return sign_record(_stop, comment.pk, comment.email)


def comment_from_stop_token(token: str) -> tuple[int, str] | None:
    """The comment and address a stop link names, or None when it was tampered with."""
    return unsign_record(_stop, token, records=Comment.objects.all())


def _address_state(comment) -> str:
    """What a confirmation link is bound to: it works while its comment's
    address is unconfirmed, so once only."""
    return "confirmed" if comment.address_confirmed else "unconfirmed"


def confirmation_token(comment) -> str:
    return sign_record(
        _confirmation, comment.pk, comment.email, state=_address_state(comment)
    )


def comment_from_confirmation_token(token: str) -> tuple[int, str] | None:
    """The comment and address a confirmation link names, or None when it was
    tampered with, has expired, or has been used."""
    return unsign_record(
        _confirmation,
        token,
        records=Comment.objects.all(),
        max_age=CONFIRMATION_MAX_AGE,
        state_of=_address_state,
    )


def address_proof(email: str) -> str:
    """The cookie a browser gets when its reader clicks a confirmation link:
    it proves that browser's comments under that address are the owner's.
    Only a keyed fingerprint of the address, never the address itself."""
    return _proof.sign(address_fingerprint(email))


def remember_address(response: HttpResponse, email: str) -> None:
    """Sent only to the comment URLs, which are never cached."""
    response.set_cookie(
        PROOF_COOKIE,
        address_proof(email),
        max_age=PROOF_MAX_AGE,
        path="/comments/",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def proves_address(request: HttpRequest, email: str) -> bool:
    """Whether this browser confirmed ``email`` (by its proof cookie)."""
    try:
        fingerprint = _proof.unsign(
            request.COOKIES.get(PROOF_COOKIE, ""), max_age=PROOF_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return constant_time_compare(fingerprint, address_fingerprint(email))
