"""List readers on the real formats: the 29-column CSV (with its repeated header), JSON, compact, FtM."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from chipcontrols.errors import ListDataError
from chipcontrols.screening.readers import read_list_bytes, read_list_path
from chipcontrols.screening.readers.csl_row import CSL_COLUMNS

from .conftest import FIXTURES

SAMPLE = FIXTURES / "csl_sample_2023-11-30_slice.csv"
CURRENT = FIXTURES / "csl_current_fixture.csv"


def test_sample_slice_with_repeated_header_line() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == lines[1]  # the official sample repeats its header on line 2
    assert lines[0].split(",") == list(CSL_COLUMNS)
    listing = read_list_path(SAMPLE)
    assert listing.format == "csl-csv"
    assert len(listing.entries) == 72
    assert all(e.list_code for e in listing.entries)
    assert {e.list_code for e in listing.entries} >= {"EL", "SDN", "DPL", "UVL", "MEU"}


def test_sample_slice_fields() -> None:
    entries = {e.name: e for e in read_list_path(SAMPLE).entries}
    chitron = entries["Chitron Electronics Company Ltd"]
    assert chitron.list_code == "EL"
    assert chitron.countries == ("CN",)
    assert chitron.aliases == ("Chi-Chuang Electronics Company Ltd",)
    assert chitron.licence_terms.policy == "presumption_of_denial"
    assert chitron.addresses[0].startswith("2127 Sungang Rd")
    lim = entries["Lim Yong Nam"]
    assert lim.countries == ("CN", "SG")  # one country per address, in order
    assert "Lin Rongnan" in lim.aliases


def test_current_fixture_all_thirteen_rows() -> None:
    listing = read_list_path(CURRENT)
    assert len(listing.entries) == 13
    by_name = {e.name: e for e in listing.entries}
    meu = by_name["Academy of Aerospace Solid Propulsion Technology (AASPT)"]
    assert meu.list_code == "MEU"
    assert meu.licence_terms.requirement_scope == "specified_items"
    assert meu.license_policy.startswith("The license application procedure")
    sdn = by_name["RIM, Ryong Nam"]
    assert sdn.list_code == "SDN" and sdn.entity_number == "52291"
    assert sdn.countries == ("CN", "KP")
    assert by_name["Mohammed ABU JHEISHEH"].aliases == ("Mohammad Mutlaq ABU JHESHEH", "Mohammed ABU JEHEISHA")
    assert by_name["Evren KAYAKIRAN"].list_code == "FSE"
    cetc = by_name["China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"]
    assert cetc.list_code == "EL" and cetc.countries == ("CN",)
    assert "CETC Research Institute 13" in cetc.aliases  # "and " before the last alias removed
    assert cetc.licence_terms.fdp_footnotes == (3,)


def test_truncated_official_sample_is_refused() -> None:
    """The reference sample itself ends in the middle of a quoted field: the whole file must be refused."""
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text[: len(text) - 300]
    with pytest.raises(ListDataError, match="truncated|malformed"):
        read_list_bytes(cut.encode(), "cut.csv")


def test_csv_row_with_missing_fields_is_refused() -> None:
    header = ",".join(CSL_COLUMNS)
    row = '"1","Entity List (EL) - Bureau of Industry and Security","","","","Acme"'
    with pytest.raises(ListDataError, match="line 2: 6 fields where the header has 29"):
        read_list_bytes(f"{header}\n{row}\n".encode(), "short.csv")


@pytest.mark.parametrize("data", [b"", b"   \n", b"_id,source,name\n"])
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(ListDataError):
        read_list_bytes(data, "empty.csv")


def test_csv_without_name_column_is_refused() -> None:
    with pytest.raises(ListDataError, match="no name column"):
        read_list_bytes(b"_id,source,title\n1,Entity List (EL),x\n", "odd.csv")


def test_unknown_source_list_is_refused() -> None:
    header = ",".join(CSL_COLUMNS)
    cells = [""] * 29
    cells[1], cells[5] = "Some Other List", "Acme"
    with pytest.raises(ListDataError, match="unknown source list"):
        read_list_bytes(f"{header}\n{','.join(cells)}\n".encode(), "x.csv")


def _json_result() -> dict[str, object]:
    return {
        "id": "abc123",
        "source": "Entity List (EL) - Bureau of Industry and Security",
        "entity_number": None,
        "type": None,
        "programs": [],
        "name": "Moore Thread Intelligent Technology (Beijing) Co., Ltd.",
        "alt_names": ["Moore Threads", "Mo’er Xianchen"],
        "addresses": [
            {"address": "Room 1", "city": "Beijing", "state": None, "postal_code": "100000", "country": "CN"}
        ],
        "federal_register_notice": "88 FR 71992",
        "license_requirement": "For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)4",
        "license_policy": "Presumption of denial.",
        "source_list_url": "https://www.bis.gov/regulations/ear/744#supplement-4-744",
        "ids": [],
    }


@pytest.mark.parametrize("shape", ["results", "list"])
def test_consolidated_json_shapes(shape: str) -> None:
    results = [_json_result()]
    document: object = (
        {"total": 1, "sources_used": [{"source": "EL", "source_last_updated": "2026-07-30T00:00:00"}],
         "results": results}
        if shape == "results"
        else results
    )
    listing = read_list_bytes(json.dumps(document).encode(), "consolidated.json")
    assert listing.format == "csl-json"
    (entry,) = listing.entries
    assert entry.entry_id == "abc123"
    assert entry.countries == ("CN",)
    assert entry.aliases == ("Moore Threads", "Mo’er Xianchen")
    assert entry.licence_terms.fdp_footnotes == (4,)
    assert listing.generated_at == ("2026-07-30T00:00:00" if shape == "results" else "")


def test_truncated_json_is_refused() -> None:
    data = json.dumps({"results": [_json_result()] * 3}).encode()
    with pytest.raises(ListDataError, match="not valid JSON"):
        read_list_bytes(data[:-40], "consolidated.json")


def test_json_record_without_name_is_refused() -> None:
    record = _json_result()
    record["name"] = ""
    with pytest.raises(ListDataError, match="result 2: the record has no name"):
        read_list_bytes(json.dumps({"results": [_json_result(), record]}).encode(), "c.json")


def test_compact_snapshot_and_gzip(tmp_path: Path) -> None:
    document = {
        "sourceGeneratedAt": "2026-07-31T13:15:00+00:00",
        "entryCount": 1,
        "tables": {"sources": ["Entity List (EL) - Bureau of Industry and Security"],
                   "licenceRequirements": ["For all items subject to the EAR."],
                   "licencePolicies": ["Presumption of denial."], "programmes": [], "urls": ["https://x"]},
        "entries": [{"n": "Acme Chips Co., Ltd.", "a": ["Acme"], "s": 0, "c": ["CN"], "lr": 0, "lp": 0, "u": 0}],
    }
    path = tmp_path / "compact.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    listing = read_list_path(path)
    assert listing.format == "compact" and listing.generated_at.startswith("2026-07-31")
    assert listing.entries[0].licence_terms.policy == "presumption_of_denial"
    document["entryCount"] = 2
    with pytest.raises(ListDataError, match="says 2 entries but holds 1"):
        read_list_bytes(json.dumps(document).encode(), "compact.json")


FTM_LINES = [
    {"id": "NK-1", "schema": "Company", "properties": {"name": ["Acme Widgets Ltd"], "alias": ["Acme"],
                                                       "country": ["cn"]}, "datasets": ["us_ofac_sdn"]},
    {"id": "NK-2", "schema": "Person", "properties": {"name": ["Ivan Ivanov"], "nationality": ["ru"]},
     "datasets": ["eu_fsf"]},
    {"id": "NK-3", "schema": "Sanction", "properties": {"entity": ["NK-1"]}, "datasets": ["us_ofac_sdn"]},
]


def test_ftm_json_lines() -> None:
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in FTM_LINES).encode()
    listing = read_list_bytes(data, "entities.ftm.json")
    assert listing.format == "ftm"
    assert [e.name for e in listing.entries] == ["Acme Widgets Ltd", "Ivan Ivanov"]
    acme, ivan = listing.entries
    assert acme.list_code == "SDN" and acme.countries == ("CN",) and acme.aliases == ("Acme",)
    assert ivan.list_code == "OS" and ivan.entry_type == "Person" and ivan.entry_id == "NK-2"


def test_truncated_ftm_line_is_refused() -> None:
    data = "\n".join(json.dumps(line) for line in FTM_LINES)
    with pytest.raises(ListDataError, match="line 3: not valid JSON"):
        read_list_bytes(data[:-10].encode(), "entities.ftm.json")
