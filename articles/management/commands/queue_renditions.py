from django.core.management.base import BaseCommand

from articles.models import Image
from articles.tasks import make_renditions


class Command(BaseCommand):
    help = (
        "Queue the rendition task for every library picture, after a change to the "
        "rendition rules (widths, shapes, formats): the worker makes what is missing "
        "and removes what is no longer wanted."
    )

    def handle(self, *args, **options):
        count = 0
        for image_id in Image.objects.values_list("pk", flat=True).iterator():
            make_renditions.enqueue(image_id)
            count += 1
        self.stdout.write(f"Queued renditions for {count} picture(s).")
