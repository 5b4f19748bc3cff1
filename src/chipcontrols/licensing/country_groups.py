"""Country groups of Supplement No. 1 to 15 CFR part 740 on a given date, from country_groups.yaml.

Membership on a date is the baseline plus every dated change effective on or before it. D:5 has two
layers: the printed table and the State Department's arms-embargo list (the note to D:5 makes State's list
controlling); the controlling layer is used for decisions and a warning is raised where the two differ.
Hong Kong is read as China for every group test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.licensing.ruledata import CountryGroupsFile

__all__ = ["CountryGroups", "GroupMembership"]


_WARNINGS_CACHE_SIZE = 65_536


@dataclass(frozen=True)
class GroupMembership:
    """One country's place in one group on a date, with what it rests on."""

    group: str
    member: bool
    citations: tuple[str, ...]
    confidence: str


@dataclass
class CountryGroups:
    """Dated country-group membership read from the rule data."""

    data: CountryGroupsFile
    _cache: dict[tuple[str, dt.date, str], frozenset[str]] = field(default_factory=dict, repr=False)
    _warnings_cache: dict[tuple[str, dt.date, frozenset[str]], tuple[str, ...]] = field(
        default_factory=dict, repr=False
    )

    def group_names(self) -> list[str]:
        return sorted(self.data.groups)

    def layer_for(self, group: str) -> str:
        return self.data.controlling_layer.get(group, "table")

    def members(self, group: str, on: dt.date, layer: str | None = None) -> frozenset[str]:
        """The members of ``group`` on ``on`` (controlling layer unless ``layer`` is given)."""
        if group not in self.data.groups:
            raise KeyError(f"unknown country group {group!r}")
        layer = layer or self.layer_for(group)
        key = (group, on, layer)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        members = set(self.data.groups[group].members)
        for change in sorted(self.data.changes, key=lambda c: c.effective):
            if change.group != group or change.effective > on:
                continue
            if change.layer == "state" and layer != "state":
                continue
            members |= set(change.add)
            members -= set(change.remove)
        result = frozenset(members)
        self._cache[key] = result
        return result

    def lookup_code(self, country: str, on: dt.date) -> str:
        """The code used for group tests: Hong Kong reads as China from the date the EAR say so."""
        treated = self.data.treated_as.get(country)
        if treated is not None and treated.effective <= on:
            return treated.as_
        return country

    def in_group(self, country: str, group: str, on: dt.date) -> bool:
        return self.lookup_code(country, on) in self.members(group, on)

    def in_places(self, country: str, places: Mapping[str, Any], on: dt.date) -> bool:
        """Whether ``country`` is in a PLACES set (groups / except_groups / countries) on ``on``."""
        code = self.lookup_code(country, on)
        listed = set(places.get("countries", ()))
        inside = country in listed or code in listed
        if not inside:
            inside = any(code in self.members(group, on) for group in places.get("groups", ()))
        if inside and any(code in self.members(group, on) for group in places.get("except_groups", ())):
            return False
        return inside

    def groups_of(self, country: str, on: dt.date) -> list[str]:
        code = self.lookup_code(country, on)
        return [group for group in self.group_names() if code in self.members(group, on)]

    def membership(self, country: str, group: str, on: dt.date) -> GroupMembership:
        """Membership with the instruments of the changes that touched this country up to the date."""
        code = self.lookup_code(country, on)
        baseline = self.data.groups[group]
        citations = [baseline.cfr]
        confidence = baseline.confidence
        for change in sorted(self.data.changes, key=lambda c: c.effective):
            if change.group == group and change.effective <= on and code in (*change.add, *change.remove):
                citations.append(change.instrument)
                confidence = change.confidence
        return GroupMembership(group, code in self.members(group, on), tuple(citations), confidence)

    def warnings_for(self, country: str, on: dt.date, groups_used: frozenset[str] = frozenset()) -> list[str]:
        """Warnings about this country's group data on the date (layer disagreement, low-confidence
        membership of a group the rules use, flags, Hong Kong read as China). Memoised (bounded)."""
        key = (country, on, groups_used)
        cached = self._warnings_cache.get(key)
        if cached is None:
            cached = tuple(self._warnings_for(country, on, groups_used))
            if len(self._warnings_cache) >= _WARNINGS_CACHE_SIZE:
                self._warnings_cache.pop(next(iter(self._warnings_cache)))
            self._warnings_cache[key] = cached
        return list(cached)

    def _warnings_for(self, country: str, on: dt.date, groups_used: frozenset[str]) -> list[str]:
        warnings: list[str] = []
        code = self.lookup_code(country, on)
        memberships = [self.membership(code, group, on) for group in sorted(groups_used & set(self.data.groups))]
        memberships = [m for m in memberships if m.member]
        if memberships and all(m.confidence in ("secondary", "unconfirmed") for m in memberships):
            for membership in memberships:
                warnings.append(
                    f"{code}'s membership of {membership.group} on {on.isoformat()} rests on "
                    f"{membership.confidence} data ({', '.join(membership.citations)}); confirm against "
                    "Supp. No. 1 to part 740."
                )
        if code != country:
            treated = self.data.treated_as[country]
            warnings.append(f"{country} is read as {code} for country-group tests ({treated.note or treated.instrument}).")
        for group, layer in sorted(self.data.controlling_layer.items()):
            table = code in self.members(group, on, "table")
            state = code in self.members(group, on, "state")
            if table != state:
                used = state if layer == "state" else table
                warnings.append(
                    f"{code}: the printed {group} table and the State Department's arms-embargo list differ on "
                    f"{on.isoformat()} (table: {'member' if table else 'not a member'}, State: "
                    f"{'member' if state else 'not a member'}); the {layer} list is treated as controlling "
                    f"({self.data.d5_note.cfr}), so {code} is {'in' if used else 'not in'} {group} here."
                )
        flag = self.data.flags.get(code)
        if flag is not None and code != "MO":
            warnings.append(f"{code}: {flag.warning}")
        uncertain: dict[tuple[dt.date, str], list[str]] = {}
        for change in self.data.changes:
            if (
                code in (*change.add, *change.remove)
                and change.date_confidence in ("secondary", "unconfirmed")
                and (not groups_used or change.group in groups_used)
                and abs((change.effective - on).days) <= 31
            ):
                uncertain.setdefault((change.effective, change.instrument), []).append(change.group)
        for (effective, instrument), changed in sorted(uncertain.items()):
            warnings.append(
                f"{code}: its {', '.join(sorted(changed))} change dated {effective.isoformat()} ({instrument}) has an "
                "uncertain effective date; answers near that date may differ."
            )
        return warnings
