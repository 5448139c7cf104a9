"""Signed links that name a person's record by id and e-mail address.

The address is signed with the id, so a link stops working once the record's
address changes (and no id can be swapped for another's).
"""

from django.core import signing


def sign_record(signer: signing.Signer, pk: int, email: str) -> str:
    return signer.sign(f"{pk}:{email}")


def unsign_record(
    signer: signing.Signer, token: str, *, max_age: int | None = None
) -> tuple[int, str] | None:
    """The (id, e-mail) a link names, or None when forged, altered or expired."""
    try:
        if max_age is None:
            value = signer.unsign(token)
        else:
            value = signer.unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    pk, _, email = value.partition(":")
    return (int(pk), email) if pk.isdigit() else None
