from django.core.management.base import BaseCommand

from magazine.site.demo import loader


class Command(BaseCommand):
    help = "Load the demo magazine. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=166,
            help="How many articles in all (default 166, 16 of them in Spanish: every main section pages; 100000 builds the benchmark set).",
        )

    def handle(self, *, articles, **options):
        loader.load(articles=articles, log=self.stdout.write)
