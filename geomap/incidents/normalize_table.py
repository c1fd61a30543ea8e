"""Validate a CSV's rows of text column by column; only flagged rows go through the row code.

:func:`geomap.incidents.normalize.build_incidents` checks each value of each row in
Python, which dominates reading a large CSV. Here whole columns are parsed and
checked with numpy/pandas. The checks only decide which rows are certainly plain
(no problem, no note); every other row goes through the same row code
(``_clean_row``), which gives its values, notes and problems exactly as before. So
the validation rules stay in one place: a check here that is too cautious costs
time, never a different result.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap.incidents.dates import DateProblem, normalize_date
from geomap.incidents.model import (
    COLUMNS,
    EVENT_TYPES,
    FLOAT_COLUMNS,
    GEO_PRECISIONS,
    INT_COLUMNS,
    TEXT_COLUMNS,
    default_uncertainty_km,
)
from geomap.incidents.normalize import (
    _ALIASES,
    _clean_row,
    _frame,
    _stem,
    assumed_uncertainty_note,
    joined_notes,
)
from geomap.incidents.problems import Problems
from geomap.incidents.textio import CsvRows

__all__ = ["build_incidents_from_table", "renamed_aliases"]


def renamed_aliases(header: list[str]) -> dict[str, str] | None:
    """Return ``{alias: schema name}`` for coordinate columns under another name.

    None when the header has both ``lat`` and one of its aliases (or the same for
    ``lon``): then which one a row uses depends on the row, and only the row code
    decides that.

    Examples
    --------
    >>> renamed_aliases(["title", "latitude", "longitude", "y"])
    {'latitude': 'lat', 'longitude': 'lon'}
    >>> renamed_aliases(["lat", "latitude", "lon"]) is None
    True
    """
    renamed: dict[str, str] = {}
    for name, aliases in _ALIASES.items():
        present = [alias for alias in aliases if alias in header]
        if name in header and present:
            return None
        if present:
            renamed[present[0]] = name
    return renamed


def build_incidents_from_table(
    table: CsvRows,
    *,
    path: str,
    problems: Problems,
    ignore: str | None = None,
) -> gpd.GeoDataFrame:
    r"""Return the incident GeoDataFrame for CSV rows of text, as ``build_incidents`` does.

    The header must not hold ``lat`` together with one of its aliases (see
    :func:`renamed_aliases`). The column named ``ignore`` is left out.

    Examples
    --------
    >>> from geomap.incidents.textio import read_csv_rows
    >>> p = Problems(report=lambda e: None)
    >>> t = read_csv_rows("title,lat,lon\n t ,34.5,69.2\nu,95,69.2\n", path="a.csv")
    >>> df = build_incidents_from_table(t, path="a.csv", problems=p)
    >>> df["title"].tolist(), df["lat"].tolist()[0], df.geometry.isna().tolist()
    (['t', 'u'], 34.5, [False, True])
    >>> [str(e) for e in p]
    ["a.csv: row 2: field 'lat': latitude 95.0 is outside [-90, 90] (kept without coordinates)"]
    """
    renamed = renamed_aliases(table.header)
    if renamed is None:
        raise ValueError("lat or lon is given under two names; use build_incidents")
    n = len(table.cells)
    cells = np.array(table.cells, dtype=object).reshape(n, len(table.header))
    columns = {
        renamed.get(name, name): cells[:, j]
        for j, name in enumerate(table.header)
        if name != ignore
    }
    flagged = np.zeros(n, dtype=bool)
    data: dict[str, np.ndarray] = {}

    for name in TEXT_COLUMNS:
        data[name] = _texts(columns.get(name), n)
    ids = data["id"]
    prefix = _stem(path)
    for i in np.flatnonzero(pd.isna(ids)):
        ids[i] = f"{prefix}-{table.numbers[i]}"

    events = pd.Series(data["event_type"], dtype=object).str.lower()
    flagged |= (events.notna() & ~events.isin(EVENT_TYPES)).to_numpy()
    data["event_type"] = _objects(events.where(events.notna(), "other").tolist())

    data["date"], data["date_precision"], bad_dates = _dates(
        columns.get("date"), data["date_precision"], n
    )
    flagged |= bad_dates

    good: dict[str, np.ndarray] = {}
    for name in FLOAT_COLUMNS + INT_COLUMNS:
        data[name], good[name] = _floats(columns.get(name), n)
        flagged |= ~good[name]
    lat, lon = data["lat"], data["lon"]
    with np.errstate(invalid="ignore"):
        flagged |= np.isnan(lat) != np.isnan(lon)
        flagged |= (np.abs(lat) > 90) | (np.abs(lon) > 180)
        for name in INT_COLUMNS:
            flagged |= ~np.isnan(data[name]) & (data[name] != np.floor(data[name]))
            flagged |= np.abs(data[name]) >= 2.0**63  # beyond a 64-bit integer
        flagged |= data["fatalities"] < 0
        flagged |= data["uncertainty_km"] < 0
    codes = data["geo_precision"]
    flagged |= ~np.isnan(codes) & ~np.isin(codes, list(GEO_PRECISIONS))

    _assume_uncertainty(data, ~flagged)
    _clean_flagged(data, table, np.flatnonzero(flagged), ignore, path=path, problems=problems)

    frame: dict[str, pd.Series] = {}
    for name in COLUMNS:
        if name in INT_COLUMNS:
            frame[name] = pd.Series(pd.array(data[name], dtype="Int64"))
        else:
            frame[name] = pd.Series(data[name], dtype=data[name].dtype)
    for name in columns:
        if name not in COLUMNS and name != "geometry":
            frame[name] = pd.Series(_objects(columns[name]), dtype=object)
    return _frame(frame, n)


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _texts(values: np.ndarray | None, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, None, dtype=object)
    # What the row code's _text gives for a str.
    return _objects([value.strip() or None for value in values])


def _dates(values: np.ndarray | None, precisions: np.ndarray, n: int):
    """Normalise each distinct (date, precision) pair once; flag the pairs that are refused."""
    if values is None:
        values = [None] * n
    dates = np.full(n, None, dtype=object)
    forms = np.full(n, None, dtype=object)
    bad = np.zeros(n, dtype=bool)
    seen: dict = {}
    for i, key in enumerate(zip(values, precisions, strict=True)):
        result = seen.get(key)
        if result is None:
            try:
                result = seen[key] = normalize_date(*key)
            except DateProblem:
                result = seen[key] = False
        if result is False:
            bad[i] = True
        else:
            dates[i], forms[i] = result
    return dates, forms, bad


def _floats(values: np.ndarray | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the numbers (NaN when empty) and where the text is empty or a finite number."""
    if values is None:
        return np.full(n, math.nan), np.ones(n, dtype=bool)
    text = _objects([value.strip() for value in values])
    empty = text == ""
    try:
        # float() on each text, as the row code reads it ("nan" stands for empty here).
        numbers = np.where(empty, "nan", text).astype("float64")
    except ValueError:  # some text is not a number: those become NaN, flagged below
        numbers = np.array([_float_or_nan(value) for value in text], dtype="float64")
    return numbers, empty | np.isfinite(numbers)


