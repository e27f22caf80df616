from django.core.management.base import BaseCommand

from webhooks.delivery import enqueue_lost


class Command(BaseCommand):
    help = (
        "Hand the task worker again every pending webhook delivery long past its time (its task "
        "was lost, e.g. with a killed worker). Run every few minutes, like publish_scheduled."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Enqueued {enqueue_lost()} lost webhook deliveries again.")
