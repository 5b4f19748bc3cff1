"""Normalisation of the Entity List licence requirement / policy texts into enums and footnote designations."""

from __future__ import annotations

import pytest

from chipcontrols.screening.licence_terms import (
    normalise_licence_policy,
    normalise_licence_requirement,
    normalise_licence_terms,
)
from chipcontrols.screening.store import load_bundled_snapshot


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Presumption of denial.", "presumption_of_denial"),
        ("Presumption of Denial", "presumption_of_denial"),
        ("Presumption for denial", "presumption_of_denial"),
        ("Policy of denial. See §§ 746.8(b) and 744.21(e)", "policy_of_denial"),
        ("Case-by-case basis.", "case_by_case"),
        ("Case-by-Case review for licenses for the safety of civil aviation of aircraft.", "case_by_case"),
        ("Presumption of approval for EAR99 items", "presumption_of_approval"),
        ("See §744.2(d) of the EAR", "see_section"),
        ("See §§ 744.2(d), 744.3(d), and 744.4(d) of this part.", "see_section"),
        ("", "none"),
        ("For all items subject to the EAR. (See § 744.11 of the EAR)", "unknown"),
        (
            "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995; casa-by-case review for items necessary to "
            "detect, identify and treat infectious disease; and presumption of denial for all other items",
            "presumption_of_denial",
        ),
        ("Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items.", "case_by_case"),
    ],
)
def test_policy_spellings_normalise_to_one_enum(text: str, policy: str) -> None:
    assert normalise_licence_policy(text)[0] == policy


def test_mixed_policy_lists_every_component() -> None:
    primary, components, sections = normalise_licence_policy(
        "Policy of denial for all items subject to the EAR apart from food and medicine designated as EAR99, "
        "which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e)."
    )
    assert primary == "policy_of_denial"
    assert components == ("policy_of_denial", "case_by_case")
    assert sections == ("746.8(b)", "744.21(e)")


@pytest.mark.parametrize(
    ("text", "scope", "exclusions", "end_use"),
    [
        ("For all items subject to the EAR. (See §744.11 of the EAR).", "all_items_subject_to_ear", False, False),
        ("All Items Subject to the EAR", "all_items_subject_to_ear", False, False),
        (
            "All items subject to the EAR except for: crude oil, condensates ...",
            "all_items_subject_to_ear",
            True,
            False,
        ),
        (
            "For all items subject to the EAR when used in projects specified in § 746.8(a)(4) of the EAR",
            "all_items_subject_to_ear",
            False,
            True,
        ),
        ("For any item subject to the EAR listed in supplement no. 2 to part 744.", "specified_items", False, False),
        ("For items on the CCL and EAR99 items listed in supplement no. 7 to part 746", "specified_items", False, False),
        ("", "none", False, False),
        ("Something else entirely", "unknown", False, False),
    ],
)
def test_requirement_scope(text: str, scope: str, exclusions: bool, end_use: bool) -> None:
    assert normalise_licence_requirement(text) == (scope, exclusions, end_use)


@pytest.mark.parametrize(
    ("text", "footnotes", "fdp"),
    [
        # Huawei: footnote 1 glued to the FDP paragraph, footnote 2 glued to "EAR".
        ("For all items subject to the EAR, see §§ 734.9(e)1 and 744.11 of the EAR2", (1, 2), (1,)),
        ("For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR 2", (1, 2), (1,)),
        ("For All Items Subject to the EAR (See §734.9(e)1, and §744.11 of the EAR)2.", (1, 2), (1,)),
        # Advanced computing (footnote 4), with and without the marker.
        ("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)4", (4,), (4,)),
        ("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR) 4", (4,), (4,)),
        ("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)", (4,), (4,)),
        ("For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4", (4,), (4,)),
        ("For All Items Subject to the EAR (See §734.9(e), and 744.11 of the EAR)4.", (4,), (4,)),
        # Footnote 5 (Dec 2024).
        ("For all items subject to the EAR. (See §§734.4(a)(9), 734.9(e)(3), and 744.11 of the EAR)5", (5,), (5,)),
        # Russia/Belarus military end users (footnote 3), every spelling of the marker.
        ("For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", (3,), (3,)),
        ("For all items subject to the EAR. (See §§ 734.9(g), 3 746.8(a)(3), and 744.21(b) of the EAR.)", (3,), (3,)),
        ("For all items subject to the EAR (See §§734.9(g)3, 746.8(a)(3), and 744.2l(b) of the EAR)", (3,), (3,)),
        ("For all items subject to the EAR (See §§ 734.9(g), 746.8(a)(3), and 744.21(b) of the EAR)", (3,), (3,)),
        # No FDP designation; "EAR99" and section numbers are not footnotes.
        ("For all items subject to the EAR. (See §744.11 of the EAR).", (), ()),
        ("For items on the CCL and EAR99 items listed in supplement no. 7 to part 746 of the EAR.", (), ()),
        # A bare 734.9(e) without a marker: cited, but no footnote is guessed.
        ("For all items subject to the EAR. (See §734.9(e) and §744.11 of the EAR)", (), ()),
    ],
)
def test_footnotes(text: str, footnotes: tuple[int, ...], fdp: tuple[int, ...]) -> None:
    terms = normalise_licence_terms(text, "Presumption of denial")
    assert terms.footnotes == footnotes
    assert terms.fdp_footnotes == fdp


def test_license_exception_gov_flag() -> None:
    terms = normalise_licence_terms(
        "For all items subject to the EAR. (See § 744.11 of the EAR). This license requirement may be overcome by "
        "License Exception GOV under § 740.11(b)(2) and (e).",
        "Presumption of denial.",
    )
    assert terms.license_exception_gov


def test_every_entity_list_row_of_the_bundled_list_normalises() -> None:
    snapshot = load_bundled_snapshot()
    entity_list = [e for e in snapshot.entries if e.list_code == "EL"]
    assert len(entity_list) == 3420
    assert all(e.licence_terms.requirement_scope != "unknown" for e in entity_list)
    policies = {e.licence_terms.policy for e in entity_list}
    assert "presumption_of_denial" in policies and "case_by_case" in policies
    assert all(e.licence_terms.policy != "none" for e in entity_list)
    huawei = [e for e in entity_list if e.name == "Huawei Technologies Co., Ltd. (Huawei)"]
    assert huawei and huawei[0].licence_terms.fdp_footnotes == (1,)
