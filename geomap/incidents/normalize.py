"""Turn raw records (one mapping per input row) into the incident GeoDataFrame.

Every reader maps its format onto schema names and hands the records here, so
validation is written once. A bad value never drops its row: the row is kept,
the value it could not use is recorded in ``notes``, and a problem naming the
file, row and field is recorded (or raised under ``strict``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.coords import validate_lonlat
from geomap.errors import CoordinateError
from geomap.incidents.dates import DateProblem, normalize_date
from geomap.incidents.model import (
    COLUMNS,
    EVENT_TYPES,
    FLOAT_COLUMNS,
    GEO_PRECISIONS,
    INT_COLUMNS,
    REFUSED_COORDINATES,
    TEXT_COLUMNS,
    default_uncertainty_km,
)
from geomap.incidents.problems import Problems

__all__ = ["build_incidents", "empty_incidents", "conform"]

# Other spellings of the coordinate columns that plain CSVs use.
_ALIASES = {
    "lat": ("latitude", "Latitude", "LAT", "Lat", "y"),
    "lon": ("longitude", "Longitude", "lng", "long", "LON", "Lon", "x"),
}


def empty_incidents() -> gpd.GeoDataFrame:
    """Return an incident GeoDataFrame with no rows and every schema column.

    Examples
    --------
    >>> df = empty_incidents()
    >>> len(df), list(df.columns)[:3], df.crs.to_epsg()
    (0, ['id', 'title', 'event_type'], 4326)
    """
    return build_incidents([], path="<empty>", problems=Problems(strict=True))


def build_incidents(
    records: Iterable[tuple[int, Mapping]],
    *,
    path: str,
    problems: Problems,
    id_prefix: str | None = None,
) -> gpd.GeoDataFrame:
    """Validate raw records and return the incident GeoDataFrame.

    Parameters
    ----------
    records : iterable of (int, mapping)
        Row number (1-based, as the user sees it) and the row's values under
        schema names; other keys are extra columns, kept as given.
    path : str
        File name for messages.
    problems : Problems
        Where row-level problems go (raised at once when it is strict).
    id_prefix : str, optional
        Prefix for ids generated for rows without one (default: file stem).

    Returns
    -------
    geopandas.GeoDataFrame

    Examples
    --------
    >>> p = Problems(report=lambda e: None)
    >>> df = build_incidents([(1, {"title": "t", "lat": "34.5", "lon": "69.2"}),
    ...                       (2, {"title": "u", "lat": "95", "lon": "69.2"})],
    ...                      path="a.csv", problems=p)
    >>> df.geometry.is_empty.tolist(), df.geometry.isna().tolist()
    ([False, False], [False, True])
    >>> [str(e) for e in p]
    ["a.csv: row 2: field 'lat': latitude 95.0 is outside [-90, 90] (kept without coordinates)"]
    """
    prefix = id_prefix if id_prefix is not None else _stem(path)
    rows: list[dict] = []
    extra_names: dict[str, None] = {}
    for number, raw in records:
        clean = _clean_row(dict(raw), number=number, path=path, problems=problems, prefix=prefix)
        for key in clean:
            if key not in COLUMNS:
                extra_names.setdefault(key, None)
        rows.append(clean)
    return _columns(rows, list(extra_names))


def conform(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give ``df`` the schema's columns, order, dtypes and a geometry from lat/lon.

    Used after merging or enriching; does not re-validate values.
    """
    n = len(df)
    data: dict[str, pd.Series] = {}
    for name in COLUMNS:
        column = df[name].reset_index(drop=True) if name in df.columns else pd.Series([None] * n)
        if name in FLOAT_COLUMNS:
            data[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif name in INT_COLUMNS:
            data[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        else:
            data[name] = _objects(column)
    for name in df.columns:
        if name not in COLUMNS and name != "geometry":
            # A row from an input without this column gets None (concat would give NaN).
            data[name] = _objects(df[name].reset_index(drop=True))
    return _frame(data, n)


def _objects(column: pd.Series) -> pd.Series:
    column = column.astype(object)
    return column.where(column.notna(), None)


def _columns(rows: list[dict], extras: list[str]) -> gpd.GeoDataFrame:
    data: dict[str, pd.Series] = {}
    for name in COLUMNS:
        values = [row[name] for row in rows]
        if name in FLOAT_COLUMNS:
            data[name] = pd.Series(np.array(values, dtype="float64"))
        elif name in INT_COLUMNS:
            data[name] = pd.Series(pd.array(values, dtype="Int64"))
        else:
            data[name] = pd.Series(values, dtype=object)
    for name in extras:
        data[name] = pd.Series([row.get(name) for row in rows], dtype=object)
    return _frame(data, len(rows))


def _frame(data: dict[str, pd.Series], n: int) -> gpd.GeoDataFrame:
    lon = data["lon"].to_numpy(dtype="float64")
    lat = data["lat"].to_numpy(dtype="float64")
    placed = np.isfinite(lon) & np.isfinite(lat)
    points = np.full(n, None, dtype=object)
    points[placed] = shapely.points(lon[placed], lat[placed])
    # Text stays object with None: from bare arrays pandas 3 would infer "str" (with NaN)
    # for some columns and not others, and pandas 2 has no such dtype.
    frame = pd.DataFrame(data, index=pd.RangeIndex(n))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs="EPSG:4326"))


