"""A streaming reader of WordPress exports (WXR 1.0, 1.1 and 1.2).

Built on the standard library's ``xml.parsers.expat``, fed in chunks, so the
file is never held whole: only the element being read (an author, a term, one
item with its comments) is kept. Hostile XML is refused rather than tamed: a
document type declaration (where entities are declared, and so entity
expansion and external entities) stops the read, as does a text node longer
than ``MAX_TEXT``, which marks its item broken instead of filling memory.
WordPress writes no DOCTYPE, so no real export is refused.

``check()`` reads the whole file first, keeping nothing: a file that is not
well-formed stops with one line naming where, before anything is written.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 256 * 1024
MAX_TEXT = 16 * 1024 * 1024
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
for _version in SUPPORTED_VERSIONS:
    NAMESPACES[f"http://wordpress.org/export/{_version}/"] = "wp"
    NAMESPACES[f"http://wordpress.org/export/{_version}/excerpt/"] = "excerpt"

# Channel-level elements handed over whole, one at a time.
CHANNEL_ELEMENTS = {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}
CHANNEL_FIELDS = {
    "title",
    "link",
    "wp:base_site_url",
    "wp:base_blog_url",
    "wp:wxr_version",
}


class WXRError(Exception):
    """The file cannot be imported; the message is one line for the editor."""


class Element:
    """An element of an item or term: its tag (``wp:post_id``), attributes,
    text and children."""

    __slots__ = ("attrs", "children", "parts", "size", "tag")

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs = tag, attrs
        self.children: list[Element] = []
        self.parts: list[str] = []
        self.size = 0

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> "Element | None":
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list["Element"]:
        return [c for c in self.children if c.tag == tag]

    def get(self, tag: str, default: str = "") -> str:
        child = self.find(tag)
        return child.text if child is not None else default


@dataclass
class Entry:
    """One channel-level element (``kind``: author, category, tag, term, item);
    ``broken`` says why it cannot be imported, if it cannot."""

    kind: str
    element: Element
    line: int
    broken: str = ""


@dataclass
class Channel:
    """What ``check()`` found: the export's version and site, and how many
    entries of each kind it holds."""

    version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    # From the items, for what one item needs of others wherever they stand in
    # the file: attachments by id (galleries, featured images) and the old
    # addresses of posts and pages (links between stories).
    attachments: dict[str, "Attachment"] = field(default_factory=dict)
    permalinks: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """The WordPress site the export comes from: imported items are keyed by it."""
        return (self.base_blog_url or self.base_site_url or self.link).rstrip("/")

    @property
    def items(self) -> int:
        return sum(n for kind, n in self.counts.items() if ":" not in kind)


@dataclass(frozen=True)
class Attachment:
    url: str
    title: str
    alt: str
    caption: str


def meta(item: Element) -> dict[str, str]:
    """An item's custom fields (``wp:postmeta``), by key."""
    return {
        m.get("wp:meta_key"): m.get("wp:meta_value")
        for m in item.findall("wp:postmeta")
    }


