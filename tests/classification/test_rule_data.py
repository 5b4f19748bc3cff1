"""The rule pack refuses malformed or uncited data with a message naming the file and the key."""

from __future__ import annotations

from importlib import resources

import pytest

from chipcontrols.errors import RuleDataError
from chipcontrols.rules import build_rule_pack, load_rules


def _texts() -> dict[str, str]:
    folder = resources.files("chipcontrols.rules") / "data"
    return {e.name: e.read_text(encoding="utf-8") for e in folder.iterdir() if e.name.endswith(".yaml")}


def test_bundled_pack_loads_with_version_and_instruments() -> None:
    rules = load_rules()
    assert rules.version_label.startswith(rules.version + "+")
    assert rules.instruments["fr-2023-23055"].citation == "88 FR 73458"
    assert rules.instruments["fr-2025-00636"].enforced is False
    assert rules.bit_lengths["fp8"] == 8


def test_unknown_instrument_is_refused_naming_file_and_key() -> None:
    texts = _texts()
    texts["eccn_3a090.yaml"] = texts["eccn_3a090.yaml"].replace("instrument: fr-2023-23055", "instrument: fr-9999", 1)
    with pytest.raises(RuleDataError) as error:
        build_rule_pack("test", texts)
    assert error.value.file == "eccn_3a090.yaml"
    assert "instrument" in error.value.key
    assert "fr-9999" in str(error.value)


def test_uncited_dated_entry_is_refused() -> None:
    texts = _texts()
    texts["extra.yaml"] = "changes:\n  - date: 2026-01-01\n    value: 1\n"
    with pytest.raises(RuleDataError) as error:
        build_rule_pack("test", texts)
    assert error.value.file == "extra.yaml"
    assert error.value.key == "changes[0]"


def test_malformed_threshold_is_refused_with_key_path() -> None:
    texts = _texts()
    texts["eccn_3a090.yaml"] = texts["eccn_3a090.yaml"].replace("threshold: 5.92", "threshold: lots", 1)
    with pytest.raises(RuleDataError) as error:
        build_rule_pack("test", texts)
    assert error.value.file == "eccn_3a090.yaml"
    assert error.value.key.startswith("versions[1].paragraphs[0].any_of[1].all_of[1]")


def test_versions_out_of_order_are_refused() -> None:
    texts = _texts()
    texts["eccn_3a090.yaml"] = texts["eccn_3a090.yaml"].replace("effective: 2023-11-17", "effective: 2021-11-17", 1)
    with pytest.raises(RuleDataError, match="increasing order"):
        build_rule_pack("test", texts)


def test_invalid_yaml_is_refused() -> None:
    texts = _texts()
    texts["definitions.yaml"] = "tpp: [unclosed"
    with pytest.raises(RuleDataError) as error:
        build_rule_pack("test", texts)
    assert error.value.file == "definitions.yaml"


def test_new_rule_version_needs_no_engine_change() -> None:
    """A hypothetical 2027 rule lowering the 3A090.a.1 line to 4000 is added as data only."""
    from chipcontrols.classification import classify

    texts = _texts()
    texts["instruments_test.yaml"] = (
        "instruments:\n  - id: fr-2027-test\n    citation: 92 FR 1\n    title: Test rule\n    kind: final rule\n"
        "    effective: 2027-01-01\n    confidence: primary\n"
    )
    block = texts["eccn_3a090.yaml"].split("  - effective: 2024-12-02", 1)[1]
    new_version = ("  - effective: 2027-01-01" + block).replace("instrument: fr-2024-28270", "instrument: fr-2027-test")
    new_version = new_version.replace("threshold: 4800, cite: 3A090.a.1", "threshold: 4000, cite: 3A090.a.1")
    texts["eccn_3a090.yaml"] = texts["eccn_3a090.yaml"].rstrip() + "\n\n" + new_version
    rules = build_rule_pack("test", texts)
    spec = {"name": "x", "market": "datacenter", "dense_peak": {"int8": 550}, "die_area_mm2": 5000}
    assert classify(spec, "2026-12-31", rules=rules).eccn is None
    assert classify(spec, "2027-01-01", rules=rules).eccn == "3A090.a"
