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

from articles.diffs import readable_lists, readable_text, word_diff
from articles.models import Article

# What readers see of a story, compared one by one, then its lists (``LISTS``).
# The publishing fields are the saving editor's.
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
# The story's lists: its tags (names) and secondary sections (ids), compared
# as sets; its byline's authors and related picks (ids), compared in order.
# The last two are the form's inlines (``posted_rows``).
LISTS = ("tags", "secondary_categories", "author_ids", "related_ids")
ORDERED_LISTS = {"author_ids", "related_ids"}
# The inlines' form prefixes and the field naming each row's author or story.
INLINE_ROWS = {
    "author_ids": ("articleauthor_set", "author"),
    "related_ids": ("picks", "related"),
}
THEIRS, MINE = "theirs", "mine"


def comparable(value) -> str:
    """One form for a stored value, a cleaned one and a primary key."""
    if isinstance(value, models.Model):
        return str(value.pk)
    return "" if value is None else str(value)


def list_items(name: str, values) -> list:
    """A list of ``name`` as ids (tags as names), whatever it came as: model
    instances, ids or names."""
    if name == "tags":
        return [getattr(value, "name", value) for value in values or []]
    return [getattr(value, "pk", value) for value in values or []]


def comparable_list(name: str, values) -> str:
    items = [str(item) for item in list_items(name, values)]
    if name not in ORDERED_LISTS:
        items.sort()
    return json.dumps(items, ensure_ascii=False)


def posted_rows(data, name: str) -> list[int] | None:
    """The ids an inline's posted rows hold (``name``: "author_ids" or
    "related_ids"), by position, then as listed; blank and deleted rows left
    out. None when the form sent no such inline. Malformed rows are the
    formset's to refuse: here they are skipped."""
    prefix, key = INLINE_ROWS[name]
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "")), 1000)
    except (TypeError, ValueError):
        return None
    rows = []
    for index in range(total):
        field = f"{prefix}-{index}-"
        value = str(data.get(field + key) or "")
        if data.get(field + "DELETE") or not value.isdigit():
            continue
        position = str(data.get(field + "position") or "0")
        rows.append((int(position) if position.isdigit() else 0, index, int(value)))
    return list(dict.fromkeys(value for _position, _index, value in sorted(rows)))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(story: Article, lists: dict | None = None) -> str:
    """The merged fields as the form opens them, one short digest each (no
    query: foreign keys by their ids), and the ``lists`` given (name: the
    stored list, as the form read it)."""
    digests = {
        name: digest(comparable(Article._meta.get_field(name).value_from_object(story)))
        for name in MERGED_FIELDS
    }
    for name, values in (lists or {}).items():
        digests[name] = digest(comparable_list(name, values))
    return json.dumps(digests, separators=(",", ":"))


def with_lists(text: str, lists: dict) -> str:
    """A fingerprint with the digests of more ``lists`` added."""
    digests = parse_fingerprint(text)
    for name, values in lists.items():
        digests[name] = digest(comparable_list(name, values))
    return json.dumps(digests, separators=(",", ":"))


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
        if self.name in LISTS:
            texts = readable_lists(
                self.name,
                list_items(self.name, self.theirs),
                list_items(self.name, self.mine),
            )
        else:
            texts = [readable_text(self.name, v) for v in (self.theirs, self.mine)]
        self.pieces = word_diff(*texts)


@dataclass
class Merge:
    """What a refused save means field by field: ``theirs_taken`` (field name:
    stored value) where only they changed it, and the ``conflicts``."""

    theirs_taken: dict = field(default_factory=dict)
    taken_labels: list[str] = field(default_factory=list)
    # Of those, the inlines' (their posted rows are not saved, theirs kept).
    rows_taken_labels: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def unchosen(self) -> list[Conflict]:
        return [conflict for conflict in self.conflicts if conflict.choice is None]


def merge(
    *,
    stored: Article,
    mine: dict,
    opened: dict,
    labels: dict,
    choices,
    stored_lists: dict | None = None,
) -> Merge:
    """Compares ``stored`` (theirs) with ``mine`` (the cleaned form, and the
    lists it sent) over the fields in ``labels`` (name: label), against the
    digests ``opened`` with; ``choices`` is the posted data holding
    "merge-<name>" answers. ``stored_lists``: the stored story's lists
    (``LISTS``), compared as the fields are."""
    result = Merge()
    stored_lists = stored_lists or {}
    for name, label in labels.items():
        if name not in mine or (name in LISTS and name not in stored_lists):
            continue
        if name in LISTS:
            theirs_value = list_items(name, stored_lists[name])
            theirs = comparable_list(name, theirs_value)
            my_text = comparable_list(name, mine[name])
        else:
            theirs_value = getattr(stored, name)
            theirs, my_text = comparable(theirs_value), comparable(mine[name])
        if theirs == my_text:
            continue
        before = opened.get(name)
        if before is not None and digest(my_text) == before:
            result.theirs_taken[name] = theirs_value
            if name in INLINE_ROWS:
                result.rows_taken_labels.append(str(label))
            else:
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
