"""Thin routers, one module per domain noun."""
