"""`chipcontrols keys create|revoke|list`: manage the service's API keys (stored hashed)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chipcontrols.cli.output import console, print_json
from chipcontrols.store import open_store
from chipcontrols.store.keys import ROLES, KeyRing

__all__ = ["register"]

keys_app = typer.Typer(help="Manage API keys of the service.", no_args_is_help=True)
_DATA_DIR = typer.Option(None, "--data-dir", help="Data directory (default: CHIPCONTROLS_DATA_DIR or ~/.local/share).")


@keys_app.command("create")
def create(
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    label: str = typer.Option("", "--label", help="What the key is for."),
    data_dir: Path | None = _DATA_DIR,
) -> None:
    """Create a key; the key itself is printed alone on the last line (and never again)."""
    store = open_store(data_dir)
    try:
        key, info = KeyRing(store).create(role, label=label, created_by="cli")
    finally:
        store.dispose()
    print(f"Created {info.role} key {info.key_id}. Store it now: it cannot be shown again.")
    print(key)


@keys_app.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The key id (or the whole key)."), data_dir: Path | None = _DATA_DIR) -> None:
    """Revoke a key: it stops working at once."""
    store = open_store(data_dir)
    try:
        info = KeyRing(store).revoke(key_id)
    finally:
        store.dispose()
    print(f"Revoked {info.role} key {info.key_id} at {info.revoked_at}.")


@keys_app.command("list")
def list_keys(as_json: bool = typer.Option(False, "--json", help="Print JSON."), data_dir: Path | None = _DATA_DIR) -> None:
    """List keys (ids, roles, state; never the secrets)."""
    store = open_store(data_dir)
    try:
        keys = KeyRing(store).list()
    finally:
        store.dispose()
    if as_json:
        print_json([key.to_dict() for key in keys])
        return
    table = Table(title=f"API keys ({len(keys)})")
    for column in ("key id", "role", "label", "created", "revoked"):
        table.add_column(column)
    for key in keys:
        table.add_row(key.key_id, key.role, key.label, key.created_at, key.revoked_at or "")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
