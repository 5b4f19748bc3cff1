"""The licensing rule data: every entry cited, cross-references valid, broken files refused by name."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest

from chipcontrols.errors import RuleDataError
from chipcontrols.licensing.country_groups import CountryGroups
from chipcontrols.licensing.ruledata import licensing_rules
from chipcontrols.rules import load_rules
from chipcontrols.rules.loader import build_rule_pack


def bundled_texts() -> dict[str, str]:
    folder = resources.files("chipcontrols.rules") / "data"
    return {e.name: e.read_text(encoding="utf-8") for e in folder.iterdir() if e.name.endswith(".yaml")}


def test_bundled_licensing_data_loads_and_every_entry_is_cited() -> None:
    rules = licensing_rules(load_rules())
    entries = [*rules.requirements, *rules.end_uses, *rules.embargoes, *rules.letters, *rules.policies,
               *rules.exceptions]
    assert len(entries) > 40
    for entry in entries:
        assert entry.instrument or entry.cfr, entry.id
        assert entry.confidence in ("primary", "law_firm", "secondary", "unconfirmed")


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("licence_requirements.yaml", "destination_in: {countries: [CN]}", "destination_within: {countries: [CN]}",
         "requirements"),
        ("review_policy.yaml", "applies_to: [ru-746.8-2022, by-746.8-2022]", "applies_to: [ru-746.8-2099]",
         "rp-746.8-russia-belarus"),
        ("licence_exceptions.yaml", "op: \"<\", value: 3.3", "op: \"<<\", value: 3.3", "exceptions"),
        ("informed_letters.yaml", "confidence: secondary", "confidence: certain", "letters"),
    ],
)
def test_broken_licensing_files_are_refused_naming_file_and_key(file: str, old: str, new: str, key: str) -> None:
    texts = bundled_texts()
    assert old in texts[file]
    texts[file] = texts[file].replace(old, new, 1)
    with pytest.raises(RuleDataError) as error:
        licensing_rules(build_rule_pack("test", texts))
    assert error.value.file == file
    assert key in error.value.key


def test_country_groups_by_date() -> None:
    groups = CountryGroups(licensing_rules(load_rules()).country_groups)
    day = dt.date
    assert groups.in_group("NI", "D:5", day(2024, 3, 15)) and not groups.in_group("NI", "D:5", day(2024, 3, 14))
    assert groups.in_group("KH", "D:5", day(2025, 11, 6)) and not groups.in_group("KH", "D:5", day(2025, 11, 7))
    assert groups.in_group("KH", "D:5", day(2025, 11, 7)) is False
    assert "KH" in groups.members("D:5", day(2025, 12, 1), layer="table")
    assert groups.in_group("KH", "D:1", day(2026, 3, 1))
    assert not groups.in_group("CY", "D:5", day(2023, 10, 1))
    assert groups.in_group("AE", "D:4", day(2026, 7, 22)) and groups.in_group("AE", "A:5", day(2026, 7, 23))
    assert groups.in_group("HK", "D:5", day(2025, 1, 1))
    assert not groups.in_group("MO", "D:5", day(2025, 1, 1)) and groups.in_group("MO", "D:1", day(2025, 1, 1))
    assert groups.members("E:1", day(2026, 1, 1)) == frozenset({"IR", "KP", "SY"})
    assert groups.members("E:2", day(2026, 1, 1)) == frozenset({"CU"})
    assert "BR" not in groups.members("A:6", day(2026, 1, 1))
    assert len(groups.members("A:5", day(2025, 1, 1))) == 37
    assert len(groups.members("D:5", day(2026, 2, 3), layer="table")) == 22
