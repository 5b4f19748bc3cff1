"""Turning engine results into what the pages show: labels, verdicts, reasons, citations and hits.

Tolerant of shape: it reads the documented keys and falls back to showing the raw values.
"""

from __future__ import annotations

from typing import Any

__all__ = ["citations_of", "hit_rows", "reasons_of", "status_label", "test_rows", "verdict_of"]


def status_label(status: Any) -> str:
    text = str(status or "unknown").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def verdict_of(determination: dict[str, Any]) -> tuple[str, str]:
    """(text, css class) of a determination's verdict."""
    required = determination.get("license_required")
    if required is True:
        return "Licence required", "bad"
    if required is False:
        return "No licence required", "good"
    return status_label(determination.get("outcome") or "undetermined"), "warn"


def _text(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("text", "message", "reason", "summary", "title", "description"):
            if value.get(key):
                return str(value[key])
        return ", ".join(f"{k}: {v}" for k, v in value.items() if not isinstance(v, (dict, list)))
    return str(value)


def _citation_text(value: Any) -> tuple[str, str | None]:
    if isinstance(value, dict):
        parts = [str(value[key]) for key in ("citation", "title", "id") if value.get(key)]
        return " — ".join(dict.fromkeys(parts)) or _text(value), value.get("link") or value.get("url")
    return str(value), None


def reasons_of(determination: dict[str, Any]) -> list[dict[str, str | None]]:
    """Each reason as "title: explanation" with its citation."""
    rows = []
    for reason in determination.get("reasons") or []:
        if not isinstance(reason, dict):
            rows.append({"text": str(reason), "citation": None})
            continue
        title, explanation = reason.get("title"), reason.get("explanation")
        text = f"{title}: {explanation}" if title and explanation else _text(reason)
        citation = reason.get("citation")
        if isinstance(citation, list):
            citation = "; ".join(str(c) for c in citation)
        rows.append({"text": text, "citation": str(citation) if citation else None})
    return rows


def citations_of(determination: dict[str, Any], instruments: dict[str, dict[str, Any]] | None = None) -> list[dict[str, str | None]]:
    """Every citation of the reasons (and review policy), with a Federal Register link where the instrument has one."""
    found: dict[str, str | None] = {}
    instruments = instruments or {}
    sources = list(determination.get("reasons") or [])
    policy = determination.get("review_policy")
    if isinstance(policy, dict):
        sources.append(policy)
    for reason in sources:
        if not isinstance(reason, dict):
            continue
        cited = reason.get("citations") or ([reason["citation"]] if reason.get("citation") else [])
        links = [instruments.get(str(i), {}).get("link") for i in reason.get("instruments") or []]
        for index, text in enumerate(cited if isinstance(cited, list) else [cited]):
            link = links[index] if index < len(links) else (links[0] if len(links) == 1 else None)
            if str(text) not in found:
                found[str(text)] = link if isinstance(link, str) else None
    return [{"text": text, "link": link} for text, link in found.items()]


_METRIC_NAMES = {"total_processing_performance": "TPP", "performance_density": "performance density"}


def test_rows(classification: dict[str, Any]) -> list[dict[str, str]]:
    """One row per test: paragraph, whether it is met, and the comparison with its citation."""
    rows = []
    for test in classification.get("tests") or []:
        if not isinstance(test, dict):
            rows.append({"name": str(test), "result": "", "detail": ""})
            continue
        met = test.get("met")
        value = test.get("value")
        shown = f"{value:,.4g}" if isinstance(value, float) else str(value)
        metric = _METRIC_NAMES.get(str(test.get("metric")), str(test.get("metric") or ""))
        rows.append({
            "name": str(test.get("paragraph") or test.get("criterion") or ""),
            "result": "met" if met is True else ("not met" if met is False else "unknown"),
            "detail": f"{metric} {shown} {test.get('op', '')} {test.get('threshold', '')} — {test.get('citation', '')}",
        })
    return rows


def _explanation_lines(explanation: Any) -> list[str]:
    """Readable lines from a hit's explanation ``{feature: {score, detail}}``."""
    if isinstance(explanation, str):
        return [explanation]
    if isinstance(explanation, list):
        return [_text(line) for line in explanation]
    if not isinstance(explanation, dict):
        return []
    lines = []
    for feature, part in explanation.items():
        if not isinstance(part, dict):
            lines.append(f"{feature}: {part}")
            continue
        detail = part.get("detail")
        score = part.get("score")
        shown = f"{score:+.2f}" if isinstance(score, (int, float)) and feature != "name" else (
            f"{score:.2f}" if isinstance(score, (int, float)) else "")
        if isinstance(detail, dict):
            origin = f" (read as {detail['query_origin']})" if detail.get("query_origin") else ""
            text = (f"{detail.get('method', '')} match of “{detail.get('query_reading', '')}”{origin} "
                    f"with “{detail.get('matched_reading', '')}”")
        else:
            text = str(detail or "")
        lines.append(f"{feature.replace('_', ' ')} {shown}: {text}".strip())
    return lines


def hit_rows(screening: dict[str, Any]) -> list[dict[str, Any]]:
    """Each hit with the list it is on, the licence terms, and why it matched."""
    rows = []
    for hit in screening.get("hits") or []:
        if not isinstance(hit, dict):
            rows.append({"name": str(hit), "score": "", "lists": "", "terms": "", "link": None, "explanation": []})
            continue
        listed = " · ".join(str(part) for part in (hit.get("list"), hit.get("entity_number")) if part)
        countries = ", ".join(hit.get("countries") or [])
        policy = hit.get("license_policy_normalised") or hit.get("license_policy")
        terms = " · ".join(str(part).replace("_", " ") for part in (hit.get("license_requirement"), policy) if part)
        score = hit.get("score")
        rows.append({
            "name": str(hit.get("name") or hit.get("caption") or hit.get("id") or ""),
            "matched_name": hit.get("matched_name") if hit.get("matched_name") != hit.get("name") else None,
            "score": f"{score:.2f}" if isinstance(score, (int, float)) else str(score or ""),
            "lists": listed + (f" · {countries}" if countries else ""),
            "terms": terms,
            "link": hit.get("source_url") if str(hit.get("source_url") or "").startswith("https://") else None,
            "explanation": _explanation_lines(hit.get("explanation")),
        })
    return rows
