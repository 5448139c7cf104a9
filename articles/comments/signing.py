"""Signed values a commenter carries: the pending-comment cookie and the stop link."""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from articles.models import Comment
from magazine.signing import sign_record, unsign_record

PENDING_COOKIE = settings.COMMENT_PENDING_COOKIE  # also in PAGE_CACHE_BYPASS_COOKIES
PENDING_MAX_AGE = 60 * 60 * 24 * 14
PENDING_KEPT = 20
_PENDING_SALT = "articles.comments.pending"
_stop = signing.Signer(salt="articles.comments.stop")


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
