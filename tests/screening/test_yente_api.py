"""yente-compatible /match models and match()."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from chipcontrols.errors import CountryCodeError, InputError
from chipcontrols.screening.screener import Screener
from chipcontrols.screening.yente import MatchRequest, MatchResponse, match


def _request(*names: str, **props: list[str]) -> MatchRequest:
    return MatchRequest.model_validate(
        {"weights": {"name_match": 1.0}, "config": {},
         "queries": {"q1": {"schema": "Company", "properties": {"name": list(names), **props}}}}
    )


def test_match_shape(bundled_screener: Screener) -> None:
    response = match(_request("华为技术有限公司", "Huawei Technologies Co Ltd", country=["cn"]), "default",
                     screener=bundled_screener)
    data = response.model_dump(by_alias=True)
    assert data["limit"] == 5
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200 and q1["total"]["relation"] == "eq" and len(q1["results"]) <= 5
    top = q1["results"][0]
    assert {"id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen", "last_seen",
            "last_change", "score", "match", "explanations"} <= set(top)
    assert top["score"] == 1.0 and top["match"] and top["datasets"] == ["EL"]
    assert top["explanations"]["name"]["score"] == 1.0
    assert top["screening"]["license_policy_normalised"] == "presumption_of_denial"
    assert MatchResponse.model_validate(data) == response


def test_dataset_filter_and_threshold(bundled_screener: Screener) -> None:
    response = match(_request("Vladimir Putin"), "EL", screener=bundled_screener)
    assert all(r.datasets == ["EL"] for r in response.responses["q1"].results)
    sdn = match(_request("Vladimir Putin"), "us_ofac_sdn", threshold=0.99, limit=1, screener=bundled_screener)
    (result,) = sdn.responses["q1"].results
    assert result.datasets == ["SDN"] and result.match


def test_results_below_threshold_are_not_matches(bundled_screener: Screener) -> None:
    response = match(_request("Huawei"), "default", threshold=0.99, limit=20, screener=bundled_screener)
    results = response.responses["q1"].results
    assert results and all(r.match == (r.score >= 0.99) for r in results)
    assert all(r.score >= 0.5 for r in results)


def test_bad_requests() -> None:
    with pytest.raises(ValidationError):
        MatchRequest.model_validate({"queries": {"q1": {"schema": "Company", "properties": {"name": [" "]}}}})
    with pytest.raises(ValidationError):
        MatchRequest.model_validate({"queries": {}})


def test_bad_dataset_limit_country(bundled_screener: Screener) -> None:
    with pytest.raises(InputError, match="Unknown dataset"):
        match(_request("Huawei"), "nope", screener=bundled_screener)
    with pytest.raises(InputError, match="limit"):
        match(_request("Huawei"), "default", limit=0, screener=bundled_screener)
    with pytest.raises(CountryCodeError):
        match(_request("Huawei", country=["Chinaland"]), "default", screener=bundled_screener)
