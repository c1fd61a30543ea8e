r"""Turn incidents into the one JSON blob a map page carries, safely.

The page ships its data once, column by column (repeated strings stored once),
inside ``<script type="application/json">``. :func:`script_json` escapes it for
that context, so no input text can close the element or start markup; the page
script then builds popups with DOM text nodes, never with HTML strings.

Examples
--------
>>> script_json({"title": "</script><b>x</b>"})
'{"title":"\\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e"}'
>>> safe_url("javascript:alert(1)") is None, safe_url("https://example.org/a b")
(True, None)
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from geomap.render.styles import EVENT_STYLES, style_for

__all__ = ["script_json", "safe_url", "incident_columns", "encode_incidents"]

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_RE = re.compile("[<>&\u2028\u2029]")

# Text columns shipped to the page, in popup order.
_TEXT = (
    "id",
    "title",
    "date",
    "date_precision",
    "place",
    "admin1",
    "country",
    "geo_precision",
    "side",
    "nearest_crossing",
    "source_title",
    "source_published",
    "quote",
    "notes",
)
# Numeric columns and the decimals kept (km to 10 m; counts whole).
_NUMBERS = {
    "uncertainty_km": 2,
    "distance_to_border_km": 2,
    "nearest_crossing_km": 2,
    "fatalities": 0,
}


def script_json(value) -> str:
    r"""Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``-style escapes (JSON.parse restores
    them), so the text can never contain ``</script`` or ``<!--``; U+2028/U+2029
    are escaped for older JavaScript parsers. Output is deterministic.

    Examples
    --------
    >>> script_json(["a\u2028b", 1.5, None])
    '["a\\u2028b",1.5,null]'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def safe_url(value) -> str | None:
    """Return ``value`` if it is a plain http(s) URL fit for a link, else None.

    Examples
    --------
    >>> safe_url("https://www.dawn.com/news/1")
    'https://www.dawn.com/news/1'
    >>> safe_url(" JavaScript:alert(1)") is None
    True
    """
    if not isinstance(value, str) or not value:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return text if text else None


def _precision_words(code: str | None) -> str | None:
    """Say what a UCDP-style ``geo_precision`` code means; other text passes through."""
    from geomap.incidents.model import GEO_PRECISIONS

    try:
        number = float(code)
    except (TypeError, ValueError):
        return code
    if number.is_integer() and int(number) in GEO_PRECISIONS:
        return f"{GEO_PRECISIONS[int(number)][0]} (code {int(number)})"
    return code


def _encode_strings(values: list) -> dict | list | None:
    """Store a column plainly, as a dictionary plus codes when strings repeat, or None if empty."""
    if all(v is None for v in values):
        return None
    unique = {}
    codes = []
    for v in values:
        codes.append(-1 if v is None else unique.setdefault(v, len(unique)))
    if len(unique) * 2 <= len(values):
        return {"dict": list(unique), "codes": codes}
    return values


def incident_columns(frame) -> tuple[np.ndarray, np.ndarray]:
    """Return (lon, lat) float arrays for a (Geo)DataFrame, NaN where a row is unplaced.

    ``lon``/``lat`` columns are used when present, otherwise point geometries.

    Examples
    --------
    >>> lon, lat = incident_columns(pd.DataFrame({"lon": [69.2, None], "lat": [34.5, None]}))
    >>> lon.tolist()[0], bool(np.isnan(lat[1]))
    (69.2, True)
    """
    n = len(frame)
    if "lon" in frame.columns and "lat" in frame.columns:
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype="float64")
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64")
    elif "geometry" in frame.columns:
        geoms = frame.geometry.to_numpy() if hasattr(frame, "geometry") else frame["geometry"]
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
        for i, g in enumerate(geoms):
            if g is not None and not g.is_empty and g.geom_type == "Point":
                lon[i], lat[i] = g.x, g.y
    else:
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
    bad = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    lon = np.where(bad, np.nan, lon)
    lat = np.where(bad, np.nan, lat)
    return lon, lat


def encode_incidents(frame, lon: np.ndarray, lat: np.ndarray) -> dict:
    """Return the columnar JSON-ready dict of the placed incidents of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        Incidents in the geomap schema; missing columns are shipped as empty.
    lon, lat : numpy.ndarray
        Coordinates from :func:`incident_columns`; rows with NaN are left out.

    Returns
    -------
    dict
        ``n``, ``lon``, ``lat``, ``type`` (index into the type list), one entry per
        text and number column, and ``source_url`` (only http(s) links) with
        ``source_url_text`` (rejected URLs, shown as plain text).

    Examples
    --------
    >>> f = pd.DataFrame({"lon": [69.2], "lat": [34.5], "title": ["<b>"],
    ...                   "event_type": ["meeting"], "source_url": ["javascript:x"]})
    >>> d = encode_incidents(f, *incident_columns(f))
    >>> d["n"], d["title"], d["source_url"], d["source_url_text"]
    (1, ['<b>'], None, ['javascript:x'])
    """
    placed = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    sub = frame.iloc[placed]
    n = len(placed)
    out: dict = {
        "n": n,
        "lon": np.round(lon[placed], 5).tolist(),
        "lat": np.round(lat[placed], 5).tolist(),
    }
    keys = list(EVENT_STYLES)
    types = sub["event_type"].tolist() if "event_type" in sub.columns else [None] * n
    out["type"] = [keys.index(style_for(t).key) for t in types]
    for column in _TEXT:
        values = [_text(v) for v in sub[column].tolist()] if column in sub.columns else []
        if column == "geo_precision":
            values = [_precision_words(v) for v in values]
        out[column] = _encode_strings(values)
    for column, decimals in _NUMBERS.items():
        if column in sub.columns:
            raw = pd.to_numeric(sub[column], errors="coerce").to_numpy(dtype="float64")
            rounded = np.round(raw, decimals)
            values = [
                None if not math.isfinite(v) else (int(v) if decimals == 0 else float(v))
                for v in rounded.tolist()
            ]
            out[column] = None if all(v is None for v in values) else values
        else:
            out[column] = None
    urls = [_text(v) for v in sub["source_url"].tolist()] if "source_url" in sub.columns else []
    safe = [safe_url(u) for u in urls]
    out["source_url"] = _encode_strings(safe)
    out["source_url_text"] = _encode_strings(
        [u if s is None and u is not None else None for u, s in zip(urls, safe, strict=True)]
    )
    return out
