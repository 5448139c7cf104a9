"""Permanent redirects for URLs that moved (django.contrib.redirects).

One helper serves both kinds of move: an article whose slug or category
changed, and a category renamed or moved (with everything under it).
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.redirects.models import Redirect

CHUNK = 500


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def record_moves(moves: Mapping[str, str]) -> None:
    """Redirect each old URL path to its new one, permanently.

    Chains collapse (an earlier A→B, then B→C, becomes A→C) and no loop is left
    behind: a URL that has content again stops redirecting away.
    """
    moves = {old: new for old, new in moves.items() if old != new}
    if not moves:
        return
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    for targets in _chunks(list(moves.values())):
        redirects.filter(old_path__in=targets).delete()
    collapsed = []
    for olds in _chunks(list(moves)):
        for redirect in redirects.filter(new_path__in=olds):
            redirect.new_path = moves[redirect.new_path]
            collapsed.append(redirect)
    Redirect.objects.bulk_update(collapsed, ["new_path"], batch_size=CHUNK)
    Redirect.objects.bulk_create(
        [
            Redirect(site_id=settings.SITE_ID, old_path=old, new_path=new)
            for old, new in moves.items()
        ],
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["site", "old_path"],
        update_fields=["new_path"],
    )
