"""Delivery: neutral messages to the outbox, the sender, pacing, outgoing webhooks."""
