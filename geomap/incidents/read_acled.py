"""Map an ACLED export (CSV as downloaded from the ACLED data export tool) onto the schema.

ACLED's ``geo_precision`` (1 town, 2 near a town or part of a region, 3 only a
larger region) becomes the UCDP-style code geomap uses (1, 2, 4) with a radius;
its ``time_precision`` (1 day, 2 week, 3 month) becomes ``date_precision``.
ACLED's own ``event_type`` and ``geo_precision`` are kept as ``acled_event_type``
and ``acled_geo_precision``; every other ACLED column not consumed is kept.
"""

from __future__ import annotations

from geomap.incidents.normalize import build_incidents
from geomap.incidents.problems import Problems
from geomap.incidents.textio import CsvRows

__all__ = ["is_acled", "incidents_from_acled", "ACLED_GEO_PRECISION"]

#: ACLED geo_precision -> (geomap geo_precision, uncertainty_km, what ACLED means).
ACLED_GEO_PRECISION = {
    "1": (1, 5.0, "ACLED geo_precision 1: the town itself"),
    "2": (2, 25.0, "ACLED geo_precision 2: near the town or part of its region"),
    "3": (4, 200.0, "ACLED geo_precision 3: only a larger region (provincial centre used)"),
}
_TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}

# ACLED sub-event types -> geomap event types; anything unlisted becomes "other".
_SUB_EVENTS = {
    "armed clash": "clash",
    "government regains territory": "clash",
    "non-state actor overtakes territory": "clash",
    "air/drone strike": "airstrike",
    "shelling/artillery/missile attack": "shelling",
    "suicide bomb": "attack",
    "remote explosive/landmine/ied": "attack",
    "grenade": "attack",
    "chemical weapon": "attack",
    "attack": "attack",
    "abduction/forced disappearance": "attack",
    "sexual violence": "attack",
    "peaceful protest": "protest",
    "protest with intervention": "protest",
    "excessive force against protesters": "protest",
    "violent demonstration": "protest",
    "mob violence": "attack",
    "agreement": "meeting",
}
_EVENTS = {
    "battles": "clash",
    "violence against civilians": "attack",
    "protests": "protest",
    "riots": "protest",
}
_CONSUMED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "country",
    "admin1",
)


def is_acled(header: list[str]) -> bool:
    """Whether a CSV header is an ACLED export's.

    Examples
    --------
    >>> is_acled(["event_id_cnty", "event_date", "latitude"]), is_acled(["id", "lat"])
    (True, False)
    """
    return {"event_id_cnty", "event_date"} <= set(header)


def incidents_from_acled(table: CsvRows, *, path: str, problems: Problems):
    """Return the incident GeoDataFrame for an ACLED CSV already split into rows."""
    return build_incidents(
        ((number, _record(row, path, number, problems)) for number, row in table.rows),
        path=path,
        problems=problems,
    )


def _record(row: dict, path: str, number: int, problems: Problems) -> dict:
    get = row.get
    out = {
        "id": get("event_id_cnty"),
        "title": _title(row),
        "event_type": _event_type(get("event_type", ""), get("sub_event_type", "")),
        "date": get("event_date"),
        "place": get("location"),
        "country": get("country"),
        "admin1": get("admin1"),
        "lat": get("latitude"),
        "lon": get("longitude"),
        "source_title": get("source"),
        "fatalities": get("fatalities"),
        "notes": get("notes"),
    }
    time_code = (get("time_precision") or "").strip()
    if time_code:
        if time_code in _TIME_PRECISION:
            out["date_precision"] = _TIME_PRECISION[time_code]
        else:
            problems.add(
                f"ACLED time_precision {time_code!r} is not 1, 2 or 3",
                then="precision inferred",
                path=path,
                row=number,
                field="time_precision",
            )
    geo_code = (get("geo_precision") or "").strip()
    if geo_code in ACLED_GEO_PRECISION:
        code, radius_km, meaning = ACLED_GEO_PRECISION[geo_code]
        out["geo_precision"], out["uncertainty_km"] = code, radius_km
        note = f"uncertainty_km {radius_km:g} from {meaning}"
        out["notes"] = f"{out['notes']}; {note}" if (out["notes"] or "").strip() else note
    elif geo_code:
        problems.add(
            f"ACLED geo_precision {geo_code!r} is not 1, 2 or 3",
            path=path,
            row=number,
            field="geo_precision",
        )
    for name, value in row.items():
        if name in ("event_type", "geo_precision"):
            out[f"acled_{name}"] = value
        elif name not in _CONSUMED:
            out[name] = value
    return out


def _title(row: dict) -> str:
    kind = (row.get("sub_event_type") or row.get("event_type") or "Event").strip()
    actors = [a.strip() for a in (row.get("actor1"), row.get("actor2")) if a and a.strip()]
    return f"{kind}: {' vs '.join(actors)}" if actors else kind


def _event_type(event: str, sub_event: str) -> str:
    """Map ACLED's event and sub-event types onto geomap's.

    Examples
    --------
    >>> _event_type("Explosions/Remote violence", "Air/drone strike")
    'airstrike'
    >>> _event_type("Strategic developments", "Looting/property destruction")
    'other'
    """
    sub = sub_event.strip().lower()
    if sub in _SUB_EVENTS:
        return _SUB_EVENTS[sub]
    return _EVENTS.get(event.strip().lower(), "other")
