"""Design envelope: knob parsing, the best configuration and its margins, the chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chipcontrols.catalog import load_catalog
from chipcontrols.cli.app import main
from chipcontrols.design import apply_knobs, classification_assessor, explore, parse_knob
from chipcontrols.errors import InputError
from chipcontrols.metrics import chip_metrics


def test_parse_knob() -> None:
    assert parse_knob("die_area=300:500:100").values == (300.0, 400.0, 500.0)
    assert len(parse_knob("peak=0.5:1.5").values) == 21
    assert parse_knob("tpp=2000:2000").values == (2000.0,)
    for bad in ("speed=1:2", "tpp=5:1", "tpp=a:b", "tpp=1:2:0", "tpp=1"):
        with pytest.raises(InputError):
            parse_knob(bad)


def test_peak_rates_scale_together() -> None:
    base = load_catalog().get("H20").spec
    doubled = apply_knobs(base, {"peak": 2.0})
    assert doubled.dense_peak == {k: v * 2 for k, v in base.dense_peak.items()}
    target = apply_knobs(base, {"tpp": 3000.0})
    assert chip_metrics(target).tpp.value == pytest.approx(3000.0)


def test_golden_h20_envelope_under_3a090() -> None:
    """Golden: the H20 die stretched and its rates scaled; classification-only licence answer."""
    base = load_catalog().get("H20").spec
    result = explore(
        base,
        [parse_knob("tpp=1000:6000:200"), parse_knob("die_area=300:900:50")],
        destination="CN",
        as_of=dt.date(2025, 5, 1),
        assessor=classification_assessor,
    )
    assert len(result.configurations) == 26 * 13
    best = result.best_no_license
    assert best is not None
    # 3A090.b.1 starts at TPP 2400 (density ≥ 1.6) and 3A090.b.2 at TPP 1600 with density ≥ 3.2:
    # the best uncontrolled design stays under 2400 with density under 3.2.
    assert best.settings == {"tpp": 2200.0, "die_area": 700.0}
    assert best.eccn is None
    margins = {(m["paragraph"], m["metric"], m["op"]): m["margin"] for m in best.margins}
    assert margins[("3A090.b.1", "total_processing_performance", ">=")] == pytest.approx(-200.0)
    assert margins[("3A090.b.2", "performance_density", ">=")] == pytest.approx(2200 / 700 - 3.2, abs=1e-6)
    assert all(
        c.tpp <= best.tpp for c in result.configurations if c.assessment.outcome == "no_license_required"
    )


def test_too_many_configurations_refused() -> None:
    base = load_catalog().get("H20").spec
    with pytest.raises(InputError, match="too many"):
        explore(base, [parse_knob("tpp=1:100000:1")], destination="CN", as_of=dt.date(2025, 5, 1))


def test_design_command_json_and_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "plane.png"
    code = main(
        [
            "design",
            "--spec",
            "H20",
            "--vary",
            "tpp=2000:3000:500",
            "--vary",
            "memory_bandwidth=3000:4000:1000",
            "--vary",
            "interconnect=800:900:100",
            "--destination",
            "CN",
            "--as-of",
            "2025-05-01",
            "--json",
            "--chart",
            str(chart),
        ]
    )
    assert code == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["configurations_evaluated"] == 12
    best = data["best_no_license"]
    assert best is not None
    # The April 2025 letter to NVIDIA catches H20-class memory (>= 4000 GB/s) or interconnect (>= 900 GB/s)
    # bandwidth for China; without the licensing engine only 3A090 decides.
    assert best["tpp"] == pytest.approx(2000.0)
    assert chart.stat().st_size > 10_000
    html = tmp_path / "plane.html"
    assert (
        main(
            ["design", "--spec", "H20", "--destination", "CN", "--as-of", "2025-05-01", "--chart", str(html)]
        )
        == 0
    )
    assert "<svg" in html.read_text()
    assert main(["design", "--spec", "H20", "--vary", "speed=1:2", "--destination", "CN"]) == 2


def test_golden_h20_letter_envelope() -> None:
    """Golden: as of 2025-05-01 the April 2025 letter to NVIDIA catches NVIDIA circuits for China with the
    H20's memory bandwidth (>= 4000 GB/s) or interconnect (>= 900 GB/s): the envelope stays below both."""
    base = load_catalog().get("H20").spec
    result = explore(
        base,
        [parse_knob("memory_bandwidth=2000:4000:500"), parse_knob("interconnect=400:900:100")],
        destination="CN",
        as_of=dt.date(2025, 5, 1),
    )
    best = result.best_no_license
    assert best is not None
    assert best.settings == {"memory_bandwidth": 3500.0, "interconnect": 800.0}
    blocked = {
        (c.settings["memory_bandwidth"], c.settings["interconnect"]): c.assessment
        for c in result.configurations
    }
    assert "nvidia-letter-2025-04-09" in blocked[(4000.0, 400.0)].reasons
    assert "nvidia-letter-2025-04-09" in blocked[(2000.0, 900.0)].reasons
    before = explore(
        base, [parse_knob("memory_bandwidth=4000:4000")], destination="CN", as_of=dt.date(2025, 4, 1)
    )
    assert before.best_no_license is not None  # the letter was not yet in force
