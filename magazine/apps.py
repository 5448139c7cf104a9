from django.apps import AppConfig
from django.db.models.signals import post_migrate

from magazine import cache as page_cache
from magazine import frontcache, replicas


class MagazineConfig(AppConfig):
    """The kernel: what every app builds on (see ``magazine/__init__.py``)."""

    name = "magazine"
    verbose_name = "Site"

    def ready(self):
        from magazine import signals
        from magazine.models import SiteSettings
        from magazine.staff import signals as staff_signals

        post_migrate.connect(
            signals.site_domain_from_site_url,
            sender=self,
            dispatch_uid="magazine-site-domain",
        )
        post_migrate.connect(
            signals.planner_statistics_after_migrate,
            sender=self,
            dispatch_uid="magazine-planner-statistics",
        )
        page_cache.shown_on_pages(SiteSettings)
        page_cache.when_pages_change(replicas.record_primary_position)
        frontcache.connect()
        staff_signals.connect()
