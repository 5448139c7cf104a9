"""The newsletter's e-mails: confirmation, and editions rendered once per send.

An edition's HTML and text parts are rendered from their compiled templates
once, with markers where the personal parts go; each subscriber's message only
swaps the markers, so a 100,000-reader send does not render 100,000 templates.
"""

import binascii
import email.message
import email.policy
import re
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from articles.images.markup import uncropped_url
from magazine.links import absolute_url
from magazine.mail import RawListHeadersMessage
from magazine.models import SiteSettings
from newsletter.signing import confirmation_token, my_data_token, unsubscribe_token

# The stories' pictures are drawn this wide (edition.html); sent at twice that.
EMAIL_IMAGE_WIDTH = 544


class SerializedMessage:
    """A message's finished bytes, with the reading side of ``email.message``.

    Mail backends differ in what they read from ``message()``: SMTP takes the
    bytes, the console and file mailers ask for the charset first, locmem only
    builds it. Anything besides the bytes is answered by the parsed message, so
    every backend Django ships (and any other) gets what it asks for.
    """

    def __init__(self, data: bytes, *, linesep: str = "\n"):
        self.data = data if linesep == "\n" else data.replace(b"\n", linesep.encode())

    def as_bytes(self, unixfrom=False, policy=None) -> bytes:
        return self.data

    def as_string(self, unixfrom=False, maxheaderlen=0, policy=None) -> str:
        return self.data.decode("utf-8")

    def __bytes__(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.as_string()

    @cached_property
    def parsed(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def __getitem__(self, name: str):
        return self.parsed[name]

    def __getattr__(self, name: str):
        if name.startswith("__") or name in {"data", "parsed"}:
            raise AttributeError(name)
        return getattr(self.parsed, name)


class OneClickMessage(RawListHeadersMessage):
    """A message whose RFC 8058 headers reach the provider exactly as written
    (``magazine.mail``), or whose finished bytes were made once (``wire``)."""

    #: The message already serialised (``EditionEmail`` sets it): ``message()``
    #: hands these bytes to the backend instead of building them again.
    wire: bytes | None = None

    def message(self, *, policy=email.policy.default):
        if self.wire is not None:
            return SerializedMessage(self.wire, linesep=policy.linesep)
        return super().message(policy=policy)


def personal_links(
    subscriber_pk: int, *, language: str | None = None
) -> dict[str, str]:
    """The reader's own links, at their addresses in ``language`` (the mail's;
    default: the active one), so the pages they open speak it."""
    with translation.override(language or translation.get_language()):
        return {
            "unsubscribe_url": absolute_url(
                reverse(
                    "newsletter:unsubscribe",
                    kwargs={"token": unsubscribe_token(subscriber_pk)},
                )
            ),
            "my_data_url": absolute_url(
                reverse(
                    "newsletter:my_data", kwargs={"token": my_data_token(subscriber_pk)}
                )
            ),
        }


def footer_context() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "site_host": urlsplit(settings.SITE_URL).netloc,
        "postal_address": SiteSettings.load().postal_address,
    }


def transactional_message(
    subscriber, *, subject: str, template: str, **context
) -> EmailMultiAlternatives:
    """A one-off e-mail to one reader: ``template`` .txt and .html parts, in
    the reader's language."""
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, **footer_context(), **context}
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=render_to_string(f"{template}.txt", context),
            to=[subscriber.email],
        )
        message.attach_alternative(
            render_to_string(f"{template}.html", context), "text/html"
        )
    return message


def confirmation_message(subscriber) -> EmailMultiAlternatives:
    link = absolute_url(
        reverse("newsletter:confirm", kwargs={"token": confirmation_token(subscriber)})
    )
    return transactional_message(
        subscriber,
        subject=format_lazy(
            gettext_lazy("Confirm your subscription to {site_name}"),
            site_name=settings.SITE_NAME,
        ),
        template="newsletter/email/confirm",
        link=link,
    )


def already_subscribed_message(subscriber) -> EmailMultiAlternatives:
    """Sent instead of a confirmation, so a signup form never tells who is subscribed."""
    return transactional_message(
        subscriber,
        subject=format_lazy(
            gettext_lazy("You already get the {site_name} newsletter"),
            site_name=settings.SITE_NAME,
        ),
        template="newsletter/email/already_subscribed",
        **personal_links(subscriber.pk, language=subscriber.language),
    )


MARKERS = {
    "greeting_name": "\ue000NAME\ue000",
    "unsubscribe_url": "\ue000UNSUBSCRIBE\ue000",
    "my_data_url": "\ue000MYDATA\ue000",
}
_MARKER = re.compile("\ue000([A-Z]+)\ue000")
_MARKER_KEYS = {marker.strip("\ue000"): key for key, marker in MARKERS.items()}


PLACEHOLDER = {
    "to": "recipient@placeholder.invalid",
    "message_id": "<message-id@placeholder.invalid>",
    "unsubscribe_url": "https://placeholder.invalid/unsubscribe/",
}


