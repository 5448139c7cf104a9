"""Word-level differences between two texts of a story, shown with <del>/<ins>
by the version comparison and by the merge of a refused save."""

import difflib
import re

from django.utils.html import strip_tags


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