def _float_or_nan(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _assume_uncertainty(data: dict[str, np.ndarray], plain: np.ndarray) -> None:
    """Give plain placed rows with a geo_precision but no uncertainty_km the assumed radius."""
    codes = data["geo_precision"]
    unc = data["uncertainty_km"]
    assumed = plain & ~np.isnan(codes) & np.isnan(unc) & ~np.isnan(data["lat"])
    notes = data["notes"]
    for code in GEO_PRECISIONS:
        rows = np.flatnonzero(assumed & (codes == code))
        unc[rows] = default_uncertainty_km(code)
        note = assumed_uncertainty_note(code)
        noted = pd.notna(notes[rows])
        notes[rows[~noted]] = note
        notes[rows[noted]] = [joined_notes([given, note]) for given in notes[rows[noted]]]


def _clean_flagged(data, table: CsvRows, flagged, ignore, *, path: str, problems: Problems):
    """Run the row code on the flagged rows (in order, so problems come in row order)."""
    prefix = _stem(path)
    for i in flagged:
        number = table.numbers[i]
        # Aliases as given: the row code renames them itself.
        raw = dict(zip(table.header, table.cells[i], strict=True))
        raw.pop(ignore, None)
        out = _clean_row(raw, number=number, path=path, problems=problems, prefix=prefix)
        for name in COLUMNS:
            value = out[name]
            if name in INT_COLUMNS:
                value = math.nan if value is None else value
            data[name][i] = value
