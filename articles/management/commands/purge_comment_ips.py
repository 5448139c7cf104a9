from django.conf import settings
from django.core.management.base import BaseCommand

from articles.comments.tasks import purge_ip_addresses
from magazine.models import StaffEvent


class Command(BaseCommand):
    help = (
        "Forget commenters' IP addresses, and those in the staff log, older than "
        "COMMENTS_IP_RETENTION_DAYS (run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        count = purge_ip_addresses.call()
        days = settings.COMMENTS_IP_RETENTION_DAYS
        self.stdout.write(
            f"Forgot the IP address of {count} comment(s) older than {days} days."
        )
        entries = StaffEvent.objects.forget_expired_addresses()
        self.stdout.write(
            f"Forgot the IP address of {entries} staff log entries older than {days} days."
        )
