from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from magazine import cache as page_cache  # noqa: F401 - connects page invalidation


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
