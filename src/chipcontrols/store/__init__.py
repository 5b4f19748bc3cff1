"""Durable state of the service: API keys, the hash-chained audit log and batch jobs, via SQLAlchemy.

SQLite (one file in the data directory, WAL mode) by default; PostgreSQL when ``CHIPCONTROLS_DATABASE_URL``
points to one. The schema is created and upgraded by the Alembic migrations in ``store/migrations``.
"""

from chipcontrols.store.database import Store, open_store

__all__ = ["Store", "open_store"]
