"""The classify and catalog commands: JSON shape, exit codes, and clear errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chipcontrols.cli.app import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_chip_json_has_the_documented_keys(capsys) -> None:
    code, out, _ = run(["classify", "--chip", "H100 SXM", "--as-of", "2024-01-02", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["eccn"] == "3A090.a"
    assert data["as_of"] == "2024-01-02"
    assert data["metrics"]["tpp"] == pytest.approx(15832, rel=0.005)
    assert data["metrics"]["performance_density"] == pytest.approx(19.45, rel=0.01)
    assert data["rule_data_version"]
    assert {"paragraph", "met", "value", "threshold", "citation"} <= set(data["tests"][0])


def test_classify_spec_file(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "chip.yaml"
    spec.write_text("name: Test chip\nmarket: consumer\ndense_peak: {fp8: '1.2 PFLOPS'}\ndie_area_mm2: 600 mm2\n")
    code, out, _ = run(["classify", "--spec", str(spec), "--as-of", "2025-01-01", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["metrics"]["tpp"] == pytest.approx(9600)
    assert data["eccn"] == "3A090.a"


def test_classify_history_json(capsys) -> None:
    code, out, _ = run(["classify", "--chip", "nvidia/h100-sxm", "--history", "--json"], capsys)
    assert code == 0
    history = json.loads(out)["history"]
    assert history[0]["eccn"] is None
    assert any(entry["eccn"] == "3A090.a" for entry in history)


def test_classify_text_output(capsys) -> None:
    code, out, _ = run(["classify", "--chip", "h20", "--as-of", "2024-06-01"], capsys)
    assert code == 0
    assert "not controlled" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name: x\nmarket: consumer\ndense_peak: {fp8: 100}\ncolour: red\n", "unknown key"),
        ("name: x\nmarket: consumer\ndense_peak: {fp8: -100}\n", "negative"),
        ("name: x\nmarket: consumer\ndense_peak: {fp8: .nan}\n", "finite"),
        ("name: x\nmarket: gaming\ndense_peak: {fp8: 100}\n", "market"),
        ("name: x\nmarket: consumer\ndense_peak: {fp8: 100}\nmemory_bandwidth_gbps: 900 W\n", "not a bandwidth"),
        ("name: x\nmarket: consumer\ndense_peak: {fp9: 100}\n", "unknown precision"),
        ("name: x\nmarket: consumer\ndense_peak: {fp8: 100}\ndie_area_mm2: 0\n", "greater than zero"),
        ("[not, a, mapping]\n", "expected a mapping"),
        ("name: x\nmarket: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_spec_files_exit_2_with_a_clear_message(tmp_path: Path, capsys, content: str, message: str) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(content)
    code, out, err = run(["classify", "--spec", str(spec)], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_missing_spec_file_and_bad_date_and_unknown_chip(tmp_path: Path, capsys) -> None:
    assert run(["classify", "--spec", str(tmp_path / "nope.yaml")], capsys)[0] == 2
    code, _, err = run(["classify", "--chip", "H20", "--as-of", "2025-13-01"], capsys)
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(["classify", "--chip", "H2O"], capsys)
    assert code == 2 and "nvidia/h20" in err


def test_chip_and_spec_together_is_an_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(["classify", "--chip", "H20", "--spec", "x.yaml"], capsys)
    assert code == 2 and "exactly one" in err


def test_catalog_list_and_show(capsys) -> None:
    code, out, _ = run(["catalog", "list", "--json"], capsys)
    assert code == 0
    ids = [row["id"] for row in json.loads(out)]
    assert "nvidia/h20" in ids
    code, out, _ = run(["catalog", "show", "H20", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "nvidia/h20"
    assert data["figures"]["die_area_mm2"]["sources"]


def test_demo_runs(capsys) -> None:
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "H20" in out
