"""HTTP surface: health checks, provider webhooks, the staff API and console."""
