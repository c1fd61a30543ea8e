"""Turn GeoDataFrame cells into plain values that every output format can hold."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import shapely

__all__ = ["plain", "records", "text_columns_for_gis", "round_geometry", "COORD_DECIMALS"]

#: Decimals kept for coordinates in text outputs (GeoJSON, CSV, KML): 1e-5 degree is at
#: most 1.1 m, so rounding moves a point by at most about 0.8 m.
COORD_DECIMALS = 5


def plain(value):
    """Return ``value`` as None, bool, int, float, str, list or dict (JSON-ready).

    Examples
    --------
    >>> plain(float("nan")), plain(np.int64(3)), plain(pd.NA), plain(dt.date(2023, 5, 8))
    (None, 3, None, '2023-05-08')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [plain(v) for v in value]
    return str(value)


def records(frame) -> list[dict]:
    """Return the non-geometry columns of ``frame`` as a list of plain dicts."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    return [
        {c: plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame[columns].itertuples(index=False, name=None)
    ]


def text_columns_for_gis(frame):
    """Return a copy whose object columns hold only str or None (GDAL and Arrow need one type).

    Nested values become JSON text; numbers mixed into a text column become text.
    """
    out = frame.copy()
    for name in out.columns:
        if name == out.geometry.name or out[name].dtype != object:
            continue
        values = [plain(v) for v in out[name]]
        out[name] = pd.Series(
            [
                None
                if v is None
                else v
                if isinstance(v, str)
                else json.dumps(v, ensure_ascii=False)
                if isinstance(v, dict | list)
                else str(v)
                for v in values
            ],
            index=out.index,
            dtype=object,
        )
    return out


def round_geometry(geometry, decimals: int = COORD_DECIMALS):
    """Return ``geometry`` with coordinates rounded to ``decimals`` (None stays None).

    Examples
    --------
    >>> round_geometry(shapely.Point(69.1723349, 34.5281251)).wkt
    'POINT (69.17233 34.52813)'
    """
    if geometry is None:
        return None
    return shapely.transform(geometry, lambda xy: np.round(xy, decimals))