def old_path(link: str) -> str:
    """The path (and query) of an old WordPress address, as a redirect's ``old_path``."""
    parts = urlsplit(link.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


# Left out of the first pass, which keeps only what other items need.
UNKEPT_IN_CHECK = {"content:encoded", "wp:comment"}


def _tag(name: str) -> str:
    uri, _sep, local = name.rpartition(" ")
    if not uri:
        return local
    return f"{NAMESPACES.get(uri, 'x')}:{local}"


def _refuse_doctype(*args):
    raise WXRError(
        _(
            "the file declares a document type (where entities are declared); "
            "WordPress exports have none, so it is refused"
        )
    )


def _refuse_entity(*args):
    raise WXRError(_("the file declares or refers to an entity; it is refused"))


class _Parser:
    """Expat, wired to refuse document types and entities, fed in chunks."""

    def __init__(self, path: Path, keep: bool):
        self.path = path
        self.keep = keep
        self.channel = Channel()
        self.entries: list[Entry] = []
        self.stack: list[Element] = []
        self.depth = 0
        self.current: Entry | None = None
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.buffer_size = 64 * 1024
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = _refuse_doctype
        self.parser.EntityDeclHandler = _refuse_entity
        self.parser.UnparsedEntityDeclHandler = _refuse_entity
        self.parser.ExternalEntityRefHandler = _refuse_entity
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.field_text: list[str] | None = None
        self.field_size = 0

    def start(self, name, attrs):
        tag = _tag(name)
        self.depth += 1
        if self.current is not None:
            element = Element(tag, attrs)
            if self.keep or (
                tag not in UNKEPT_IN_CHECK and self.stack[-1].tag not in UNKEPT_IN_CHECK
            ):
                self.stack[-1].children.append(element)
            else:
                element.tag = "wp:comment"  # nothing under it is kept either
            self.stack.append(element)
        elif self.depth == 3 and tag in CHANNEL_ELEMENTS:
            kind = "item" if tag == "item" else tag.removeprefix("wp:")
            self.current = Entry(
                kind, Element(tag, attrs), self.parser.CurrentLineNumber
            )
            self.stack = [self.current.element]
        elif self.depth == 3 and tag in CHANNEL_FIELDS:
            self.field_text, self.field_size = [], 0
        elif self.depth == 1 and tag != "rss":
            raise WXRError(_("not a WordPress export: the file is not an RSS feed"))

    def end(self, name):
        self.depth -= 1
        if self.current is not None:
            self.stack.pop()
            if not self.stack:
                entry, self.current = self.current, None
                counts = self.channel.counts
                counts[entry.kind] = counts.get(entry.kind, 0) + 1
                if self.keep:
                    self.entries.append(entry)
                elif entry.kind == "item":
                    self.note(entry.element)
        elif self.field_text is not None and self.depth == 2:
            value = "".join(self.field_text).strip()
            attribute = _tag(name).removeprefix("wp:")
            setattr(
                self.channel,
                "version" if attribute == "wxr_version" else attribute,
                value,
            )
            self.field_text = None

    def characters(self, data):
        if self.current is not None:
            element = self.stack[-1]
            if self.current.broken:
                return
            element.size += len(data)
            if element.size > MAX_TEXT:
                self.current.broken = _(
                    "a text of more than %(limit)d MB in <%(tag)s>"
                ) % {"limit": MAX_TEXT // (1024 * 1024), "tag": element.tag}
                element.parts = []
                return
            if self.keep or element.tag not in UNKEPT_IN_CHECK:
                element.parts.append(data)
        elif self.field_text is not None:
            self.field_size += len(data)
            if self.field_size <= MAX_TEXT:
                self.field_text.append(data)

    def note(self, item: Element) -> None:
        """The first pass's notes on an item (see ``Channel.attachments``)."""
        post_id, post_type = item.get("wp:post_id").strip(), item.get("wp:post_type")
        kind = f"item:{post_type}"
        self.channel.counts[kind] = self.channel.counts.get(kind, 0) + 1
        if post_type == "attachment":
            self.channel.attachments[post_id] = Attachment(
                url=item.get("wp:attachment_url").strip(),
                title=item.get("title").strip(),
                alt=meta(item).get("_wp_attachment_image_alt", "").strip(),
                caption=item.get("excerpt:encoded").strip(),
            )
        elif post_type in ("post", "page") and (link := item.get("link").strip()):
            self.channel.permalinks[old_path(link)] = (post_type, post_id)

    def feed(self) -> Iterator[list[Entry]]:
        try:
            with open(self.path, "rb") as source:
                while chunk := source.read(CHUNK):
                    self.parser.Parse(chunk, False)
                    if self.entries:
                        yield self.entries
                        self.entries = []
                self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise WXRError(
                _("not well-formed XML at line %(line)d, column %(column)d: %(what)s")
                % {
                    "line": error.lineno,
                    "column": error.offset + 1,
                    "what": expat.ErrorString(error.code),
                }
            ) from None
        except WXRError as error:
            raise WXRError(
                _("%(error)s (line %(line)d)")
                % {"error": error, "line": self.parser.CurrentLineNumber}
            ) from None
        if self.entries:
            yield self.entries
            self.entries = []


def check(path: Path | str) -> Channel:
    """Reads the whole export without keeping it: its version, site and counts,
    or a WXRError saying, in one line, why it cannot be imported."""
    path = Path(path)
    parser = _Parser(path, keep=False)
    for _batch in parser.feed():
        pass
    channel = parser.channel
    if not channel.version:
        raise WXRError(_("not a WordPress export: it names no WXR version"))
    if channel.version not in SUPPORTED_VERSIONS:
        raise WXRError(
            _("WXR version %(version)s is not one we read (1.0, 1.1 or 1.2)")
            % {"version": channel.version}
        )
    return channel


def entries(path: Path | str) -> Iterator[Entry]:
    """Each author, category, tag, term and item of the export, in file order."""
    parser = _Parser(Path(path), keep=True)
    for batch in parser.feed():
        yield from batch


def export_time(gmt: str, local: str) -> dt.datetime | None:
    """An item's time: ``*_date_gmt``, or for a draft that was never given one
    (``0000-00-00 00:00:00``) its local date in the site's time zone."""
    for value, zone in ((gmt, dt.UTC), (local, zoneinfo.ZoneInfo(settings.TIME_ZONE))):
        value = (value or "").strip()
        if not value or value.startswith("0000"):
            continue
        try:
            return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        except ValueError:
            continue
    return None
