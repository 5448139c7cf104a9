"""Shared steps for the comment tests: a reader filling in the form."""

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
