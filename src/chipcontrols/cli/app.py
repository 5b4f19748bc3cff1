"""The `chipcontrols` command: builds the Typer app from the command modules and turns errors into messages.

Each module listed in ``COMMAND_MODULES`` has a ``register(app)`` function adding its commands.
Errors derived from ChipControlsError print their message (no traceback) and exit with their exit code
(2 for bad input or data). Anything else is an internal error: a one-line message and exit code 1,
with the traceback only when CHIPCONTROLS_DEBUG=1.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
from rich.console import Console

from chipcontrols.errors import ChipControlsError

__all__ = ["COMMAND_MODULES", "app", "build_app", "main"]

COMMAND_MODULES: tuple[str, ...] = (
    "chipcontrols.cli.catalog_cmd",
    "chipcontrols.cli.classify_cmd",
    "chipcontrols.cli.check_cmd",
    "chipcontrols.cli.demo_cmd",
    "chipcontrols.cli.screen_cmd",
    "chipcontrols.cli.lists_cmd",
    "chipcontrols.cli.serve_cmd",
    "chipcontrols.cli.keys_cmd",
    "chipcontrols.cli.audit_cmd",
    "chipcontrols.cli.batch_cmd",
    "chipcontrols.cli.impact_cmd",
    "chipcontrols.cli.design_cmd",
)


def build_app() -> typer.Typer:
    application = typer.Typer(
        name="chipcontrols",
        help="US export-control rules on advanced AI chips: classify, determine, screen, assess impact.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(application)
    return application


app = build_app()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by tests)."""
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        app(args=argv, prog_name="chipcontrols", standalone_mode=False)
    except ChipControlsError as error:
        stderr.print(f"Error: {error.message}", markup=False)
        return error.exit_code
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except SystemExit as done:
        return int(done.code or 0) if isinstance(done.code, int) else 1
    except KeyboardInterrupt:
        stderr.print("Interrupted.")
        return 130
    except Exception as error:  # noqa: BLE001 - last line of defence: no traceback for users
        import click

        if isinstance(error, click.exceptions.ClickException):
            error.show()
            return error.exit_code
        if isinstance(error, click.exceptions.Abort):
            stderr.print("Aborted.")
            return 1
        if os.environ.get("CHIPCONTROLS_DEBUG") == "1":
            raise
        stderr.print(
            f"Internal error ({type(error).__name__}): {error}. "
            "Please report it; set CHIPCONTROLS_DEBUG=1 to see the details.",
            markup=False,
        )
        return 1
    return 0


def entry_point() -> None:
    sys.exit(main())
