"""Normalisation of the Entity List's free-text licence requirement and licence review policy.

The published columns have dozens of spellings for the same legal effect ("Presumption of denial" /
"Presumption of denial." / "Presumption for denial"; "For all items subject to the EAR. (See §§ 734.9(e) and 744.11
of the EAR)4" with the footnote marker glued to the text). We never string-match them downstream: this module turns
them into enums plus the footnote designations, and keeps the raw text for audit.

Policy (``LicencePolicy``): the review policy applying to the bulk of items. When a text combines policies
("Case-by-case review for ECCNs ...; presumption of denial for all other items"), the primary policy is the most
restrictive one stated for "all other items", and every policy mentioned is listed in ``policy_components``.

Requirement scope (``RequirementScope``): ``all_items_subject_to_ear`` (possibly with stated exclusions or an
end-use condition, flagged separately), ``items_on_ccl`` or ``specified_items`` (a supplement or ECCN list), else
``unknown``.

Footnotes: Supplement No. 4 to Part 744 marks entries with footnote numbers. Foreign-direct-product (FDP)
designations are: 1 = §734.9(e)(1) (Huawei), 3 = §734.9(g) (Russia/Belarus military end users),
4 = §734.9(e)(2) (advanced computing / supercomputer), 5 = §734.9(e)(3) with §734.4(a)(9) (Dec 2024 SME rule).
A marker is read from the digit glued after "734.9(e)"/"734.9(g)" or after "of the EAR"; when the number is missing
but the FDP paragraph is cited precisely (e.g. "734.9(e)(2)", "734.9(g)"), the footnote is inferred from the
paragraph. A bare "734.9(e)" without a marker is kept in ``fdp_sections`` but adds no footnote.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "FDP_FOOTNOTES",
    "LicencePolicy",
    "LicenceTerms",
    "RequirementScope",
    "normalise_licence_policy",
    "normalise_licence_requirement",
    "normalise_licence_terms",
]


class LicencePolicy(StrEnum):
    POLICY_OF_DENIAL = "policy_of_denial"
    PRESUMPTION_OF_DENIAL = "presumption_of_denial"
    CASE_BY_CASE = "case_by_case"
    PRESUMPTION_OF_APPROVAL = "presumption_of_approval"
    SEE_SECTION = "see_section"
    NONE = "none"
    UNKNOWN = "unknown"


class RequirementScope(StrEnum):
    ALL_ITEMS_SUBJECT_TO_EAR = "all_items_subject_to_ear"
    ITEMS_ON_CCL = "items_on_ccl"
    SPECIFIED_ITEMS = "specified_items"
    NONE = "none"
    UNKNOWN = "unknown"


# Footnote number -> FDP paragraph it designates.
FDP_FOOTNOTES: dict[int, str] = {1: "734.9(e)(1)", 3: "734.9(g)", 4: "734.9(e)(2)", 5: "734.9(e)(3)"}
_FOOTNOTE_FROM_SECTION: dict[str, int] = {"734.9(e)(1)": 1, "734.9(g)": 3, "734.9(e)(2)": 4, "734.9(e)(3)": 5}

_SECTION = re.compile(r"(\d{3}\.\d+)\s?((?:\([a-z0-9]{1,4}\))*)", re.IGNORECASE)
# "734.9(e)1", "734.9(e) 1", "734.9(g),3", "734.9(g), 3" (the glued digit is the footnote marker).
_FDP_MARKER = re.compile(r"734\.9\s?\(([eg])\)((?:\(\d\))?)\s?,?\s?(\d)(?!\d|\.\d|\()")
# "of the EAR)4", "of the EAR 2", "of the EAR2", "EAR)5."
_EAR_MARKER = re.compile(r"EAR\.?\)?\s?(\d)(?!\d|\.\d|\()")
_FDP_SECTION = re.compile(r"734\.9\s?\(([eg])\)((?:\(\d\))?)")


def _fold(text: str) -> str:
    text = text.lower().replace("‑", "-").replace("–", "-")
    text = re.sub(r"\s+", " ", text)
    return text


@dataclass(frozen=True, slots=True)
class LicenceTerms:
    """Normalised licence requirement and review policy of one list entry."""

    requirement_scope: str
    requirement_has_exclusions: bool
    requirement_end_use_condition: bool
    policy: str
    policy_components: tuple[str, ...]
    policy_sections: tuple[str, ...]
    footnotes: tuple[int, ...]
    fdp_footnotes: tuple[int, ...]
    fdp_sections: tuple[str, ...]
    license_exception_gov: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirement_scope": self.requirement_scope,
            "requirement_has_exclusions": self.requirement_has_exclusions,
            "requirement_end_use_condition": self.requirement_end_use_condition,
            "policy": self.policy,
            "policy_components": list(self.policy_components),
            "policy_sections": list(self.policy_sections),
            "footnotes": list(self.footnotes),
            "fdp_footnotes": list(self.fdp_footnotes),
            "fdp_sections": list(self.fdp_sections),
            "license_exception_gov": self.license_exception_gov,
        }


def normalise_licence_requirement(text: str) -> tuple[str, bool, bool]:
    """(scope, has_exclusions, end_use_condition) for a License Requirement text."""
    folded = _fold(text).strip()
    if not folded:
        return RequirementScope.NONE.value, False, False
    has_exclusions = bool(re.search(r"\b(except|apart from)\b", folded))
    end_use = "when used in" in folded
    if re.search(r"\ball items subject to the ear\b", folded):
        return RequirementScope.ALL_ITEMS_SUBJECT_TO_EAR.value, has_exclusions, end_use
    if re.search(r"\bitems? on the ccl\b", folded) and "supplement" not in folded:
        return RequirementScope.ITEMS_ON_CCL.value, has_exclusions, end_use
    if re.search(r"\b(supplement|supp\.)\s?no\.?\s?\d|\beccns?\b|\blisted in\b", folded):
        return RequirementScope.SPECIFIED_ITEMS.value, has_exclusions, end_use
    return RequirementScope.UNKNOWN.value, has_exclusions, end_use


def normalise_licence_policy(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(primary policy, every policy mentioned, sections referred to) for a License Policy text."""
    folded = _fold(text).strip()
    if not folded:
        return LicencePolicy.NONE.value, (), ()
    components: list[str] = []
    if re.search(r"policy of denial", folded):
        components.append(LicencePolicy.POLICY_OF_DENIAL.value)
    if re.search(r"presumption (of|for) denial", folded):
        components.append(LicencePolicy.PRESUMPTION_OF_DENIAL.value)
    if re.search(r"ca[sz]a?e?[- ]by[- ]case", folded):
        components.append(LicencePolicy.CASE_BY_CASE.value)
    if re.search(r"presumption (of|for) approval", folded):
        components.append(LicencePolicy.PRESUMPTION_OF_APPROVAL.value)
    sections = tuple(dict.fromkeys(m.group(1) + m.group(2) for m in _SECTION.finditer(folded)))
    order = [p.value for p in LicencePolicy]
    components = sorted(set(components), key=order.index)
    if components:
        primary = components[0]
        # "Case-by-case for CCL items. Presumption of approval for EAR99" -> primary is case-by-case (first in
        # order of restriction), which components[0] already is.
        return primary, tuple(components), sections
    if re.match(r"(see|the license application procedure)", folded) and sections:
        return LicencePolicy.SEE_SECTION.value, (LicencePolicy.SEE_SECTION.value,), sections
    return LicencePolicy.UNKNOWN.value, (), sections


