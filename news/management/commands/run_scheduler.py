"""Publish scheduled stories, take expired ones down and requeue lost webhook deliveries.

For development (`make run` starts it beside the web server). In production, run Wagtail's
`publish_scheduled` and our `deliver_webhooks` from cron or a systemd timer instead: see the
README.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run publish_scheduled and deliver_webhooks every INTERVAL seconds (60 by default) "
        "until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs")

    def handle(self, *args, interval, **options):
        self.stdout.write(f"Scheduler: publishing scheduled stories every {interval} s.")
        try:
            while True:
                call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
                call_command("deliver_webhooks", stdout=self.stdout, stderr=self.stderr)
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