def _clean_row(raw: dict, *, number: int, path: str, problems: Problems, prefix: str) -> dict:
    for name, aliases in _ALIASES.items():
        if _missing(raw.get(name)):
            for alias in aliases:
                if alias in raw:
                    raw[name] = raw.pop(alias)
                    break
    notes: list[str] = []
    if not _missing(raw.get("notes")):
        notes.append(str(raw["notes"]).strip())

    def problem(
        message: str, field: str, *, kept: str | None = None, then: str | None = None
    ) -> None:
        problems.add(message, path=path, row=number, field=field, then=then)
        if kept is not None:
            notes.append(kept)

    out: dict = {name: _text(raw.get(name)) for name in TEXT_COLUMNS}

    if out["id"] is None:
        out["id"] = f"{prefix}-{number}"

    event = out["event_type"]
    if event is not None:
        event = event.lower()
        out["event_type"] = event
        if event not in EVENT_TYPES:
            out["event_type"] = "other"
            problem(
                f"event_type {event!r} is not one of {', '.join(EVENT_TYPES)}",
                "event_type",
                then="kept as 'other'",
                kept=f"event_type given as {raw.get('event_type')!r}",
            )
    else:
        out["event_type"] = "other"

    try:
        out["date"], out["date_precision"] = normalize_date(raw.get("date"), out["date_precision"])
    except DateProblem as error:
        field = "date_precision" if "date_precision" in str(error)[:16] else "date"
        problem(
            f"{error}",
            field,
            then="date left open",
            kept=f"date given as {_show(raw.get('date'))}, "
            f"date_precision as {_show(raw.get('date_precision'))}",
        )
        out["date"], out["date_precision"] = None, "unknown"

    numbers = {name: _number(raw.get(name)) for name in FLOAT_COLUMNS}
    for name in FLOAT_COLUMNS:
        out[name] = numbers[name]
        if out[name] is _BAD:
            out[name] = math.nan
            if name not in ("lat", "lon"):
                problem(
                    f"not a number: {_show(raw.get(name))}",
                    name,
                    kept=f"{name} given as {_show(raw.get(name))}",
                )

    lat_bad = numbers["lat"] is _BAD
    lon_bad = numbers["lon"] is _BAD
    lat, lon = out["lat"], out["lon"]
    given = None
    if (
        lat_bad
        or lon_bad
        or math.isnan(lat) != math.isnan(lon)
        or not (math.isnan(lat) or (-90 <= lat <= 90 and -180 <= lon <= 180))
    ):
        given = (
            f"{REFUSED_COORDINATES}lat given as {_show(raw.get('lat'))}, "
            f"lon as {_show(raw.get('lon'))}"
        )
    if lat_bad or lon_bad:
        field = "lat" if lat_bad else "lon"
        problem(
            f"not a number: {_show(raw.get(field))}",
            field,
            then="kept without coordinates",
            kept=given,
        )
        out["lat"] = out["lon"] = math.nan
    elif math.isnan(lat) != math.isnan(lon):
        field = "lon" if math.isnan(lon) else "lat"
        problem(f"{field} is missing while the other coordinate is given", field, kept=given)
        out["lat"] = out["lon"] = math.nan
    elif not math.isnan(lat) and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        try:
            validate_lonlat([lon], [lat], path=path, rows=[number])
        except CoordinateError as error:
            problems.add(
                f"{error.message}",
                then="kept without coordinates",
                path=path,
                row=number,
                field=error.field,
                error_class=CoordinateError,
            )
            notes.append(given)
            out["lat"] = out["lon"] = math.nan

    for name in INT_COLUMNS:
        value = _integer(raw.get(name))
        if value is _BAD or value is _TOO_LARGE:
            what = "not a whole number" if value is _BAD else "too large a number"
            problem(
                f"{what}: {_show(raw.get(name))}",
                name,
                kept=f"{name} given as {_show(raw.get(name))}",
            )
            value = None
        out[name] = value
    if out["fatalities"] is not None and out["fatalities"] < 0:
        problem(
            "fatalities cannot be negative",
            "fatalities",
            kept=f"fatalities given as {_show(raw.get('fatalities'))}",
        )
        out["fatalities"] = None
    code = out["geo_precision"]
    if code is not None and code not in GEO_PRECISIONS:
        problem(
            f"geo_precision {code} is not a UCDP where_prec code (1-7)",
            "geo_precision",
            kept=f"geo_precision given as {_show(raw.get('geo_precision'))}",
        )
        out["geo_precision"] = code = None
    unc = out["uncertainty_km"]
    if not math.isnan(unc) and unc < 0:
        problem(
            "uncertainty_km cannot be negative",
            "uncertainty_km",
            kept=f"uncertainty_km given as {_show(raw.get('uncertainty_km'))}",
        )
        out["uncertainty_km"] = unc = math.nan
    if code is not None and math.isnan(unc) and not math.isnan(out["lat"]):
        out["uncertainty_km"] = default_uncertainty_km(code)
        notes.append(assumed_uncertainty_note(code))

    out["notes"] = joined_notes(notes)
    for key, value in raw.items():
        if key not in COLUMNS and key != "geometry":
            out[key] = value
    return out


