"""The screen() API against the full bundled list: the cases compliance officers rely on."""

from __future__ import annotations

import pytest

from chipcontrols.errors import CountryCodeError, InputError
from chipcontrols.screening import DEFAULT_THRESHOLD, MATCHER_VERSION, Screener, ScreeningResult, screen


def _top(result: ScreeningResult, list_code: str = "EL"):
    hits = [h for h in result.hits if h.list_code == list_code]
    assert hits, f"no {list_code} hit for {result.query!r}: {[(h.list_code, h.name) for h in result.hits]}"
    return hits[0]


def test_result_shape(bundled_screener: Screener) -> None:
    result = screen("Huawei Technologies Co Ltd", "cn", screener=bundled_screener)
    assert result.query == "Huawei Technologies Co Ltd"
    assert result.country == "CN"
    assert result.threshold == DEFAULT_THRESHOLD
    assert result.matcher == MATCHER_VERSION == "name-v1"
    assert result.snapshot["generated_at"].startswith("2026-07-31")
    data = result.to_dict()
    assert set(data) >= {"query", "country", "threshold", "matcher", "snapshot", "hits"}
    hit = data["hits"][0]
    assert set(hit) >= {
        "name", "matched_name", "list", "list_code", "entity_number", "entry_id", "countries", "score",
        "explanation", "license_requirement", "license_policy", "license_policy_normalised",
        "license_requirement_scope", "fdp_footnotes", "federal_register_notice", "source_url",
    }
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= DEFAULT_THRESHOLD for s in scores)


def test_huawei_exact_latin_scores_one_with_licence_terms(bundled_screener: Screener) -> None:
    hit = _top(screen("Huawei Technologies Co Ltd", "CN", screener=bundled_screener))
    assert hit.score == 1.0
    assert hit.name.startswith("Huawei Technologies Co., Ltd.")
    assert hit.list == "Entity List"
    assert "CN" in hit.countries
    assert hit.license_policy_normalised == "presumption_of_denial"
    assert hit.license_requirement_scope == "all_items_subject_to_ear"
    assert hit.explanation["name"]["detail"]["method"] == "exact"


def test_huawei_in_hanzi(bundled_screener: Screener) -> None:
    result = screen("华为技术有限公司", screener=bundled_screener)
    hit = _top(result)
    assert hit.name.startswith("Huawei Technologies Co., Ltd.")
    assert hit.score >= 0.9
    assert hit.explanation["name"]["detail"]["query_origin"] == "han"


def test_huawei_headquarters_entry_carries_footnote_1(bundled_screener: Screener) -> None:
    result = screen("Huawei Technologies Co., Ltd. (Huawei)", screener=bundled_screener)
    hit = next(h for h in result.hits if h.name == "Huawei Technologies Co., Ltd. (Huawei)")
    assert hit.score == 1.0 and hit.fdp_footnotes == [1]


def test_smic_acronym(bundled_screener: Screener) -> None:
    hit = _top(screen("SMIC", screener=bundled_screener))
    assert hit.name.startswith("Semiconductor Manufacturing International")
    assert hit.score == 1.0  # "SMIC" is a published alias


def test_ymtc_acronym_and_expansion(bundled_screener: Screener) -> None:
    assert _top(screen("YMTC", screener=bundled_screener)).name == "Yangtze Memory Technologies Co., Ltd."
    hit = _top(screen("Yangtze Memory Technologies Company Limited", "CN", screener=bundled_screener))
    assert hit.name == "Yangtze Memory Technologies Co., Ltd." and hit.score == 1.0


def test_moore_threads_typo_variant(bundled_screener: Screener) -> None:
    result = screen("Moore Threads Intelligent Technology (Beijing) Co., Ltd.", "CN", screener=bundled_screener)
    hit = _top(result)
    assert hit.name == "Moore Thread Intelligent Technology (Beijing) Co., Ltd."
    assert 0.9 <= hit.score < 1.0
    assert hit.fdp_footnotes == [4]


def test_beijing_prefix_matches_bracketed_city(bundled_screener: Screener) -> None:
    hit = _top(screen("Beijing Moore Thread Intelligent Technology", screener=bundled_screener))
    assert hit.name == "Moore Thread Intelligent Technology (Beijing) Co., Ltd."


def test_unlisted_company_has_no_entity_list_hit(bundled_screener: Screener) -> None:
    result = screen("Acme Widgets GmbH", "DE", screener=bundled_screener)
    assert not result.hits_on("EL")


def test_alias_match_scores_one(bundled_screener: Screener) -> None:
    hit = _top(screen("Shenzhen Huawei Technologies", screener=bundled_screener))
    assert hit.score == 1.0 and hit.matched_name == "Shenzhen Huawei Technologies"
    assert hit.name == "Huawei Technologies Co., Ltd. (Huawei)"


def test_other_lists_are_reported_with_their_codes(bundled_screener: Screener) -> None:
    hit = screen("Vladimir Putin", screener=bundled_screener).hits[0]
    assert hit.list_code == "SDN" and hit.score == 1.0
    assert screen("Владимир Путин", screener=bundled_screener).hits[0].name == hit.name


def test_include_all_and_threshold(bundled_screener: Screener) -> None:
    strict = screen("Huawei Technologies", threshold=0.99, screener=bundled_screener)
    assert all(h.score >= 0.99 for h in strict.hits)
    loose = screen("Huawei Technologies", include_all=True, limit=50, screener=bundled_screener)
    assert len(loose.hits) >= len(strict.hits)
    assert len(screen("Huawei", limit=3, screener=bundled_screener).hits) <= 3


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\x00\x01\x02", "!!!", "x" * 10_000])
def test_bad_names_raise_input_error(bundled_screener: Screener, name: str) -> None:
    with pytest.raises(InputError):
        screen(name, screener=bundled_screener)


@pytest.mark.parametrize("country", ["China", "ZZ", "1", "CHN"])
def test_bad_country_raises_country_code_error(bundled_screener: Screener, country: str) -> None:
    with pytest.raises(CountryCodeError):
        screen("Huawei", country, screener=bundled_screener)


@pytest.mark.parametrize(("threshold", "limit"), [(1.5, 20), (-0.1, 20), (0.8, 0), (0.8, 10_000)])
def test_bad_options_raise_input_error(bundled_screener: Screener, threshold: float, limit: int) -> None:
    with pytest.raises(InputError):
        screen("Huawei", threshold=threshold, limit=limit, screener=bundled_screener)


@pytest.mark.parametrize(
    "name",
    ["Huawei\x00Technologies", "华为 Technologies 有限公司", "Хуавей Technologies", "ＨＵＡＷＥＩ",
     "Huawei Technologies Co., Ltd." * 30, "🙂 Huawei 🙂", "(((x", "Co., Ltd."],
)
def test_odd_but_valid_names_never_crash(bundled_screener: Screener, name: str) -> None:
    result = screen(name, include_all=True, screener=bundled_screener)
    assert all(0.0 <= h.score <= 1.0 for h in result.hits)


def test_control_characters_are_ignored(bundled_screener: Screener) -> None:
    hit = _top(screen("Huawei\x00 Technologies\u200b Co., Ltd.", screener=bundled_screener))
    assert hit.score == 1.0


def test_module_level_screen_uses_default_screener(default_screener: Screener) -> None:
    result = screen("Huawei Technologies Co Ltd")
    assert result.snapshot["id"] == default_screener.snapshot.snapshot_id
