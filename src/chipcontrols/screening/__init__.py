"""Restricted-party screening against the US Consolidated Screening List (Entity List, SDN, DPL, UVL, MEU ...).

    from chipcontrols.screening import screen
    result = screen("华为技术有限公司", "CN")
    for hit in result.hits:
        print(hit.list_code, hit.name, hit.score, hit.license_policy_normalised, hit.fdp_footnotes)

The active list is the last snapshot imported with ``chipcontrols lists update`` or, if none, the bundled one.
"""

from chipcontrols.screening.licence_terms import LicencePolicy, LicenceTerms, RequirementScope, normalise_licence_terms
from chipcontrols.screening.matcher import DEFAULT_THRESHOLD, MATCHER_VERSION, score_name_pair
from chipcontrols.screening.model import LIST_NAMES, ListEntry, ListSnapshot
from chipcontrols.screening.results import ScreeningHit, ScreeningResult
from chipcontrols.screening.screener import Screener, get_screener, reset_screener_cache, screen
from chipcontrols.screening.store import import_list, load_active_snapshot, load_bundled_snapshot

__all__ = [
    "DEFAULT_THRESHOLD",
    "LIST_NAMES",
    "MATCHER_VERSION",
    "LicencePolicy",
    "LicenceTerms",
    "ListEntry",
    "ListSnapshot",
    "RequirementScope",
    "Screener",
    "ScreeningHit",
    "ScreeningResult",
    "get_screener",
    "import_list",
    "load_active_snapshot",
    "load_bundled_snapshot",
    "normalise_licence_terms",
    "reset_screener_cache",
    "score_name_pair",
    "screen",
]
