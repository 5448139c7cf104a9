"""The rich-text vocabulary editors get, shared by every rich-text field.

django-prose-editor derives both the editor's toolbar and the nh3 allow-list
from this one mapping, so what the editor can make is exactly what is kept.
"""

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LINK_CARD_PROVIDERS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "x.com": "X",
    "twitter.com": "X",
    "www.twitter.com": "X",
}

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    # Pictures come from the image library: "Browse…" opens its picker.
    "Figure": {"pickerUrl": "/admin/articles/image/picker/"},
    "Caption": True,
    "Image": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    "HTML": True,
    "SpecialCharacters": True,
    # A lone YouTube or X link looks like its reader's link card in the editor too
    # (articles/static/articles/editor-link-cards.js, DJANGO_PROSE_EDITOR_EXTENSIONS).
    "LinkCards": {"providers": LINK_CARD_PROVIDERS},
    # Tables pasted from Word or Google Docs, or made here, are kept.
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Word count and reading time; pasting from Word and Google Docs; pictures
    # pasted or dropped go to the image library (articles/static/articles/editor-aids.js).
    "EditorAids": {
        "uploadUrl": "/admin/articles/image/upload/",
        "messages": {
            "word": _("%(count)s word"),
            "words": _("%(count)s words"),
            "readingTime": _("%(minutes)s min read"),
            "dialogTitle": _("Add “%(name)s” to the image library"),
            "altText": _("Alt text"),
            "altHelp": _("What the picture shows, for readers who cannot see it."),
            "caption": _("Caption"),
            "credit": _("Credit"),
            "upload": _("Upload and insert"),
            "skip": _("Skip this picture"),
            "uploading": _("Uploading %(name)s…"),
            "uploaded": _("Pictures added to the library and the story: %(count)s."),
            "refused": _("%(name)s was not uploaded: %(errors)s"),
            "failed": _("%(name)s was not uploaded: the connection failed."),
            "noUpload": _("Pictures cannot be uploaded here."),
            "dropped": _(
                "%(count)s pasted picture(s) could not be kept (they live on "
                "another computer or site): drop the picture files here instead."
            ),
        },
    },
}

_LINK_TAG = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_IMAGE_TAG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def is_outbound(href: str) -> bool:
    """A link that leaves the site: absolute http(s) to another host."""
    target = urlsplit(html.unescape(href))
    own_host = urlsplit(settings.SITE_URL).hostname
    return target.scheme in {"http", "https"} and target.hostname not in {
        own_host,
        None,
    }


def mark_sponsored_links(body: str) -> str:
    """Give every outbound link ``rel="sponsored"`` (sanitised HTML, quoted attributes).

    Search engines ask for it on paid content; it is set when the story is saved
    rather than trusted to the editor.
    """

    def mark(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if not is_outbound(attributes.get("href", "")):
            return match.group(0)
        attributes["rel"] = "sponsored noopener"
        rendered = "".join(f' {name}="{value}"' for name, value in attributes.items())
        return f"<a{rendered}>"

    return _LINK_TAG.sub(mark, body)


def is_own_media(src: str) -> bool:
    """A picture served from our own media storage (the image library)."""
    media_url = settings.MEDIA_URL
    source = html.unescape(src)
    if "://" in media_url:
        return source.startswith(media_url)
    target = urlsplit(source)
    own_host = urlsplit(settings.SITE_URL).hostname
    return target.path.startswith(media_url) and target.hostname in {None, own_host}


def image_sources(body: str) -> set[str]:
    """The ``src`` of every ``<img>`` in sanitised HTML."""
    return {
        dict(_ATTRIBUTE.findall(attributes)).get("src", "")
        for attributes in _IMAGE_TAG.findall(body)
    }


def replace_images(body: str, replace: Callable[[dict], str | None]) -> str:
    """Each ``<img>`` (sanitised HTML, quoted attributes) replaced by what
    ``replace`` makes of its attributes; ``None`` keeps the tag as it is."""

    def swap(match: re.Match) -> str:
        replacement = replace(dict(_ATTRIBUTE.findall(match.group(1))))
        return match.group(0) if replacement is None else replacement

    return _IMAGE_TAG.sub(swap, body)


def only_library_images(body: str) -> str:
    """Drop pictures hot-linked from elsewhere: they would be blocked by the
    content security policy, and their owners can change or track them."""
    return replace_images(
        body,
        lambda attributes: None if is_own_media(attributes.get("src", "")) else "",
    )


_LONE_LINK = re.compile(
    r'<p><a href="(?P<href>https://[^"]+)"(?P<rest>[^>]*)>(?P<text>[^<]*)</a></p>'
)


def link_cards(body: str) -> str:
    """Turn a paragraph holding nothing but a YouTube or X link into a link card.

    Applied when the page is drawn, not stored: the editor keeps the plain link
    it was given. No player or widget is embedded, so no third-party script,
    frame or cookie reaches the reader.
    """

    def card(match: re.Match) -> str:
        provider = LINK_CARD_PROVIDERS.get(
            urlsplit(html.unescape(match["href"])).hostname
        )
        if provider is None:
            return match.group(0)
        kind = provider.lower()
        return (
            f'<p class="link-card link-card--{kind}"><a href="{match["href"]}"'
            f'{match["rest"]}><span class="link-card__source">{provider}</span> '
            f'<span class="link-card__title">{match["text"]}</span></a></p>'
        )

    return _LONE_LINK.sub(card, body)
