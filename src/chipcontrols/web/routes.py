"""The web app's pages: sign in with a key (kept in an HttpOnly, SameSite=Strict cookie), then classify,
check, screen, run order books, see impact, the rules timeline and the audit log.

Pages answer through the same engine adapters and the same audit log as the API.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from chipcontrols.api import engine
from chipcontrols.api.analysis import design_envelope, impact_over_time, is_controlled
from chipcontrols.api.auth import COOKIE_NAME, Principal, context_of, principal_from_request
from chipcontrols.api.routes.questions import audit_answer
from chipcontrols.catalog import load_catalog
from chipcontrols.errors import ChipControlsError
from chipcontrols.store.keys import role_allows
from chipcontrols.web import charts
from chipcontrols.web.present import citations_of, hit_rows, reasons_of, status_label, test_rows, verdict_of

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
templates.env.autoescape = True


def _page(request: Request, name: str, principal: Principal | None, status_code: int = 200, **values: Any) -> HTMLResponse:
    values.setdefault("active", request.url.path)
    return templates.TemplateResponse(
        request, name, {"principal": principal, "versions": context_of(request).versions(), **values},
        status_code=status_code,
    )


def _signed_in(request: Request, role: str) -> Principal | Response:
    principal = principal_from_request(request)
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    if not role_allows(principal.role, role):
        return _page(request, "message.html", principal, status_code=403, heading="Not allowed",
                     message=f"This page needs the {role} role; your key has the {principal.role} role.")
    request.state.principal = principal
    return principal


def _error_message(error: Exception) -> str:
    if isinstance(error, ChipControlsError):
        return error.message
    errors = getattr(error, "errors", None)
    if callable(errors):
        return "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors()[:5])
    return f"Could not process the request ({type(error).__name__})."


def _pretty(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _page(request, "login.html", None)


@router.post("/login", response_model=None)
def login(request: Request, key: str = Form(default="", max_length=300)) -> Response:
    info = context_of(request).keys.authenticate(key.strip())
    if info is None:
        return _page(request, "login.html", None, status_code=401, error="That key is not valid (or was revoked).")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE_NAME, key.strip(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", max_age=12 * 3600)
    return response


@router.get("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/", response_class=HTMLResponse, response_model=None)
def home(request: Request) -> Response:
    principal = _signed_in(request, "viewer")
    if isinstance(principal, Response):
        return principal
    return _page(request, "home.html", principal)


@lru_cache(maxsize=64)
def _catalogue_points(as_of: dt.date) -> tuple[tuple[str, float, float, bool], ...]:
    points = []
    for chip in load_catalog():
        try:
            data = engine.classify_item(chip.id, as_of)
        except ChipControlsError:
            continue
        tpp, density = _metric(data, "tpp"), _metric(data, "performance_density")
        if tpp and density:
            points.append((chip.name, tpp, density, is_controlled(data)))
    return tuple(points)


def _metric(data: dict[str, Any], name: str) -> float | None:
    value = (data.get("metrics") or {}).get(name)
    if isinstance(value, dict):
        value = value.get("value")
    return float(value) if isinstance(value, (int, float)) else None


_AXES = {"total_processing_performance": "x", "tpp": "x", "performance_density": "y"}


def thresholds_of(data: dict[str, Any]) -> list[charts.Threshold]:
    """Threshold lines for the chart, from the classification's tests (TPP on x, density on y)."""
    labels: dict[tuple[str, float], list[str]] = {}
    for test in data.get("tests") or []:
        axis = _AXES.get(str(test.get("metric")))
        threshold = test.get("threshold")
        if axis and isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
            names = labels.setdefault((axis, float(threshold)), [])
            paragraph = str(test.get("paragraph") or "")
            if paragraph not in names:
                names.append(paragraph)
    return [charts.Threshold(axis, value, f"{value:g} ({', '.join(names[:2])})") for (axis, value), names in labels.items()]


@router.get("/classify", response_class=HTMLResponse, response_model=None)
def classify_page(request: Request) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    return _page(request, "classify.html", principal, chips=list(load_catalog()),
                 form={"as_of": dt.date.today().isoformat(), "market": "datacenter", "precision": "fp8"})


