from django.core.management.base import BaseCommand

from magazine import frontcache


class Command(BaseCommand):
    help = (
        "Makes every front cache (FRONT_CACHE_PURGERS: the kit's nginx, a CDN) "
        "forget every page: run at each deploy (the web unit does, once started)."
    )

    def handle(self, *args, **options):
        if not frontcache.purgers():
            self.stdout.write("No front cache is configured (FRONT_CACHE_PURGERS).")
            return
        frontcache.purge(None)
        self.stdout.write(f"Purged {len(frontcache.purgers())} front cache(s).")