def _footnotes(requirement: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(footnote markers, FDP paragraphs cited) in a License Requirement text."""
    markers: set[int] = set()
    sections: list[str] = []
    for match in _FDP_SECTION.finditer(requirement):
        section = f"734.9({match.group(1)}){match.group(2)}"
        if section not in sections:
            sections.append(section)
        inferred = _FOOTNOTE_FROM_SECTION.get(section)
        if inferred is not None:
            markers.add(inferred)
    for match in _FDP_MARKER.finditer(requirement):
        markers.add(int(match.group(3)))
    for match in _EAR_MARKER.finditer(requirement):
        markers.add(int(match.group(1)))
    markers.discard(0)
    return tuple(sorted(markers)), tuple(sections)


@functools.lru_cache(maxsize=4096)
def normalise_licence_terms(requirement: str, policy: str) -> LicenceTerms:
    """Normalise both licence columns of one entry."""
    scope, exclusions, end_use = normalise_licence_requirement(requirement)
    primary, components, policy_sections = normalise_licence_policy(policy)
    footnotes, fdp_sections = _footnotes(requirement or "")
    fdp = tuple(n for n in footnotes if n in FDP_FOOTNOTES)
    return LicenceTerms(
        requirement_scope=scope,
        requirement_has_exclusions=exclusions,
        requirement_end_use_condition=end_use,
        policy=primary,
        policy_components=components,
        policy_sections=policy_sections,
        footnotes=footnotes,
        fdp_footnotes=fdp,
        fdp_sections=fdp_sections,
        license_exception_gov="license exception gov" in _fold(requirement or ""),
    )
