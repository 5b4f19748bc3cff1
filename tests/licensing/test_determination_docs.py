"""The examples in docs/determination.md really work."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from chipcontrols.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "determination.md").read_text(encoding="utf-8")




def _commands() -> list[str]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", DOC, flags=re.S):
        lines += [line.strip() for line in block.splitlines() if line.strip().startswith("chipcontrols ")]
    return lines


@pytest.mark.parametrize("command", _commands())
def test_doc_command_runs(command: str, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.strip()


def test_doc_python_example_runs(capsys) -> None:
    for block in re.findall(r"```python\n(.*?)```", DOC, flags=re.S):
        exec(compile(block, "docs/determination.md", "exec"), {})  # noqa: S102 - documentation example
    out = capsys.readouterr().out
    assert "license_required ['nvidia-letter-2025-04-09']" in out
    assert "2025-08-15 license_required presumption_of_approval" in out
