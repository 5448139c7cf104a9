from collections.abc import Iterable

from articles.models import Comment


def build_thread(comments: Iterable[Comment]) -> list[Comment]:
    """Top-level comments with ``children`` set on each, built from one flat query.

    Replies under a comment readers cannot see (spam, still pending for someone else)
    are left out with it; a removed comment stays as a placeholder only while it has
    visible replies.
    """
    ordered = sorted(comments, key=lambda c: (c.created_at, c.pk))
    by_pk = {comment.pk: comment for comment in ordered}
    roots = []
    for comment in ordered:
        comment.children = []
    for comment in ordered:
        if comment.parent_id is None:
            roots.append(comment)
        elif (parent := by_pk.get(comment.parent_id)) is not None:
            parent.children.append(comment)
    return _without_empty_removed(roots)


def _without_empty_removed(comments: list[Comment]) -> list[Comment]:
    kept = []
    for comment in comments:
        comment.children = _without_empty_removed(comment.children)
        if comment.status != Comment.Status.REMOVED or comment.children:
            kept.append(comment)
    return kept
