from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from magazine.planner_statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = (
        "Refresh the query planner's statistics (ANALYZE). Runs after every "
        "demo load and WordPress import, and after every migrate and daily on "
        "SQLite, which keeps none of its own (PostgreSQL's autovacuum keeps "
        "them up to date, a minute or more after a bulk load)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *, database, verbosity, **options):
        refresh_planner_statistics(database)
        if verbosity:
            self.stdout.write("Statistics refreshed.")
