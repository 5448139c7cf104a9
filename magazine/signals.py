from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import connections

from magazine.planner_statistics import refresh_planner_statistics


def site_domain_from_site_url(sender, using, **kwargs):
    """Feeds and sitemaps build absolute URLs from the Site row: keep it on SITE_URL."""
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc,
            "name": settings.SITE_NAME,
        },
    )
    Site.objects.clear_cache()


def planner_statistics_after_migrate(sender, using, **kwargs):
    """A deploy or a new install starts with fresh SQLite planner statistics
    (PostgreSQL's autovacuum sees a migration's rows; emitted after every
    flush of a test database too, where PostgreSQL's ANALYZE costs more)."""
    if connections[using].vendor == "sqlite":
        refresh_planner_statistics(using)