class EditionEmail:
    """An edition rendered once; ``message()`` makes each reader's copy from it."""

    def __init__(self, edition):
        self.edition = edition

    def context(self) -> dict:
        stories = [
            {
                "headline": article.headline,
                "standfirst": article.standfirst,
                "url": absolute_url(article.get_absolute_url()),
                "image_url": absolute_url(
                    uncropped_url(article.lead_image, at_least=2 * EMAIL_IMAGE_WIDTH)
                )
                if article.lead_image
                else "",
                "image_alt": (
                    article.lead_image.alt_text_in(article.language)[0]
                    if article.lead_image
                    else ""
                ),
                "category": article.category.name,
                "is_sponsored": article.is_sponsored,
            }
            for article in self.edition.stories()
        ]
        return {"edition": self.edition, "stories": stories, **footer_context()}

    @cached_property
    def parts(self) -> tuple[str, str]:
        """Rendered in the edition's language, as its readers read."""
        with translation.override(self.edition.language):
            context = {**self.context(), **MARKERS}
            return (
                render_to_string("newsletter/email/edition.txt", context),
                render_to_string("newsletter/email/edition.html", context),
            )

    def prepared(self) -> "EditionEmail":
        """Render now, so the sending threads share one finished rendering."""
        self.header_block  # noqa: B018 (a cached property, computed for its effect)
        return self

    @cached_property
    def host(self) -> str:
        return urlsplit(settings.SITE_URL).hostname or "localhost"

    def message(
        self,
        *,
        to: str,
        name: str = "",
        links: dict[str, str],
        message_id: str | None = None,
        subject_prefix: str = "",
    ) -> OneClickMessage:
        message = self.build(
            to=to,
            name=name,
            links=links,
            message_id=message_id,
            subject_prefix=subject_prefix,
        )
        if message_id and not subject_prefix and to.isascii():
            message.wire = self.serialise(
                to=to,
                message_id=message_id,
                unsubscribe_url=links["unsubscribe_url"],
                text=message.body,
                html=message.alternatives[0].content,
            )
        return message

    def build(
        self,
        *,
        to: str,
        name: str,
        links: dict[str, str],
        message_id: str | None,
        subject_prefix: str,
    ) -> OneClickMessage:
        text, html = self.parts
        values = {"greeting_name": f" {name}" if name else "", **links}

        def fill(template: str, quote) -> str:
            return _MARKER.sub(
                lambda m: quote(values[_MARKER_KEYS[m.group(1)]]), template
            )

        headers = {
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} newsletter <newsletter.{self.host}>",
            "Precedence": "bulk",
        }
        if message_id:
            headers["Message-ID"] = message_id
        message = OneClickMessage(
            subject=subject_prefix + self.edition.subject,
            body=fill(text, str),
            to=[to],
            headers=headers,
        )
        message.attach_alternative(fill(html, escape), "text/html")
        return message

    @cached_property
    def header_block(self) -> tuple[str, str]:
        """The edition's headers, built once by Django around placeholders, and
        the multipart boundary they announce."""
        prototype = self.build(
            to=PLACEHOLDER["to"],
            name="",
            links={
                "unsubscribe_url": PLACEHOLDER["unsubscribe_url"],
                "my_data_url": "",
            },
            message_id=PLACEHOLDER["message_id"],
            subject_prefix="",
        )
        # Not empty: Django builds a body-less message differently, without the
        # top-level MIME-Version header the real one carries.
        prototype.body, prototype.alternatives = " ", []
        prototype.attach_alternative(" ", "text/html")
        raw = prototype.message().as_bytes().decode("ascii")
        head = raw.split("\n\n", 1)[0]
        boundary = re.search(r'boundary="([^"]+)"', head).group(1)
        return head, boundary

    def serialise(
        self, *, to: str, message_id: str, unsubscribe_url: str, text: str, html: str
    ) -> bytes:
        """The whole message as Django would send it, without rebuilding headers.

        Python's ``email`` package spends ~7 ms building and flattening each
        multipart message; at 100,000 readers that is most of the send. Only the
        recipient, Message-ID and unsubscribe URL differ between readers.
        """
        head, boundary = self.header_block
        head = (
            head.replace(PLACEHOLDER["to"], to)
            .replace(PLACEHOLDER["message_id"], message_id)
            .replace(PLACEHOLDER["unsubscribe_url"], unsubscribe_url)
        )
        parts = [head.encode("ascii"), b"\n\n"]
        for subtype, content in (("plain", text), ("html", html)):
            parts += [
                f"--{boundary}\n".encode(),
                f'Content-Type: text/{subtype}; charset="utf-8"\n'.encode(),
                b"Content-Transfer-Encoding: quoted-printable\n\n",
                binascii.b2a_qp(content.encode()),
                b"\n",
            ]
        parts.append(f"--{boundary}--\n".encode())
        return b"".join(parts)

    def delivery_message_id(self, delivery_pk: int) -> str:
        """Stable per delivery: a copy sent twice is recognisably the same message."""
        return f"<edition-{self.edition.pk}.delivery-{delivery_pk}@{self.host}>"
