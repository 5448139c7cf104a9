import json

from django.core.management.base import BaseCommand

from articles.comments import services


class Command(BaseCommand):
    help = "A data request: export (JSON on stdout) or remove every comment by an e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true")
        action.add_argument("--remove", action="store_true")

    def handle(self, *args, email, export, remove, **options):
        if export:
            comments = services.export_comments(email)
            self.stdout.write(json.dumps(comments, indent=2, ensure_ascii=False))
            self.stderr.write(f"{len(comments)} comment(s) by {email}.")
        else:
            count = services.remove_comments(email)
            self.stdout.write(f"Removed {count} comment(s) by {email}.")
