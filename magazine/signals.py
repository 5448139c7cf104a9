from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from articles.models import Category
from magazine import cache as page_cache  # noqa: F401 - connects page invalidation
from magazine.context_processors import NAVIGATION_CACHE_KEY


@receiver([post_save, post_delete], sender=Category)
def forget_navigation(**kwargs):
    cache.delete(NAVIGATION_CACHE_KEY)


@receiver(post_migrate, dispatch_uid="magazine-site-domain")
def site_domain_from_site_url(sender, using, **kwargs):
    """Feeds and sitemaps build absolute URLs from the Site row: keep it on SITE_URL."""
    if sender.name != "magazine":
        return
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc,
            "name": settings.SITE_NAME,
        },
    )
    Site.objects.clear_cache()
