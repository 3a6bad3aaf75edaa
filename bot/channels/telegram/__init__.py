"""Telegram: parsing updates, rendering with buttons, the Bot API client."""
