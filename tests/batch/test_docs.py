"""The commands of docs/batch.md really work (Spark lines are covered by test_spark.py)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from chipcontrols.cli.app import main

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("chipcontrols ") and "--engine spark" not in line:
                commands.append(line)
    return commands


def test_docs_have_examples() -> None:
    assert len(_commands()) >= 8


@pytest.mark.parametrize("command", _commands())
def test_docs_example_runs(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    argv = [part.replace("/tmp/", f"{tmp_path}/") for part in shlex.split(command)[1:]]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
