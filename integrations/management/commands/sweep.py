import time

from django.core.management.base import BaseCommand

from integrations.sweeper import sweep


class Command(BaseCommand):
    help = "Re-enqueue unfinished work (lost enqueues, flushed Redis, killed workers)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0,
            help="Keep sweeping every N seconds (0: sweep once and exit).",
        )

    def handle(self, *args, every, **options):
        while True:
            report = sweep()
            self.stdout.write(str(report))
            if not every:
                return
            time.sleep(every)
