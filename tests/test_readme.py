"""The README's examples really work: every `chipcontrols ...` line in its sh blocks runs with exit code 0."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from chipcontrols.cli.app import main

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("chipcontrols "):
                commands.append(line)
    return commands


def test_readme_has_examples() -> None:
    assert len(_commands()) >= 5


@pytest.mark.parametrize("command", _commands())
def test_readme_example_runs(command: str, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CHIPCONTROLS_DATA_DIR", str(tmp_path / "data"))
    argv = shlex.split(command)[1:]
    if argv and argv[0] == "serve":
        pytest.skip("the server is exercised by the service tests")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
    assert os.environ.get("CHIPCONTROLS_DATA_DIR")


def test_readme_python_examples_run(capsys) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - documentation examples
    assert capsys.readouterr().out.strip()
