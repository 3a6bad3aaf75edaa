"""Front Desk: chat-bot and SMS front desk for Greek municipal Community Centers."""

__version__ = "0.1.0"
