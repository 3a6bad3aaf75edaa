"""Persistence: SQLAlchemy models, migrations and keyword-only service functions per domain noun."""
