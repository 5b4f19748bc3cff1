"""`chipcontrols check`: JSON keys, readable verdict, and bad inputs giving clear errors and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chipcontrols.cli.app import main

H20_SHIPMENT = {
    "as_of": "2025-04-20",
    "item": {"chip": "nvidia/h20"},
    "quantity": 100,
    "unit_value_usd": 12000,
    "exporter": "NVIDIA Corporation",
    "export_from": "US",
    "destination": "CN",
    "end_user": {"name": "Example Cloud", "country": "CN", "headquarters": "CN"},
    "end_use": "datacenter",
}




def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: object, name: str = "shipment.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith(".json") else str(data), encoding="utf-8")
    return path


def test_json_has_the_documented_keys(tmp_path: Path, capsys) -> None:
    code, out, _ = run(["check", "--shipment", str(write(tmp_path, H20_SHIPMENT)), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {"license_required", "outcome", "reasons", "review_policy", "exceptions", "warnings",
            "classification", "parties", "versions"} <= set(data)
    assert data["license_required"] is True
    assert data["outcome"] == "license_required"
    assert [r["rule_id"] for r in data["reasons"]] == ["nvidia-letter-2025-04-09"]
    assert data["versions"]["rule_data"]


def test_as_of_overrides_the_file(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, H20_SHIPMENT)
    code, out, _ = run(["check", "--shipment", str(path), "--as-of", "2025-03-01", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["outcome"] == "no_license_required"


def test_yaml_file_and_readable_verdict(tmp_path: Path, capsys) -> None:
    text = (
        "as_of: 2025-08-15\nitem: {chip: nvidia/h20}\nquantity: 10\nexporter: NVIDIA Corporation\n"
        "destination: CN\nend_user: {name: Example Cloud, country: CN, headquarters: CN}\nend_use: datacenter\n"
    )
    code, out, _ = run(["check", "--shipment", str(write(tmp_path, text, "s.yaml"))], capsys)
    assert code == 0
    assert "LICENCE REQUIRED" in out
    assert "nvidia-letter-2025-04-09" in out
    assert "presumption of approval" in out


def test_codified_flag(tmp_path: Path, capsys) -> None:
    shipment = dict(H20_SHIPMENT, item={"chip": "nvidia/h100-sxm"}, destination="JP", as_of="2025-06-01",
                    end_user={"name": "Example KK", "country": "JP", "headquarters": "JP"})
    path = write(tmp_path, shipment)
    _, enforced, _ = run(["check", "--shipment", str(path), "--json"], capsys)
    _, codified, _ = run(["check", "--shipment", str(path), "--json", "--codified"], capsys)
    assert json.loads(enforced)["outcome"] == "no_license_required"
    assert json.loads(codified)["outcome"] == "license_required"


def test_same_input_gives_byte_identical_json(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, H20_SHIPMENT)
    _, first, _ = run(["check", "--shipment", str(path), "--json"], capsys)
    _, second, _ = run(["check", "--shipment", str(path), "--json"], capsys)
    assert first == second


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"destination": "XX"}, "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ({"end_user": {"name": "No Country Ltd"}}, "country is required"),
        ({"quantity": -5}, "quantity: -5"),
        ({"quantity": 0}, "at least 1"),
        ({"item": {"chip": "no-such-chip-9000"}}, "No chip in the catalogue matches"),
        ({"as_of": "2025-13-45"}, "not a valid date"),
        ({"end_use": "gaming"}, "end_use: 'gaming' is not one of"),
        ({"item": {"chip": "nvidia/h20", "eccn": "3A090.a"}}, "exactly one of"),
        ({"item": {"eccn": "3A09"}}, "is not an ECCN"),
        ({"unit_value_usd": -1}, "must not be negative"),
        ({"destination": None}, "destination: required"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(tmp_path: Path, capsys, change: dict, needle: str) -> None:
    shipment = {**H20_SHIPMENT, **change}
    code, out, err = run(["check", "--shipment", str(write(tmp_path, shipment)), "--json"], capsys)
    assert code == 2
    assert out == ""
    assert needle in err
    assert "Traceback" not in err


def test_uk_is_read_as_gb_with_a_warning(tmp_path: Path, capsys) -> None:
    shipment = dict(H20_SHIPMENT, destination="UK", end_user={"name": "Example Ltd", "country": "uk",
                                                             "headquarters": "GB"})
    code, out, _ = run(["check", "--shipment", str(write(tmp_path, shipment)), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["shipment"]["destination"] == "GB"
    assert any("read as GB" in w for w in data["warnings"])


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("broken.json", "{not json", "not valid JSON"),
        ("broken.yaml", "as_of: [unclosed", "not valid YAML"),
        ("list.yaml", "- 1\n- 2\n", "expected a mapping"),
    ],
)
def test_malformed_files_exit_2(tmp_path: Path, capsys, name: str, text: str, needle: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["check", "--shipment", str(path)], capsys)
    assert code == 2 and out == "" and needle in err


def test_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    code, out, err = run(["check", "--shipment", str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "no such file" in err