@router.post("/classify", response_class=HTMLResponse, response_model=None)
def classify_submit(
    request: Request,
    chip: str = Form(default="", max_length=200),
    as_of: str = Form(default="", max_length=20),
    name: str = Form(default="", max_length=200),
    market: str = Form(default="datacenter", max_length=20),
    precision: str = Form(default="fp8", max_length=10),
    dense_tops: str = Form(default="", max_length=40),
    die_area_mm2: str = Form(default="", max_length=40),
) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    form = {"chip": chip, "as_of": as_of, "name": name, "market": market, "precision": precision,
            "dense_tops": dense_tops, "die_area_mm2": die_area_mm2}
    values: dict[str, Any] = {"chips": list(load_catalog()), "form": form}
    try:
        from chipcontrols.dates import parse_date

        day = parse_date(as_of or None, field="as_of")
        if chip:
            item: str | dict[str, Any] = chip
            item_label = load_catalog().get(chip).name
        else:
            if not (name and dense_tops and die_area_mm2):
                raise_input("Pick a catalogue chip, or give a name, a dense peak and a die area.")
            item = {"name": name, "market": market, "dense_peak": {precision: dense_tops}, "die_area_mm2": die_area_mm2}
            item_label = name
        result = engine.classify_item(item, day)
        seq = audit_answer(context_of(request), principal, "classification",
                           {"chip": chip} if chip else {"spec": item, "as_of": day.isoformat()}, result)
    except Exception as error:  # noqa: BLE001 - shown on the page
        if not isinstance(error, (ChipControlsError, ValueError)):
            raise
        return _page(request, "classify.html", principal, status_code=422, error=_error_message(error), **values)
    tpp, density = _metric(result, "tpp"), _metric(result, "performance_density")
    points = [charts.Point(x, y, name, controlled=c) for name, x, y, c in _catalogue_points(day) if name != item_label]
    if tpp and density:
        points.append(charts.Point(tpp, density, item_label, highlight=True))
    chart = charts.density_chart(points, thresholds_of(result), f"{item_label} against the thresholds of {day}")
    return _page(
        request, "classify.html", principal, result=result, item_label=item_label, audit_seq=seq,
        status_label=status_label(result.get("status")), controlled=is_controlled(result), chart=chart,
        tpp_text=f"{tpp:,.0f}" if tpp is not None else "unknown",
        pd_text=f"{density:.2f}" if density is not None else "unknown (die area not known)",
        tests=test_rows(result), result_json=_pretty(result), **values,
    )


def raise_input(message: str) -> None:
    from chipcontrols.errors import InputError

    raise InputError(message)


END_USES = ("datacenter", "supercomputer", "advanced_ic_production", "military", "other", "unknown")


def shipment_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The shipment JSON of ``chipcontrols check`` built from the check page's fields."""
    country = form["country"].strip().upper()
    end_user: dict[str, Any] = {"name": form["customer"].strip() or "Unnamed customer", "country": country}
    if form["headquarters"].strip():
        end_user["headquarters"] = form["headquarters"].strip().upper()
    shipment: dict[str, Any] = {
        "item": {"chip": form["item"]},
        "quantity": int(form["quantity"] or 1),
        "destination": (form["destination"].strip() or country).upper(),
        "end_user": end_user,
        "end_use": form["end_use"] if form["end_use"] in END_USES else "unknown",
    }
    if form["exporter"].strip():
        shipment["exporter"] = form["exporter"].strip()
    if form["ship_date"]:
        shipment["as_of"] = form["ship_date"]
    return shipment


def _check_form(**values: str) -> dict[str, str]:
    form = {"item": "", "quantity": "1", "ship_date": dt.date.today().isoformat(), "customer": "", "country": "",
            "destination": "", "headquarters": "", "end_use": "unknown", "exporter": ""}
    form.update(values)
    return form


@router.get("/check", response_class=HTMLResponse, response_model=None)
def check_page(request: Request) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    return _page(request, "check.html", principal, chips=list(load_catalog()), end_uses=END_USES, form=_check_form())


@router.post("/check", response_class=HTMLResponse, response_model=None)
def check_submit(
    request: Request,
    item: str = Form(default="", max_length=200),
    quantity: str = Form(default="1", max_length=12),
    ship_date: str = Form(default="", max_length=20),
    customer: str = Form(default="", max_length=500),
    country: str = Form(default="", max_length=2),
    destination: str = Form(default="", max_length=2),
    headquarters: str = Form(default="", max_length=2),
    end_use: str = Form(default="unknown", max_length=40),
    exporter: str = Form(default="", max_length=500),
) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    form = _check_form(item=item, quantity=quantity, ship_date=ship_date, customer=customer, country=country,
                       destination=destination, headquarters=headquarters, end_use=end_use, exporter=exporter)
    values: dict[str, Any] = {"chips": list(load_catalog()), "form": form, "end_uses": END_USES}
    try:
        if not quantity.strip().isdigit():
            raise_input("Quantity must be a whole number.")
        if not (country.strip() or destination.strip()):
            raise_input("Give the destination country (or the customer's country).")
        shipment = shipment_from_form(form)
        result = engine.check_shipment(shipment)
        seq = audit_answer(context_of(request), principal, "determination", shipment, result)
    except Exception as error:  # noqa: BLE001 - shown on the page
        if not isinstance(error, (ChipControlsError, ValueError)):
            raise
        return _page(request, "check.html", principal, status_code=422, error=_error_message(error), **values)
    verdict, verdict_class = verdict_of(result)
    policy = result.get("review_policy")
    try:
        instruments = {row["id"]: row for row in engine.instruments()}
    except ChipControlsError:
        instruments = {}
    return _page(request, "check.html", principal, result=result, verdict=verdict, verdict_class=verdict_class,
                 reasons=reasons_of(result), citations=citations_of(result, instruments), audit_seq=seq,
                 review_policy=_policy_text(policy),
                 warnings=[str(w.get("message", w)) if isinstance(w, dict) else str(w) for w in result.get("warnings") or []],
                 result_json=_pretty(result), **values)


