"""Map a UCDP Georeferenced Event Dataset (GED) CSV onto the schema.

``where_prec`` is geomap's ``geo_precision`` as is; ``date_prec`` (1 day,
2 two to six days, 3 within a month, 4 within a year, 5 longer) becomes
``date_precision``, and ``date_start``/``date_end`` an ISO 8601 interval when
they differ. Columns not consumed (``date_start``, ``side_a``, ``best``'s
siblings ``low``/``high``...) are kept.
"""

from __future__ import annotations

from geomap.incidents.normalize import build_incidents
from geomap.incidents.problems import Problems
from geomap.incidents.textio import CsvRows

__all__ = ["is_ucdp", "incidents_from_ucdp"]

_DATE_PREC = {"1": "day", "2": "week", "3": "month", "4": "year", "5": "unknown"}
# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
_VIOLENCE = {"1": "clash", "2": "clash", "3": "attack"}
_CONSUMED = (
    "id",
    "where_coordinates",
    "latitude",
    "longitude",
    "where_prec",
    "source_article",
    "source_date",
    "best",
    "adm_1",
    "country",
)


def is_ucdp(header: list[str]) -> bool:
    """Whether a CSV header is a UCDP GED export's.

    Examples
    --------
    >>> is_ucdp(["id", "date_start", "where_prec"]), is_ucdp(["id", "date"])
    (True, False)
    """
    return {"where_prec", "date_start"} <= set(header)


def incidents_from_ucdp(table: CsvRows, *, path: str, problems: Problems):
    """Return the incident GeoDataFrame for a UCDP GED CSV already split into rows."""
    return build_incidents(
        ((number, _record(row, path, number, problems)) for number, row in table.rows),
        path=path,
        problems=problems,
    )


def _record(row: dict, path: str, number: int, problems: Problems) -> dict:
    get = row.get
    start, end = (get("date_start") or "").strip(), (get("date_end") or "").strip()
    start, end = start.split(" ")[0], end.split(" ")[0]  # "2023-05-08 00:00:00.000"
    date = f"{start}/{end}" if start and end and start != end else start or end or None
    out = {
        "id": get("id"),
        "title": (get("dyad_name") or get("conflict_name") or "").strip() or None,
        "event_type": _VIOLENCE.get((get("type_of_violence") or "").strip(), "other"),
        "date": date,
        "place": get("where_coordinates"),
        "country": get("country"),
        "admin1": get("adm_1"),
        "lat": get("latitude"),
        "lon": get("longitude"),
        "geo_precision": get("where_prec"),
        "source_title": get("source_article"),
        "source_published": get("source_date"),
        "fatalities": get("best"),
    }
    code = (get("date_prec") or "").strip()
    if code in _DATE_PREC:
        out["date_precision"] = _DATE_PREC[code]
        if code == "5" and date is not None:
            out["notes"] = "UCDP date_prec 5: the event lies somewhere in a span over a year"
    elif code:
        problems.add(
            f"UCDP date_prec {code!r} is not 1-5",
            then="precision inferred",
            path=path,
            row=number,
            field="date_prec",
        )
    for name, value in row.items():
        if name not in _CONSUMED:
            out[name] = value
    return out
