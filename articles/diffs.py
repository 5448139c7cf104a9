"""Word-level differences between two texts of a story, shown with <del>/<ins>
by the version comparison and by the merge of a refused save."""

import difflib
import re

from django.utils.html import strip_tags

from articles.models import Article, Author, Category

# Lists of a story (``pending.LISTS`` and the tags) shown as names, one a line.
LISTED_NAMES = {
    "tags": None,  # names already
    "secondary_categories": (Category, "name"),
    "author_ids": (Author, "name"),
    "related_ids": (Article, "headline"),
}
DELETED = "—"


def words(text: str) -> list[str]:
    return re.findall(r"\S+\s*", text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: kind is "same", "del" or "ins"."""
    old_words, new_words = words(old), words(new)
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("del", "".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("ins", "".join(new_words[b1:b2])))
    return pieces


def readable_text(name: str, value) -> str:
    """A field's value as an editor reads it: the body's text without its
    markup (a paragraph a line), anything else as it prints."""
    if value is None:
        return ""
    if name == "body":
        return strip_tags(str(value).replace("</p>", "</p>\n"))
    return str(value)


def readable_lists(name: str, *values: list | None) -> list[str | None]:
    """Each of ``values`` (a list of ``name``: ids, or tag names) as an editor
    reads it: names or headlines, one a line, in the list's order (a section
    or tag list sorted, having none); one deleted since shows as a dash. One
    query for them all; None stays None (not known)."""
    model_and_field = LISTED_NAMES[name]
    found = {}
    if model_and_field is not None:
        model, field = model_and_field
        ids = {pk for value in values for pk in value or []}
        found = dict(model.objects.filter(pk__in=ids).values_list("pk", field))
    texts = []
    for value in values:
        if value is None:
            texts.append(None)
            continue
        names = [
            item if model_and_field is None else found.get(item, DELETED)
            for item in value
        ]
        if name in {"tags", "secondary_categories"}:
            names = sorted(names, key=str.casefold)
        texts.append("".join(f"{item}\n" for item in names))
    return texts