def _policy_text(policy: Any) -> str:
    if isinstance(policy, dict):
        parts = [str(policy[key]).replace("_", " ") if key == "policy" else str(policy[key])
                 for key in ("policy", "title", "text", "explanation", "citation") if policy.get(key)]
        return " — ".join(parts) or _pretty(policy)
    return "" if policy is None else str(policy)


@router.get("/screen", response_class=HTMLResponse, response_model=None)
def screen_page(request: Request) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    return _page(request, "screen.html", principal, form={"name": "", "country": ""}, result=None)


@router.post("/screen", response_class=HTMLResponse, response_model=None)
def screen_submit(request: Request, name: str = Form(default="", max_length=500),
                  country: str = Form(default="", max_length=2)) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    form = {"name": name, "country": country}
    try:
        if not name.strip():
            raise_input("Enter a name to screen.")
        result = engine.screen_party(name.strip(), country.strip().upper() or None)
        inputs = {"name": name.strip(), **({"country": country.strip().upper()} if country.strip() else {})}
        seq = audit_answer(context_of(request), principal, "screening", inputs, result)
    except Exception as error:  # noqa: BLE001 - shown on the page
        if not isinstance(error, (ChipControlsError, ValueError)):
            raise
        return _page(request, "screen.html", principal, status_code=422, error=_error_message(error), form=form,
                     result=None)
    return _page(request, "screen.html", principal, form=form, result=result, hits=hit_rows(result), audit_seq=seq,
                 result_json=_pretty(result))


@router.get("/batch", response_class=HTMLResponse, response_model=None)
def batch_page(request: Request) -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    owner = None if principal.role in ("officer", "admin") else principal.key_id
    return _page(request, "batch.html", principal, jobs=context_of(request).jobs.list(owner, limit=10))


@router.get("/impact", response_class=HTMLResponse, response_model=None)
def impact_page(request: Request, die_area_mm2: str = "", as_of: str = "") -> Response:
    principal = _signed_in(request, "analyst")
    if isinstance(principal, Response):
        return principal
    values: dict[str, Any] = {"design_form": {"die_area_mm2": die_area_mm2[:20], "as_of": as_of[:20]}}
    try:
        series = impact_over_time()["series"]
        values["series"] = series
        values["chart"] = charts.series_chart([row["date"] for row in series], [row["controlled"] for row in series],
                                              max((row["chips"] for row in series), default=0),
                                              "Catalogue chips controlled over time")
        if die_area_mm2:
            from chipcontrols.dates import parse_date

            try:
                area = float(die_area_mm2)
            except ValueError:
                raise_input("Die area must be a number of mm².")
            if not 0 < area <= 100_000:
                raise_input("Die area must be between 0 and 100,000 mm².")
            values["design"] = design_envelope(area, "datacenter", parse_date(as_of or None, field="as_of"), "fp8")
    except ChipControlsError as error:
        values["error"] = error.message
    return _page(request, "impact.html", principal, **values)


@router.get("/rules", response_class=HTMLResponse, response_model=None)
def rules_page(request: Request) -> Response:
    principal = _signed_in(request, "viewer")
    if isinstance(principal, Response):
        return principal
    try:
        return _page(request, "rules.html", principal, instruments=engine.instruments())
    except ChipControlsError as error:
        return _page(request, "rules.html", principal, instruments=[], error=error.message)


@router.get("/audit", response_class=HTMLResponse, response_model=None)
def audit_page(request: Request) -> Response:
    principal = _signed_in(request, "officer")
    if isinstance(principal, Response):
        return principal
    context = context_of(request)
    return _page(request, "audit.html", principal, report=context.audit.verify().to_dict(),
                 records=context.audit.recent(100))
