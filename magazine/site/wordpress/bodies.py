"""WordPress post bodies made into ours.

WordPress stores a post as the editor typed it: paragraphs as blank lines
(``wpautop`` adds the ``<p>`` when it is shown), block-editor comments, and
shortcodes. Here they become what our editor makes: paragraphs, figures with
captions, a lone link for a video or post (drawn as a link card,
``magazine.richtext.link_cards``); then the same sanitising as every saved
body, pictures swapped for library ones, links to imported stories pointed at
their new addresses.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import escape

from magazine.richtext import replace_images

BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|"
    "li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul|iframe|form|"
    "details|summary|math|svg"
)
_BLOCK_EDITOR_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})\b[^>]*>)", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>|<hr\b[^>]*>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
_SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_SHORTCODE_ATTR = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LONE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_HREF = re.compile(r'(<a\b[^>]*\bhref=")([^"]*)(")', re.IGNORECASE)
EMBED_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "x.com",
    "twitter.com",
    "www.twitter.com",
    "vimeo.com",
    "www.vimeo.com",
}
# Shortcodes whose text stays, without the shortcode around it.
UNWRAPPED = {"caption", "wp_caption"}


@dataclass
class Conversion:
    """A converted body and what it could not carry across."""

    html: str = ""
    unknown_shortcodes: set[str] = field(default_factory=set)
    missing_media: set[str] = field(default_factory=set)
    pending_links: bool = False


def uploads_path(url: str) -> str | None:
    """The path after ``/wp-content/uploads/``, or None for another address."""
    path = urlsplit(html.unescape(url)).path
    marker = "/wp-content/uploads/"
    if marker not in path:
        return None
    return path.split(marker, 1)[1]


def wpautop(text: str) -> str:
    """Blank lines become paragraphs and single newlines ``<br>``, outside block
    elements and never inside ``<pre>`` (what WordPress does when it shows a post)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = _PRE.sub(keep, text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00"):
            paragraphs.append(kept[int(chunk.strip("\x00"))])
        elif _STARTS_BLOCK.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>", chunk) + "</p>")
    return "\n".join(paragraphs)


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _SHORTCODE_ATTR.finditer(text or "")
    }


def _figure(image_html: str, caption: str) -> str:
    caption_html = (
        f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else ""
    )
    return f'\n\n<figure class="figure">{image_html}{caption_html}</figure>\n\n'


def _link_paragraph(url: str) -> str:
    url = html.unescape(url.strip())
    return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n'


def convert(
    text: str,
    *,
    sanitize: Callable[[str], str],
    attachment: Callable[[str], tuple[str, str, str] | None],
    picture: Callable[[str], tuple[str, str] | None],
    link: Callable[[str], str | None],
) -> Conversion:
    """A WordPress body as ours.

    ``attachment(id)``: an attachment's (url, alt, caption), for galleries;
    ``picture(uploads_path)``: the library picture's (url, alt) for a file of
    the uploads, or None when it is missing; ``link(href)``: the new address
    of an imported story's old one, "" when it is imported later, None when
    it is not a story of the export.
    """
    result = Conversion()
    text = _BLOCK_EDITOR_COMMENT.sub("", text or "")

    def shortcode(match: re.Match) -> str:
        name = match["name"].lower()
        attrs = _attributes(match["attrs"])
        inner = match["inner"] or ""
        if name in UNWRAPPED:
            image = _IMG.search(inner)
            caption = attrs.get("caption") or _IMG.sub("", inner)
            caption = re.sub(r"^\s*(<a\b[^>]*>\s*</a>)?", "", caption).strip()
            if image is None:
                return inner
            return _figure(image.group(0), caption)
        if name == "gallery":
            figures = []
            for attachment_id in re.split(r"\s*,\s*", attrs.get("ids", "").strip()):
                if found := attachment(attachment_id):
                    url, alt, caption = found
                    figures.append(
                        _figure(
                            f'<img src="{escape(url)}" alt="{escape(alt)}">',
                            escape(caption),
                        )
                    )
                elif attachment_id:
                    result.missing_media.add(f"attachment {attachment_id}")
            return "".join(figures)
        if name == "embed":
            return _link_paragraph(inner or attrs.get("src", ""))
        if name in ("youtube", "video", "audio") and (src := attrs.get("src") or inner):
            return _link_paragraph(src)
        result.unknown_shortcodes.add(name)
        return match.group(0)

    text = _SHORTCODE.sub(shortcode, text)

    def lone_url(match: re.Match) -> str:
        url = match.group(1)
        if urlsplit(html.unescape(url)).hostname in EMBED_HOSTS:
            return _link_paragraph(url)
        return match.group(0)

    text = _LONE_URL.sub(lone_url, text)
    body = sanitize(wpautop(text))

    def swap(attributes: dict) -> str | None:
        path = uploads_path(attributes.get("src", ""))
        if path is None:
            return None  # hot-linked from elsewhere: the save drops it
        found = picture(path)
        if found is None:
            result.missing_media.add(path)
            return ""
        url, alt = found
        alt = html.unescape(attributes.get("alt", "")) or alt
        return f'<img src="{escape(url)}" alt="{escape(alt)}">'

    body = replace_images(body, swap)

    def relink(match: re.Match) -> str:
        new = link(html.unescape(match.group(2)))
        if new == "":
            result.pending_links = True
        if not new:
            return match.group(0)
        return f"{match.group(1)}{escape(new)}{match.group(3)}"

    result.html = _HREF.sub(relink, body)
    return result


def relink(body: str, link: Callable[[str], str | None]) -> str:
    """Links to imported stories pointed at their new addresses (a second pass
    for stories that linked to ones later in the file)."""

    def swap(match: re.Match) -> str:
        new = link(html.unescape(match.group(2)))
        return (
            f"{match.group(1)}{escape(new)}{match.group(3)}" if new else match.group(0)
        )

    return _HREF.sub(swap, body)
