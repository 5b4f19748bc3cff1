"""`chipcontrols audit verify|export`: check the audit log's hash chain, export it for auditors."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from chipcontrols.cli.output import print_json
from chipcontrols.errors import AuditChainError
from chipcontrols.store import open_store
from chipcontrols.store.audit import AuditLog

__all__ = ["register"]

audit_app = typer.Typer(help="Verify and export the audit log.", no_args_is_help=True)
_DATA_DIR = typer.Option(None, "--data-dir", help="Data directory (default: CHIPCONTROLS_DATA_DIR or ~/.local/share).")


@audit_app.command("verify")
def verify(data_dir: Path | None = _DATA_DIR, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Exit 0 when the chain is intact, 1 when a record was edited, deleted or reordered (and say which)."""
    store = open_store(data_dir)
    try:
        report = AuditLog(store).verify()
    finally:
        store.dispose()
    if as_json:
        print_json(report.to_dict())
    elif report.ok:
        print(f"Audit log intact: {report.records} records, last #{report.last_seq}, head hash {report.last_hash}.")
    else:
        first = report.problems[0]
        print(f"Audit log BROKEN at record {first.seq} ({first.kind}): {first.message}")
        for problem in report.problems[1:10]:
            print(f"  also record {problem.seq} ({problem.kind}): {problem.message}")
    if not report.ok:
        error = AuditChainError(
            f"the audit log's hash chain is broken ({len(report.problems)} problem(s), first at record "
            f"{report.problems[0].seq})."
        )
        error.exit_code = 1
        raise error


@audit_app.command("export")
def export(
    fmt: str = typer.Option("jsonl", "--format", help="csv or jsonl."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    data_dir: Path | None = _DATA_DIR,
) -> None:
    """Write every record (inputs, results, hashes) as CSV or JSON Lines."""
    if fmt not in ("csv", "jsonl"):
        from chipcontrols.errors import InputError

        raise InputError("--format must be csv or jsonl.")
    store = open_store(data_dir)
    try:
        log = AuditLog(store)
        if output is None:
            log.export(sys.stdout, fmt)  # type: ignore[arg-type]
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = log.export(handle, fmt)  # type: ignore[arg-type]
            print(f"Wrote {count} records to {output}.", file=sys.stderr)
    finally:
        store.dispose()


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
