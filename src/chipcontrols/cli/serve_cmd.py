"""`chipcontrols serve`: run the REST API and web app (uvicorn) on a data directory."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Data directory (database, jobs)."),
    first_admin_key: bool = typer.Option(
        False, "--first-admin-key", help="Create and print an admin key when the store has no active one."
    ),
    max_upload_bytes: int | None = typer.Option(None, "--max-upload-bytes", min=1, help="Largest request body."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log every request."),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1", "--forwarded-allow-ips", help="Proxies whose X-Forwarded-* headers are trusted."
    ),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (they share the database)."),
) -> None:
    """Serve the API (/api/v1, /match, /docs) and the web app on HOST:PORT."""
    import uvicorn

    import os

    from chipcontrols.api import create_app

    if data_dir is not None:
        # Every part of the engine (screening-list snapshots, job files) then uses the same directory.
        os.environ["CHIPCONTROLS_DATA_DIR"] = str(data_dir)
    from chipcontrols.api.server_protocol import NoDelayH11Protocol

    app = create_app(data_dir, max_upload_bytes=max_upload_bytes,
                     warm_up=os.environ.get("CHIPCONTROLS_WARM_UP", "1") != "0")
    context = app.state.context
    created = False
    if first_admin_key and not any(key.active and key.role == "admin" for key in context.keys.list()):
        key, _info = context.keys.create("admin", label="first admin key", created_by="serve")
        created = True
        print(f"First admin key (shown once; keep it): {key}", flush=True)
    url = f"http://{host if host not in ('0.0.0.0', '::') else '127.0.0.1'}:{port}/"
    print(f"chipcontrols is serving on {url}  (database: {context.store.safe_url()})", flush=True)
    if first_admin_key and not created:
        print("An admin key already exists (it is stored hashed and cannot be shown again); "
              "create another with `chipcontrols keys create --role admin`.", flush=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, access_log=access_log, proxy_headers=True,
                    forwarded_allow_ips=forwarded_allow_ips, log_level="info", http=NoDelayH11Protocol)
        return
    # Several processes: each builds its own app from the environment; the audit chain stays linear
    # because appends are serialised in the database itself (BEGIN IMMEDIATE / advisory lock).
    app.state.context.close()
    os.environ["CHIPCONTROLS_DATA_DIR"] = str(context.data_dir)
    if max_upload_bytes is not None:
        os.environ["CHIPCONTROLS_MAX_UPLOAD_BYTES"] = str(max_upload_bytes)
    uvicorn.run("chipcontrols.api.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips, log_level="info",
                http=NoDelayH11Protocol)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
