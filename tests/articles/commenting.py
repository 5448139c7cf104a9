"""Shared steps for the comment tests: a reader filling in the form."""

from articles.comments.signing import PROOF_COOKIE, address_proof
from articles.models import ConfirmedAddress
from tests.helpers import aged_stamp


def comment_data(**overrides) -> dict:
    return {
        "name": "Rosa Delgado",
        "email": "rosa@example.com",
        "website": "",
        "body": "Our street in Sunset Harbour floods every October.",
        "consent": "on",
        "issued": aged_stamp(),
        **overrides,
    }


def post_comment(client, article, **overrides):
    return client.post(f"/comments/{article.pk}/", comment_data(**overrides))


def confirmed_in_this_browser(client, email: str) -> None:
    """The reader clicked a confirmation link for ``email`` in this browser."""
    ConfirmedAddress.objects.get_or_create(email=email.lower())
    client.cookies[PROOF_COOKIE] = address_proof(email)
