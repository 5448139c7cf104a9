"""Querysets compiled once per process and run again with new values.

Building and compiling a queryset is pure Python and costs the same on every
request: the related stories under an article (a UNION of three index walks)
took the ORM 1.9 ms to build and compile and PostgreSQL 0.6 ms to run. The
SQL depends only on the shape of the query, not on which story asked, so a
hot query of a fixed shape is compiled once, with marker values standing in
for the parts that change (a story, a section, the time), and each run puts
the real values where the markers were.

The queryset stays the one definition of the query (``published()`` and its
friends are not written again in SQL); only the compiling is skipped.

It pays for itself on three pages and is used nowhere else (all its queries
are in ``articles/models/listings.py``, whose docstring gives the figures).
Beyond Django's documented API it uses the query's compiler (``as_sql()``,
``get_converters()`` and ``apply_converters()``, for the SQL and for
converting the columns as the ORM would); tests/magazine/test_compiled_queries.py compares every compiled
query's rows with its queryset's, so an upgrade that changes them fails there.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connections, router
from django.db.models import QuerySet
from psycopg import _queries as psycopg_queries

from magazine.memos import process_memo

# psycopg turns a query's %s placeholders into PostgreSQL's $1, $2… anew on
# every run unless the query has at most 4,096 characters and 50 parameters
# (then it keeps the 128 most recent conversions). The home page's seven
# sections are one query of 18,683 characters and 221 parameters: converting
# it cost 1.4 ms of every cold home page (issue 18, py-spy: 12 % of its time).
# The limits rise to hold the compiled queries (a home page of twelve main
# sections with sub-sections is 45 kB), bounded as before by the 128 kept (8 MB
# at most); tests/magazine/test_compiled_queries.py fails if psycopg renames
# them or a compiled query outgrows them.
PSYCOPG_CACHED_LENGTH = 65_536
PSYCOPG_CACHED_PARAMETERS = 1_024
psycopg_queries.MAX_CACHED_STATEMENT_LENGTH = max(
    psycopg_queries.MAX_CACHED_STATEMENT_LENGTH, PSYCOPG_CACHED_LENGTH
)
psycopg_queries.MAX_CACHED_STATEMENT_PARAMS = max(
    psycopg_queries.MAX_CACHED_STATEMENT_PARAMS, PSYCOPG_CACHED_PARAMETERS
)

# Values no real query carries: ids far below any sequence, instants in 1970,
# words no slug can hold.
MARKER_IDS = -1_987_654_321
MARKER_TIME = datetime(1970, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC)
MARKER_TEXT = "~marker {} of a compiled query~"


class CompiledQuery:
    """``build(**markers)`` returns the queryset; ``rows(**values)`` runs it.

    ``kinds`` names each changing value and its type (``int``, ``str`` or
    ``datetime``).
    The queryset must be a ``values_list()`` one (rows come back as tuples, each
    column converted as Django would). Where its shape depends on more than the
    marked values (a list of sections, say), pass that as ``shape``: one
    compilation is kept per shape, the ``shapes_kept`` newest. A query that
    need not use every value (one part of a larger one) says
    ``every_value_used=False``; otherwise an unused one is a mistake, refused.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        shapes_kept: int = 4,
        every_value_used: bool = True,
        **kinds: type,
    ):
        self.build = build
        self.shapes_kept = shapes_kept
        self.every_value_used = every_value_used
        self.markers = {
            name: marker(kind, position)
            for position, (name, kind) in enumerate(kinds.items())
        }
        self.compiled = {}
        self.model = None
        process_memo(self.compiled.clear)

    def rows(self, *, using: str | None = None, shape=(), **values) -> list[tuple]:
        """The rows, from ``using`` or where the router sends reads of the
        query's model (a replica on reader pages, see :mod:`magazine.replicas`)."""
        if using is None:
            if self.model is None:
                self.model = self.build(*shape, **self.markers).model
            using = router.db_for_read(self.model)
        connection = connections[using]
        sql, slots, compiler, converters = self.compile(connection, shape)
        # Each value adapted once, however many places it takes (``now``
        # appears four times in each of the home page's seven parts).
        adapted = {
            name: self.adapt(connection, value) for name, value in values.items()
        }
        params = [adapted[name] if name else fixed for name, fixed in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if not converters:
            return found
        return list(map(tuple, compiler.apply_converters(found, converters)))

    def compile(self, connection, shape):
        key = (connection.alias, shape)
        if key not in self.compiled:
            queryset = self.build(*shape, **self.markers).using(connection.alias)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            marked = {
                self.adapt(connection, marker): name
                for name, marker in self.markers.items()
            }
            # Each parameter is a marked value's place, or the same on every
            # run (a constant, a list from the shape).
            slots = [
                (marked.get(param) if _hashable(param) else None, param)
                for param in params
            ]
            unused = set(self.markers) - {name for name, _ in slots if name}
            if unused and self.every_value_used:
                raise ValueError(f"The query never uses {', '.join(sorted(unused))}.")
            # The columns' converters depend only on the query and the
            # database's vendor: worked out here, not on every run (as
            # ``results_iter()`` would, some 280 calls a run on the article page).
            columns = [column for column, *_ in compiler.select[: compiler.col_count]]
            if compiler.has_composite_fields(columns):
                raise ValueError("A compiled query cannot select a composite key.")
            converters = compiler.get_converters(columns)
            if len(self.compiled) >= self.shapes_kept:
                self.compiled.pop(next(iter(self.compiled)))
            self.compiled[key] = (sql, slots, compiler, converters)
        return self.compiled[key]

    @staticmethod
    def adapt(connection, value):
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value


def marker(kind: type, position: int):
    if kind is datetime:
        return MARKER_TIME + timedelta(seconds=position)
    if kind is str:
        return MARKER_TEXT.format(position)
    if kind is int:
        return MARKER_IDS - position
    raise TypeError(f"No marker for {kind.__name__} values.")


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
