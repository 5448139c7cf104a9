from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from magazine.planner_statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = (
        "Refresh the SQLite query planner's statistics (ANALYZE); PostgreSQL "
        "keeps its own. Runs daily as a periodic job and after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *, database, verbosity, **options):
        refreshed = refresh_planner_statistics(database)
        if verbosity:
            self.stdout.write(
                "Statistics refreshed."
                if refreshed
                else "Nothing to do: this database keeps its own."
            )
