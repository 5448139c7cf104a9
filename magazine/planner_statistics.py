"""The query planner's statistics, refreshed after a bulk load on both databases."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """``ANALYZE``, after whatever lands many rows at once (the demo, a
    WordPress import; on SQLite also every migrate and a daily job).

    SQLite keeps no statistics of its own: without them its planner guesses,
    and at 100,000 stories it guessed a walk of a whole edition for a page of
    twenty. A full ANALYZE takes under a second there; a sampled one
    (``analysis_limit``) misjudged the language column fiftyfold. PostgreSQL's
    autovacuum analyses too, but a minute or more after a bulk load: until
    then pages are planned for the tables as they were (the whole topology's
    first 600 story pages after its seed, 5 req/s; analysed, 119 req/s and
    out of pages). PostgreSQL's ANALYZE samples each table.
    """
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
