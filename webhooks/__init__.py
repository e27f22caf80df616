"""Webhooks: subscriptions, signed deliveries run by the task worker with retries, and the rules
on which addresses may receive them. May import news and live (the events it sends) and caching."""
