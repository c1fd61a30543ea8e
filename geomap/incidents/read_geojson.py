"""Read incidents from GeoJSON: a FeatureCollection (or one Feature) of Points.

Coordinates come from each feature's geometry ([lon, lat], WGS84 as RFC 7946
requires); properties use schema names. A feature with ``"geometry": null`` is
an incident not yet placed. Row numbers in messages are feature numbers (1-based).
"""

from __future__ import annotations

import json

from geomap.errors import InputError
from geomap.incidents.normalize import build_incidents
from geomap.incidents.problems import Problems

__all__ = ["incidents_from_geojson"]

_WGS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
}


def incidents_from_geojson(text: str, *, path: str, problems: Problems):
    """Return the incident GeoDataFrame for GeoJSON ``text``.

    Raises
    ------
    InputError
        Not JSON (with line and column), not a Feature or FeatureCollection, or
        a ``crs`` member naming something other than WGS84 lon/lat.

    Examples
    --------
    >>> fc = '{"type": "FeatureCollection", "features": [{"type": "Feature",'
    >>> fc += ' "geometry": null, "properties": {"place": "Kabul"}}]}'
    >>> df = incidents_from_geojson(fc, path="a.geojson", problems=Problems())
    >>> df.loc[0, "place"], df.geometry.isna().tolist()
    ('Kabul', [True])
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON at line {error.lineno} column {error.colno}: {error.msg}", path=path
        ) from None
    if not isinstance(document, dict):
        raise InputError("GeoJSON must be an object (a FeatureCollection)", path=path)
    _check_crs(document.get("crs"), path)
    kind = document.get("type")
    if kind == "Feature":
        features = [document]
    elif kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise InputError("a FeatureCollection needs a 'features' list", path=path)
    else:
        raise InputError(
            f"GeoJSON type {kind!r} is not a Feature or FeatureCollection of incidents", path=path
        )
    return build_incidents(
        (
            (number, _record(feature, number, path, problems))
            for number, feature in enumerate(features, 1)
        ),
        path=path,
        problems=problems,
    )


def _check_crs(crs, path: str) -> None:
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if name not in _WGS84:
        raise InputError(
            f"crs {name or crs!r} is not WGS84 longitude/latitude; RFC 7946 GeoJSON has no "
            "crs member and uses WGS84 (reproject the file first)",
            path=path,
        )


def _record(feature, number: int, path: str, problems: Problems) -> dict:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InputError("is not a GeoJSON Feature object", path=path, row=number)
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise InputError("'properties' must be an object or null", path=path, row=number)
    record = dict(properties)
    if "id" in feature and "id" not in record:
        record["id"] = feature["id"]
    geometry = feature.get("geometry")
    record["lat"] = record["lon"] = None
    if geometry is None:
        return record
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise InputError("'geometry' must be a GeoJSON geometry or null", path=path, row=number)
    coordinates = geometry.get("coordinates")
    if geometry["type"] != "Point":
        problems.add(
            f"geometry type {geometry['type']} is not a Point",
            then="kept without coordinates",
            path=path,
            row=number,
            field="geometry",
        )
        return record
    if (
        not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        raise InputError(
            f"Point coordinates must be [lon, lat], got {json.dumps(coordinates)[:40]}",
            path=path,
            row=number,
            field="geometry",
        )
    record["lon"], record["lat"] = coordinates[0], coordinates[1]
    return record
