from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class EstimatedCountPaginator(Paginator):
    """A paginator that does not count a large unfiltered table on every page view.

    On PostgreSQL the planner's row estimate stands in for ``COUNT(*)`` of the
    whole table once it passes ``exact_below`` rows; filtered and searched lists
    are still counted exactly, since they are what an editor reads the number of.
    """

    exact_below = 10_000

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        connection = connections[self.object_list.db]
        if connection.vendor == "postgresql" and not query.where:
            table = self.object_list.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.exact_below:
                return row[0]
        return super().count
