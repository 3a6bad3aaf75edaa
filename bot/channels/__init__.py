"""Channel adapters: render neutral messages for Telegram and SMS (and parse provider payloads)."""