def assumed_uncertainty_note(code: int) -> str:
    """Return the note of a row whose uncertainty_km is assumed from its geo_precision."""
    return (
        f"uncertainty_km {default_uncertainty_km(code):g} assumed from geo_precision {code} "
        f"({GEO_PRECISIONS[code][0]})"
    )


def joined_notes(notes: Iterable[str | None]) -> str | None:
    """Return a row's notes as one text, each note once, in order (None when there are none)."""
    return "; ".join(dict.fromkeys(n for n in notes if n)) or None


class _Bad:
    def __repr__(self) -> str:
        return "<unusable>"


_BAD = _Bad()


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value.strip() or None
    return None if _missing(value) else (str(value).strip() or None)


def _number(value):
    if type(value) is str:
        value = value.strip()
        if not value:
            return math.nan
        try:
            number = float(value)
        except ValueError:
            number = _number_text(value)
        return number if math.isfinite(number) else _BAD
    if _missing(value):
        return math.nan
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    number = _number_text(str(value).strip())
    return number if math.isfinite(number) else _BAD


def _number_text(text: str) -> float:
    """Parse a number written with a Unicode minus; return inf (refused) when it is not one."""
    try:
        return float(text.replace("\u2212", "-"))
    except ValueError:
        return math.inf


_INT64_LIMIT = 2.0**63
_TOO_LARGE = object()


def _integer(value):
    if _missing(value):
        return None
    number = _number(value)
    if number is _BAD or not math.isfinite(number) or number != int(number):
        return _BAD
    if abs(number) >= _INT64_LIMIT:  # the column is a 64-bit integer
        return _TOO_LARGE
    return int(number)


def _show(value) -> str:
    return "(empty)" if _missing(value) else repr(str(value).strip())


def _stem(path: str) -> str:
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name
