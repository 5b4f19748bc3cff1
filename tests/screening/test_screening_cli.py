"""The screening commands through chipcontrols.cli.app.main: screen, screen --file, score-pairs, lists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chipcontrols.cli.app import main
from chipcontrols.screening.screener import Screener

from .conftest import FIXTURES


def test_screen_json(default_screener: Screener, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Huawei Technologies Co Ltd", "--country", "CN", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "Huawei Technologies Co Ltd" and data["threshold"] == 0.8
    hit = data["hits"][0]
    assert hit["list_code"] == "EL" and hit["score"] == 1.0
    assert {"name", "matched_name", "list", "entity_number", "score", "explanation", "license_requirement",
            "license_policy"} <= set(hit)


def test_screen_table(default_screener: Screener, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "SMIC"]) == 0
    out = capsys.readouterr().out
    assert "Semi" in out and "EL" in out and "name-v1" in out


def test_screen_no_hit(default_screener: Screener, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Acme Widgets GmbH", "--json"]) == 0
    assert not [h for h in json.loads(capsys.readouterr().out)["hits"] if h["list_code"] == "EL"]


def test_screen_all_and_threshold(default_screener: Screener, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Huawei", "--all", "--threshold", "0.95", "--limit", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["threshold"] == 0.95 and len(data["hits"]) <= 5 and data["include_all"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["screen", "   "], "empty"),
        (["screen", "Huawei", "--country", "China"], "ISO 3166-1"),
        (["screen", "Huawei", "--threshold", "2"], "threshold"),
        (["screen"], "Give a NAME"),
        (["screen", "--file", "x.csv"], "--out"),
    ],
)
def test_screen_bad_input_exits_2(
    default_screener: Screener, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_screen_batch(default_screener: Screener, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text(
        "id,name,country\n"
        "p1,Huawei Technologies Co Ltd,CN\n"
        "p2,Acme Widgets GmbH,DE\n"
        "p3,,CN\n"
        "p4,华为技术有限公司,XX1\n"
        "p5,SMIC,\n",
        encoding="utf-8",
    )
    out = tmp_path / "hits.csv"
    assert main(["screen", "--file", str(parties), "--out", str(out), "--include-clear"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    assert by_id["p1"][0]["status"] == "hit" and by_id["p1"][0]["list_code"] == "EL"
    assert by_id["p1"][0]["score"] == "1.0000" and by_id["p1"][0]["rank"] == "1"
    assert by_id["p2"] == [{**by_id["p2"][0], "status": "clear"}]
    assert by_id["p3"][0]["status"] == "error" and "empty" in by_id["p3"][0]["error"]
    assert by_id["p4"][0]["status"] == "error" and "ISO 3166-1" in by_id["p4"][0]["error"]
    assert by_id["p5"][0]["name"].startswith("Semiconductor Manufacturing International")
    assert not list(tmp_path.glob("*.tmp"))
    assert "5 parties screened" in capsys.readouterr().out


def test_screen_batch_without_name_column(default_screener: Screener, tmp_path: Path) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text("company,country\nHuawei,CN\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    assert main(["screen", "--file", str(parties), "--out", str(out)]) == 2
    assert not out.exists()


def test_score_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "name1,name2,is_match\n"
        "Huawei Technologies Co Ltd,\"Huawei Technologies Co., Ltd.\",true\n"
        "Acme Widgets GmbH,\"Huawei Technologies Co., Ltd.\",false\n",
        encoding="utf-8",
    )
    out = tmp_path / "scores.csv"
    assert main(["score-pairs", str(pairs), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["name1", "name2", "is_match", "score"]
    assert float(rows[0]["score"]) == 1.0 and float(rows[1]["score"]) < 0.5


def test_lists_status_and_update(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["bundled"] and status["active"]["entries"] == 25921
    assert main(["lists", "update", "--from", str(FIXTURES / "csl_current_fixture.csv")]) == 2
    assert "less than half" in capsys.readouterr().err
    assert main(["lists", "update", "--from", str(FIXTURES / "csl_current_fixture.csv"), "--allow-shrink"]) == 0
    assert "Imported 13 entries" in capsys.readouterr().out
    assert main(["lists", "status"]) == 0
    assert "imported" in capsys.readouterr().out
    bad = data_dir / "bad.json"
    bad.write_text('{"results": [', encoding="utf-8")
    assert main(["lists", "update", "--from", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["lists", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["active"]["entries"] == 13


def test_lists_update_unreachable_url(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "update", "--from", "http://127.0.0.1:9/consolidated.csv"]) == 2
    assert "Cannot reach" in capsys.readouterr().err


def test_screen_after_import_uses_new_snapshot(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "update", "--from", str(FIXTURES / "csl_current_fixture.csv"), "--allow-shrink"]) == 0
    capsys.readouterr()
    assert main(["screen", "Atlas Sanatgaran", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hits"][0]["list_code"] == "UVL" and data["hits"][0]["score"] == 1.0
    assert data["snapshot"]["id"] != "bundled"
