"""Alembic migrations of the chipcontrols store (run by ``open_store``; no alembic.ini needed)."""
