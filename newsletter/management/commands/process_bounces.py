import mailbox
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter import sending
from newsletter.bounces import parse


class Command(BaseCommand):
    help = (
        "Read a bounce mailbox (Maildir folder or mbox file): hard bounces and "
        "spam complaints stop further mail to their addresses. Processed "
        "messages are removed, so it can run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="path to a Maildir folder or an mbox file")
        parser.add_argument(
            "--keep", action="store_true", help="leave processed messages in place"
        )

    def handle(self, *, path: str, keep: bool, **options):
        path = Path(path)
        if path.is_dir():
            box = mailbox.Maildir(path, create=False)
        elif path.is_file():
            box = mailbox.mbox(path)
        else:
            raise CommandError(f"No mailbox at {path}.")
        marked = 0
        box.lock()
        try:
            for key in list(box.keys()):
                for address, status in parse(box.get_bytes(key)):
                    marked += sending.mark_undeliverable(email=address, status=status)
                if not keep:
                    box.remove(key)
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(f"{marked} address(es) marked undeliverable.")
