from django.core.management.base import BaseCommand

from webhooks.delivery import deliver_due


class Command(BaseCommand):
    help = "Retry webhook deliveries that are due (run from cron, like publish_scheduled)."

    def handle(self, *args, **options):
        deliveries = deliver_due()
        delivered = sum(delivery.status == "delivered" for delivery in deliveries)
        self.stdout.write(f"Retried {len(deliveries)} deliveries; {delivered} delivered.")
