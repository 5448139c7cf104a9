"""A refused save, merged field by field.

When someone else saved a story while this editor had it open, the editor's
save is refused (the optimistic lock in ``ArticleForm``). Rather than "open a
new tab and copy", the form compares, for each reader-facing field, three
values: what the editor opened (a fingerprint sent with the form, so no
revision lookup is needed), what is stored now ("theirs") and what the editor
sent ("mine"). A field only one side changed takes that side's value without
asking; a field both changed differently is a ``Conflict`` the editor settles
with "keep theirs" or "keep mine".
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import models

from articles.diffs import readable_text, word_diff
from articles.models import Article

# What readers see of a story, compared one by one. Many-to-many fields (tags,
# secondary sections) and the publishing fields are the saving editor's.
MERGED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "lead_image",
    "lead_image_caption",
    "category",
    "dateline",
    "contributors",
    "seo_title",
    "meta_description",
    "social_image",
)
THEIRS, MINE = "theirs", "mine"


def comparable(value) -> str:
    """One form for a stored value, a cleaned one and a primary key."""
    if isinstance(value, models.Model):
        return str(value.pk)
    return "" if value is None else str(value)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(story: Article) -> str:
    """The merged fields as the form opens them, one short digest each (no
    query: foreign keys by their ids)."""
    return json.dumps(
        {
            name: digest(
                comparable(Article._meta.get_field(name).value_from_object(story))
            )
            for name in MERGED_FIELDS
        },
        separators=(",", ":"),
    )


def parse_fingerprint(text: str | None) -> dict[str, str]:
    """The digests the form was opened with; none for a form sent without them
    (every field that differs is then asked about)."""
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {name: value for name, value in parsed.items() if isinstance(value, str)}


@dataclass
class Conflict:
    """A field both sides changed, differently."""

    name: str
    label: str
    theirs: object
    mine: object
    choice: str | None = None
    pieces: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        self.pieces = word_diff(
            readable_text(self.name, self.theirs), readable_text(self.name, self.mine)
        )


@dataclass
class Merge:
    """What a refused save means field by field: ``theirs_taken`` (field name:
    stored value) where only they changed it, and the ``conflicts``."""

    theirs_taken: dict = field(default_factory=dict)
    taken_labels: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def unchosen(self) -> list[Conflict]:
        return [conflict for conflict in self.conflicts if conflict.choice is None]


def merge(*, stored: Article, mine: dict, opened: dict, labels: dict, choices) -> Merge:
    """Compares ``stored`` (theirs) with ``mine`` (the cleaned form) over the
    fields in ``labels`` (name: label), against the digests ``opened`` with;
    ``choices`` is the posted data holding "merge-<name>" answers."""
    result = Merge()
    for name, label in labels.items():
        if name not in mine:
            continue
        theirs_value = getattr(stored, name)
        theirs, my_text = comparable(theirs_value), comparable(mine[name])
        if theirs == my_text:
            continue
        before = opened.get(name)
        if before is not None and digest(my_text) == before:
            result.theirs_taken[name] = theirs_value
            result.taken_labels.append(str(label))
        elif before is not None and digest(theirs) == before:
            continue
        else:
            answer = choices.get(f"merge-{name}")
            result.conflicts.append(
                Conflict(
                    name=name,
                    label=str(label),
                    theirs=theirs_value,
                    mine=mine[name],
                    choice=answer if answer in (THEIRS, MINE) else None,
                )
            )
    return result
