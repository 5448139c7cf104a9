from django.core import signing

CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 7
_confirmation = signing.TimestampSigner(salt="newsletter.confirm")


def confirmation_token(subscriber) -> str:
    return _confirmation.sign(f"{subscriber.pk}:{subscriber.email}")


def subscriber_id_from_confirmation(token: str) -> tuple[int, str] | None:
    """The subscriber a confirmation link names, or None when forged or expired."""
    try:
        value = _confirmation.unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    pk, _, email = value.partition(":")
    return int(pk), email
