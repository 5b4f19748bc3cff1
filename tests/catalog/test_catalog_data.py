"""The bundled chip catalogue: it loads, every figure is sourced, lookups work, and the metrics it feeds
reproduce the established TPP / performance-density values (and avoid the known traps)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chipcontrols.catalog import load_catalog
from chipcontrols.errors import CatalogDataError, UnknownChipError
from chipcontrols.metrics import performance_density, total_processing_performance

BIT_LENGTHS = {
    "fp64": 64, "fp32": 32, "tf32": 19, "fp16": 16, "bf16": 16,
    "fp8": 8, "int8": 8, "fp6": 6, "fp4": 4, "int4": 4,
}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-.][a-z0-9]+)*$")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def tpp(catalog, chip_id: str) -> float:
    value = total_processing_performance(catalog.get(chip_id).spec, BIT_LENGTHS).value
    assert value is not None
    return value


def pd(catalog, chip_id: str) -> float | None:
    chip = catalog.get(chip_id)
    return performance_density(tpp(catalog, chip_id), chip.spec.die_area_mm2).value


# --- loading and provenance ------------------------------------------------------------------------------


def test_catalogue_loads_with_at_least_45_chips(catalog):
    assert len(catalog) >= 45
    assert len(catalog) == 51


def test_every_id_is_vendor_slash_slug_and_matches_vendor(catalog):
    for chip in catalog:
        assert ID_PATTERN.match(chip.id), chip.id
        assert chip.id.split("/")[0] == chip.vendor.lower(), chip.id


def test_one_file_per_vendor():
    folder = Path(__file__).resolve().parents[2] / "src" / "chipcontrols" / "catalog" / "data"
    names = sorted(p.name for p in folder.glob("*.yaml"))
    assert names == [
        "amd.yaml", "aws.yaml", "biren.yaml", "cambricon.yaml", "google.yaml", "huawei.yaml", "intel.yaml",
        "nvidia.yaml",
    ]


def test_every_numeric_figure_cites_a_declared_source(catalog):
    count = 0
    for chip in catalog:
        for key, figure in chip.figures.items():
            if figure.value is None:
                continue
            count += 1
            assert figure.sources, f"{chip.id} {key} has no source"
            for source in figure.sources:
                assert source in chip.sources, f"{chip.id} {key} cites undeclared {source}"
                assert chip.sources[source].url, f"source {source} has no url"
            assert figure.value >= 0, f"{chip.id} {key} is negative"
    assert count > 400


def test_every_chip_serialises_with_its_cited_sources(catalog):
    for chip in catalog:
        data = chip.to_dict()
        cited = {key for figure in data["figures"].values() for key in figure["sources"]}
        assert cited and cited == set(data["sources"]), chip.id


def test_every_unknown_figure_says_why(catalog):
    for chip in catalog:
        for key, reason in chip.unknown.items():
            assert reason and reason != "unknown", f"{chip.id} {key}"


def test_every_chip_has_reliability_release_or_note_and_notes(catalog):
    for chip in catalog:
        assert chip.reliability in {"A", "B", "C"}, chip.id
        assert chip.notes and len(chip.notes) > 20, chip.id
        assert chip.spec.dense_peak or chip.spec.processing_units, chip.id


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "vendor.yaml"
    path.write_text(
        "vendor: Test\n"
        "sources:\n"
        "  sheet: {title: Test datasheet, url: 'https://example.com/sheet.pdf'}\n"
        "chips:\n"
        "  - id: test/chip-1\n"
        "    name: Test Chip 1\n"
        "    market: datacenter\n"
        "    dense_peak:\n"
        "      fp8: {value: 100, sources: [sheet]}\n" + body,
        encoding="utf-8",
    )
    return path


def test_a_valid_temporary_catalogue_loads(tmp_path):
    _write(tmp_path, "    die_area_mm2: {value: 100, sources: [sheet]}\n")
    catalog = load_catalog(tmp_path)
    assert catalog.ids() == ["test/chip-1"]
    assert catalog.get("Test Chip 1").spec.die_area_mm2 == 100


def test_a_bare_number_is_refused_naming_file_and_key(tmp_path):
    path = _write(tmp_path, "    die_area_mm2: 814\n")
    with pytest.raises(CatalogDataError) as error:
        load_catalog(tmp_path)
    message = str(error.value)
    assert str(path) in message
    assert "die_area_mm2" in message
    assert "no source" in message


def test_a_figure_with_an_empty_source_list_is_refused(tmp_path):
    path = _write(tmp_path, "    memory_bandwidth_gbps: {value: 3350, sources: []}\n")
    with pytest.raises(CatalogDataError) as error:
        load_catalog(tmp_path)
    assert str(path) in str(error.value)
    assert "memory_bandwidth_gbps" in str(error.value)


def test_a_dense_rate_without_source_is_refused(tmp_path):
    path = _write(tmp_path, "")
    path.write_text(path.read_text().replace("fp8: {value: 100, sources: [sheet]}", "fp8: {value: 100}"))
    with pytest.raises(CatalogDataError) as error:
        load_catalog(tmp_path)
    assert str(path) in str(error.value)
    assert "dense_peak.fp8" in str(error.value)


def test_an_undeclared_source_is_refused(tmp_path):
    _write(tmp_path, "    tdp_w: {value: 700, sources: [nowhere]}\n")
    with pytest.raises(CatalogDataError, match="nowhere"):
        load_catalog(tmp_path)


def test_an_unknown_without_reason_is_refused(tmp_path):
    _write(tmp_path, "    die_area_mm2: {value: null}\n")
    with pytest.raises(CatalogDataError, match="die_area_mm2"):
        load_catalog(tmp_path)


def test_a_duplicate_alias_is_refused(tmp_path):
    body = (
        "    aliases: [X1]\n"
        "  - id: test/chip-2\n"
        "    name: Test Chip 2\n"
        "    aliases: [x-1]\n"
        "    market: datacenter\n"
        "    dense_peak:\n"
        "      fp8: {value: 50, sources: [sheet]}\n"
    )
    _write(tmp_path, body)
    with pytest.raises(CatalogDataError, match="already used"):
        load_catalog(tmp_path)


# --- lookup -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("H20", "nvidia/h20"),
        ("h20", "nvidia/h20"),
        ("H100 SXM", "nvidia/h100-sxm"),
        ("H100", "nvidia/h100-sxm"),
        ("h100-pcie", "nvidia/h100-pcie"),
        ("A100", "nvidia/a100-sxm"),
        ("RTX 4090", "nvidia/rtx-4090"),
        ("RTX 4090 D", "nvidia/rtx-4090-d"),
        ("rtx-4090d", "nvidia/rtx-4090-d"),
        ("4090D", "nvidia/rtx-4090-d"),
        ("RTX 5090 D", "nvidia/rtx-5090-d"),
        ("MI308X", "amd/mi308x"),
        ("mi300x", "amd/mi300x"),
        ("Ascend 910B", "huawei/ascend-910b"),
        ("Gaudi 3", "intel/gaudi-3"),
        ("TPU v5p", "google/tpu-v5p"),
        ("Trn2", "aws/trainium2"),
        ("nvidia/l20", "nvidia/l20"),
    ],
)
def test_lookup(catalog, query, expected):
    assert catalog.get(query).id == expected


def test_every_alias_resolves_to_its_own_chip(catalog):
    for chip in catalog:
        for alias in (chip.name, *chip.aliases):
            assert catalog.get(alias).id == chip.id, alias


def test_unknown_name_suggests_close_matches(catalog):
    with pytest.raises(UnknownChipError) as error:
        catalog.get("H2O")
    assert "nvidia/h20" in error.value.suggestions


def test_rows_without_any_published_compute_are_not_in_the_catalogue(catalog):
    for name in ("B30A", "B20", "MLU590", "RTX PRO 6000D", "HL-328"):
        assert catalog.find(name) is None, name


# --- oracle rows (chips.md section 4): TPP within 0.5 %, PD within 1 % -----------------------------------

ORACLES = [
    ("nvidia/a100-sxm", 4992, 6.044, 826),
    ("nvidia/h100-sxm", 15832, 19.45, 814),
    ("nvidia/h800-sxm", 15832, 19.45, 814),
    ("nvidia/h20", 2368, 2.909, 814),
    ("nvidia/l20", 1912, 3.142, 608.5),
    ("nvidia/l40", 2896.8, 4.761, 608.5),
    ("nvidia/l4", 1936, 6.574, 294.5),
    ("nvidia/rtx-4090", 5284.8, 8.685, 608.5),
    ("nvidia/rtx-5090-d", 4750, 6.333, 750),
    ("nvidia/v100-sxm2", 2000, 2.454, 815),
]


@pytest.mark.parametrize(("chip_id", "expected_tpp", "expected_pd", "die"), ORACLES)
def test_oracle_tpp_and_pd(catalog, chip_id, expected_tpp, expected_pd, die):
    assert tpp(catalog, chip_id) == pytest.approx(expected_tpp, rel=0.005)
    assert catalog.get(chip_id).spec.die_area_mm2 == pytest.approx(die, rel=0.002)
    assert pd(catalog, chip_id) == pytest.approx(expected_pd, rel=0.01)


# TPP of every chip with the engine's bit lengths. Equal to the reference table's tpp_computed except:
# RTX 4090 D (4706.8: FP16 294.17 instead of the rounded 294.2), Trainium/Trainium2 (TF32 runs at the BF16
# rate there, so TF32 x 19 exceeds the reference table's TF32-excluded value).
EXPECTED_TPP = {
    "nvidia/a100-sxm": 4992, "nvidia/a100-pcie": 4992, "nvidia/a800-sxm": 4992,
    "nvidia/v100-sxm2": 2000, "nvidia/v100-pcie": 1792, "nvidia/a10": 2000, "nvidia/a30": 2644,
    "nvidia/t4": 1040, "nvidia/jetson-agx-orin": 1100, "nvidia/h100-sxm": 15832, "nvidia/h100-pcie": 12104,
    "nvidia/h100-nvl": 13368, "nvidia/h800-sxm": 15832, "nvidia/h200-sxm": 15832, "nvidia/h20": 2368,
    "nvidia/l40": 2896.8, "nvidia/l40s": 5864, "nvidia/l4": 1936, "nvidia/l20": 1912, "nvidia/l2": 1544,
    "nvidia/rtx-4090": 5284.8, "nvidia/rtx-4090-d": 4706.8, "nvidia/rtx-5090": 6704,
    "nvidia/rtx-5090-d": 4750, "nvidia/rtx-5090-d-v2": 4750, "nvidia/rtx-pro-6000": 8060.8,
    "nvidia/b100": 28000, "nvidia/b200": 36000, "nvidia/gb200": 40000, "nvidia/b300": 56000,
    "nvidia/gb300": 60000,
    "amd/mi210": 2899.2, "amd/mi250x": 6128, "amd/mi300x": 20919.2, "amd/mi300a": 15689.6,
    "amd/mi308x": 10459.2, "amd/mi325x": 20919.2, "amd/mi355x": 40265.6,
    "intel/gaudi-2": 6920, "intel/gaudi-2-hl-225b": 6920, "intel/gaudi-3": 29360,
    "huawei/ascend-910b": 6016, "huawei/ascend-910c": 12800,
    "cambricon/mlu370-x8": 2048,
    "biren/br100": 16384, "biren/br104": 8192,
    "google/tpu-v4": 4400, "google/tpu-v5e": 3152, "google/tpu-v5p": 7344,
    "aws/trainium": 3610, "aws/trainium2": 12673,
}


def test_expected_tpp_covers_the_whole_catalogue(catalog):
    assert sorted(EXPECTED_TPP) == catalog.ids()


@pytest.mark.parametrize(("chip_id", "expected"), sorted(EXPECTED_TPP.items()))
def test_tpp_of_every_chip(catalog, chip_id, expected):
    assert tpp(catalog, chip_id) == pytest.approx(expected, rel=1e-6)


# --- traps (chips.md section 3) ---------------------------------------------------------------------------


def test_rtx_4090_uses_the_fp16_accumulate_rate_not_the_half_rate(catalog):
    value = tpp(catalog, "nvidia/rtx-4090")
    assert value == pytest.approx(5284.8, rel=0.005)
    assert abs(value - 2643.2) > 2000
    spec = catalog.get("RTX 4090").spec
    assert spec.dense_peak["fp16"] == pytest.approx(2 * spec.dense_peak["bf16"], rel=0.001)


@pytest.mark.parametrize("chip_id", ["nvidia/rtx-4090", "nvidia/rtx-4090-d", "nvidia/rtx-5090"])
def test_geforce_fp16_column_is_full_rate_and_noted(catalog, chip_id):
    chip = catalog.get(chip_id)
    assert chip.spec.market == "consumer"
    assert chip.spec.dense_peak["fp16"] > chip.spec.dense_peak["bf16"]
    assert "FP16 accumulate" in (chip.figures["dense_peak.fp16"].note or "")


def test_h100_uses_dense_not_sparse_rates(catalog):
    assert tpp(catalog, "nvidia/h100-sxm") == pytest.approx(15832, rel=0.005)
    assert catalog.get("H100").spec.dense_peak["fp8"] == pytest.approx(1979, rel=0.001)
    assert tpp(catalog, "nvidia/h100-sxm") < 31664 * 0.6


def test_interconnect_cuts_do_not_change_tpp(catalog):
    assert tpp(catalog, "nvidia/h800-sxm") == tpp(catalog, "nvidia/h100-sxm")
    assert tpp(catalog, "nvidia/a800-sxm") == tpp(catalog, "nvidia/a100-sxm")
    assert catalog.get("H800").spec.interconnect_bidirectional_gbps == 400
    assert catalog.get("A800").spec.interconnect_bidirectional_gbps == 400


def _decisive(catalog, chip_id: str) -> str:
    detail = total_processing_performance(catalog.get(chip_id).spec, BIT_LENGTHS).inputs["units"][0]
    return detail["decisive_precision"]


def test_b300_tpp_is_set_by_fp4(catalog):
    assert _decisive(catalog, "nvidia/b300") == "fp4"
    assert tpp(catalog, "nvidia/b300") == pytest.approx(56000)
    assert _decisive(catalog, "nvidia/gb300") == "fp4"


def test_gaudi_3_tpp_is_set_by_bf16(catalog):
    assert _decisive(catalog, "intel/gaudi-3") == "bf16"
    assert tpp(catalog, "intel/gaudi-3") == pytest.approx(29360)


def test_trainium_tf32_counts_at_19_bits(catalog):
    assert _decisive(catalog, "aws/trainium") == "tf32"
    assert tpp(catalog, "aws/trainium") == pytest.approx(190 * 19)
    assert tpp(catalog, "aws/trainium2") == pytest.approx(667 * 19)


def test_gb200_and_h100_nvl_are_per_gpu_figures(catalog):
    assert catalog.get("GB200").spec.dense_peak["fp4"] == pytest.approx(10000)
    assert catalog.get("H100 NVL").figures["memory_gb"].value == 94


def test_mi250x_counts_both_dies(catalog):
    chip = catalog.get("MI250X")
    assert chip.spec.die_area_mm2 == pytest.approx(2 * 724)
    assert chip.figures["num_logic_dies"].value == 2
    assert pd(catalog, "amd/mi250x") == pytest.approx(4.232, rel=0.01)


def test_jetson_agx_orin_aggregates_its_dlas(catalog):
    chip = catalog.get("Jetson AGX Orin")
    assert chip.spec.market == "consumer"
    assert [unit.name for unit in chip.spec.processing_units] == ["DLA"]
    assert tpp(catalog, "nvidia/jetson-agx-orin") == pytest.approx(1100)
    assert chip.spec.dense_peak["int8"] * 8 == pytest.approx(680)


def test_card_level_mlu370_says_per_ic(catalog):
    chip = catalog.get("MLU370-X8")
    assert "per IC" in chip.notes
    assert tpp(catalog, "cambricon/mlu370-x8") == pytest.approx(2048)


UNKNOWN_DIE = [
    "nvidia/b100", "nvidia/b200", "nvidia/gb200", "nvidia/b300", "nvidia/gb300", "nvidia/l2",
    "nvidia/jetson-agx-orin", "amd/mi300x", "amd/mi300a", "amd/mi308x", "amd/mi325x", "amd/mi355x",
    "intel/gaudi-2", "intel/gaudi-3", "google/tpu-v4", "google/tpu-v5e", "google/tpu-v5p", "aws/trainium",
    "aws/trainium2", "cambricon/mlu370-x8", "biren/br104",
]


@pytest.mark.parametrize("chip_id", UNKNOWN_DIE)
def test_unpublished_die_area_is_unknown_not_guessed(catalog, chip_id):
    chip = catalog.get(chip_id)
    assert chip.spec.die_area_mm2 is None
    assert "die_area_mm2" in chip.unknown
    assert pd(catalog, chip_id) is None


def test_die_area_is_either_sourced_or_explicitly_unknown(catalog):
    for chip in catalog:
        if chip.spec.die_area_mm2 is None:
            assert "die_area_mm2" in chip.unknown, chip.id
        else:
            assert chip.figures["die_area_mm2"].sources, chip.id


def test_markets(catalog):
    consumer = {chip.id for chip in catalog if chip.spec.market == "consumer"}
    assert consumer == {
        "nvidia/rtx-4090", "nvidia/rtx-4090-d", "nvidia/rtx-5090", "nvidia/rtx-5090-d",
        "nvidia/rtx-5090-d-v2", "nvidia/jetson-agx-orin",
    }
    assert catalog.get("RTX PRO 6000").spec.market == "workstation"


def test_low_reliability_rows(catalog):
    low = {chip.id for chip in catalog if chip.reliability == "C"}
    assert low == {"amd/mi308x", "intel/gaudi-2-hl-225b", "biren/br104"}
