"""The periodic jobs runner the kit's ``magazine-periodic.service`` keeps running."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from magazine import periodic


class Command(BaseCommand):
    help = "Run periodic jobs when due, once across every host that runs this."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="run what is due now, then exit"
        )

    def handle(self, *, once: bool, **options):
        while True:
            for name in periodic.run_due_jobs():
                self.stdout.write(f"ran {name}")
            if once:
                return
            close_old_connections()  # a restarted database is found again
            time.sleep(settings.PERIODIC_CHECK_SECONDS)
