"""The query planner's statistics, which SQLite does not keep by itself."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(using: str = DEFAULT_DB_ALIAS) -> bool:
    """``ANALYZE`` on SQLite; True when it ran.

    SQLite keeps no statistics of its own (PostgreSQL's autovacuum does): without
    them its planner guesses, and at 100,000 stories it guessed a walk of a whole
    edition for a page of twenty. A full ANALYZE takes under a second there; a
    sampled one (``analysis_limit``) misjudged the language column fiftyfold.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
