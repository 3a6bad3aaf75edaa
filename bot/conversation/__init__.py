"""Conversations: the inbound path, dialogue order, turns, option and answer registries."""
