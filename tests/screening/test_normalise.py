"""Each normalisation rule, on the readings (tokens, legal forms, origin) it produces."""

from __future__ import annotations

import pytest

from chipcontrols.screening.han import read_han
from chipcontrols.screening.normalise import analyse_name, fold_tokens, skeleton, strip_legal_forms


def readings(name: str) -> list[tuple[str, ...]]:
    return [key.tokens for key in analyse_name(name)]


def main(name: str):
    return analyse_name(name)[0]


def test_nfkc_fullwidth_and_ligatures() -> None:
    assert main("ＨＵＡＷＥＩ").tokens == ("huawei",)
    assert main("ﬁnance").tokens == ("finance",)


def test_control_and_zero_width_characters_removed() -> None:
    assert main("Hua\u200bwei\x00 Tech").tokens == main("Huawei Tech").tokens


def test_case_and_punctuation_folding() -> None:
    assert main("AT&T Inc.").tokens == ("at", "and", "t")
    assert main("Standard & Poor's").tokens == main("Standard and Poors").tokens
    assert main("HSBC Holdings p.l.c.").legal == frozenset({"plc"})
    assert main("U.S. Department of State").tokens[0] == "us"


def test_diacritics() -> None:
    assert main("Düsseldorf Trading GmbH").tokens == main("Dusseldorf Trading GmbH").tokens
    assert main("François Hollande").tokens == ("francois", "hollande")


@pytest.mark.parametrize(
    ("name", "legal"),
    [
        ("Huawei Technologies Co., Ltd.", {"ltd"}),
        ("Huawei Technologies Company Limited", {"ltd"}),
        ("Goldman Sachs & Co. LLC", {"co", "llc"}),
        ("Siemens Aktiengesellschaft", {"ag"}),
        ("Deutsche Bank GmbH", {"gmbh"}),
        ("OOO Romashka", {"ooo"}),
        ("Tactical Missiles Corporation Joint Stock Company", {"jsc", "corp"}),
        ("华为技术有限公司", {"ltd"}),
        ("海光信息技术股份有限公司", {"ltd"}),
        ("长江存储科技有限责任公司", {"ltd"}),
        ("Faberlic Europe Sp. z o.o.", {"spzoo"}),
        ("Beijing Zhongke Keji Youxian Gongsi", {"ltd"}),
    ],
)
def test_legal_forms_become_qualifiers(name: str, legal: set[str]) -> None:
    key = main(name)
    assert key.legal == frozenset(legal)
    assert not set(key.tokens) & {"co", "ltd", "limited", "llc", "gmbh", "ooo", "jsc", "gongsi", "youxian"}


def test_legal_form_alone_is_kept_as_a_name() -> None:
    assert strip_legal_forms(["company"]) == (["company"], set())
    assert main("Co., Ltd.").tokens == ("co",)


def test_han_through_pypinyin_phrase_readings() -> None:
    assert read_han("重庆").translated == ("chongqing",)  # polyphone 重 read "chong" in this phrase
    assert read_han("厦门").translated == ("xiamen",)
    assert read_han("华为技术有限公司").translated == ("huawei", "technology")
    assert read_han("华为技术有限公司").legal == frozenset({"ltd"})


def test_han_business_words_translated() -> None:
    assert main("中芯国际集成电路制造有限公司").tokens == (
        "semiconductor", "manufacturing", "international", "integrated", "circuit", "manufacturing",
    )
    assert ("haiguang", "information", "technology") in readings("海光信息技术股份有限公司")


def test_han_trade_names_have_english_and_pinyin_readings() -> None:
    assert readings("成都海光集成电路设计有限公司") == [
        ("chengdu", "hygon", "integrated", "circuit", "design"),
        ("chengdu", "haiguang", "integrated", "circuit", "design"),
    ]


def test_han_personal_names_split_surname() -> None:
    assert ("xi", "jinping") in readings("习近平")


def test_kanji_personal_names_get_a_japanese_reading() -> None:
    assert ("yamada", "tarou") in readings("山田太郎")


def test_city_prefix_and_bracketed_city_give_the_same_tokens() -> None:
    a = main("Beijing Moore Thread Intelligent Technology Co., Ltd.")
    b = main("Moore Thread Intelligent Technology (Beijing) Co., Ltd.")
    assert a.sorted_text == b.sorted_text and a.legal == b.legal
    assert "beijing" in a.places and "beijing" in b.places
    assert main("摩尔线程智能科技（北京）有限责任公司").places == frozenset({"beijing"})


def test_bracketed_country_and_unknown_city_are_qualifiers() -> None:
    assert main("Huawei Technologies (New Zealand) Company Limited").places == frozenset({"newzealand"})
    yangon = main("Huawei Technologies (Yangon) Co., Ltd.")
    assert "yangon" in yangon.places and yangon.tokens[:2] == ("huawei", "technology")


def test_bracketed_acronyms_and_short_forms_become_aliases() -> None:
    assert readings("Semiconductor Manufacturing International Corporation (SMIC)") == [
        ("semiconductor", "manufacturing", "international"), ("smic",),
    ]
    assert ("huawei",) in readings("Huawei Technologies Co., Ltd. (Huawei)")
    assert ("cetc", "13") in readings("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)")


def test_acronyms_computed_for_long_names() -> None:
    key = main("Semiconductor Manufacturing International Corporation")
    assert key.acronym == "smi" and key.acronym_legal == "smic"
    assert main("Yangtze Memory Technologies Co., Ltd.").acronym_legal == "ymtc"


def test_spelling_variants() -> None:
    assert fold_tokens("Semiconductor Mfg Intl Technologies") == [
        "semiconductor", "manufacturing", "international", "technology",
    ]
    assert fold_tokens("13th Institute") == ["13", "institute"]


def test_cyrillic_and_greek_to_latin() -> None:
    assert main("Владимир Путин").tokens == ("vladimir", "putin")
    assert main("Владимир Путин").origin == "script"
    assert main("Νικόλαος").tokens == ("nikolaos",)


def test_abjad_scripts_compare_on_skeletons() -> None:
    key = main("محمد علي")
    assert key.skeletal and skeleton("mohamed") == skeleton(key.tokens[0]) == "mhmd"


def test_hangul_syllables_and_surnames() -> None:
    assert main("김정은").tokens == ("kim", "jong", "un")
    assert main("이민호").tokens == ("lee", "min", "ho")


def test_list_boilerplate_removed() -> None:
    assert main("Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof").tokens == (
        "sinobright", "import", "and", "export",
    )


@pytest.mark.parametrize("name", ["", "   ", "!!!", "\x00\x01", "()"])
def test_nothing_to_read(name: str) -> None:
    assert analyse_name(name) == ()
