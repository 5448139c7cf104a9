from django.conf import settings
from django.core.management.base import BaseCommand

from articles.comments.tasks import purge_ip_addresses


class Command(BaseCommand):
    help = (
        "Forget commenters' IP addresses older than COMMENTS_IP_RETENTION_DAYS "
        "(run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        count = purge_ip_addresses.call()
        days = settings.COMMENTS_IP_RETENTION_DAYS
        self.stdout.write(
            f"Forgot the IP address of {count} comment(s) older than {days} days."
        )
