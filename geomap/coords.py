"""Coordinate pairs and validation: the only place where axis order is swapped.

Internally geomap follows shapely and GeoJSON: x = longitude, y = latitude,
WGS84 (EPSG:4326). People, geopy and folium speak (lat, lon); these helpers
convert at those edges and nowhere else.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from geomap.errors import CoordinateError

__all__ = ["LatLon", "LonLat", "validate_lonlat", "as_lonlat_arrays"]


class LatLon(NamedTuple):
    """A (latitude, longitude) pair in degrees, the order people and folium use."""

    lat: float
    lon: float

    def to_lonlat(self) -> LonLat:
        """Return the same position as a :class:`LonLat`.

        Examples
        --------
        >>> LatLon(34.52, 69.18).to_lonlat()
        LonLat(lon=69.18, lat=34.52)
        """
        return LonLat(self.lon, self.lat)


class LonLat(NamedTuple):
    """A (longitude, latitude) pair in degrees, the order of GeoJSON and shapely."""

    lon: float
    lat: float

    def to_latlon(self) -> LatLon:
        """Return the same position as a :class:`LatLon`.

        Examples
        --------
        >>> LonLat(69.18, 34.52).to_latlon()
        LatLon(lat=34.52, lon=69.18)
        """
        return LatLon(self.lat, self.lon)


def as_lonlat_arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Broadcast ``lon`` and ``lat`` to float64 arrays of one shape.

    Examples
    --------
    >>> lon, lat = as_lonlat_arrays(69.18, [34.5, 34.6])
    >>> lon.tolist(), lat.tolist()
    ([69.18, 69.18], [34.5, 34.6])
    """
    lon_a, lat_a = np.broadcast_arrays(
        np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")
    )
    return np.ascontiguousarray(lon_a), np.ascontiguousarray(lat_a)


def validate_lonlat(lon, lat, *, path: str | None = None, rows=None, name_rows=True) -> None:
    """Raise :class:`~geomap.errors.CoordinateError` naming the first bad value.

    Parameters
    ----------
    lon, lat : array_like
        Longitudes and latitudes in degrees.
    path : str, optional
        File name to put in the message.
    rows : array_like of int, optional
        Row numbers to report instead of 1-based positions.
    name_rows : bool
        Whether the message names a row at all (not for a single position).

    Examples
    --------
    >>> validate_lonlat([69.2], [34.5])
    >>> validate_lonlat([69.2], [134.5])
    Traceback (most recent call last):
    ...
    geomap.errors.CoordinateError: row 1: field 'lat': latitude 134.5 is outside [-90, 90]
    """
    lon_a, lat_a = as_lonlat_arrays(lon, lat)
    checks = (
        (lat_a, "lat", ~np.isfinite(lat_a), "latitude {} is not a finite number"),
        (lon_a, "lon", ~np.isfinite(lon_a), "longitude {} is not a finite number"),
        (lat_a, "lat", np.abs(lat_a) > 90, "latitude {} is outside [-90, 90]"),
        (lon_a, "lon", np.abs(lon_a) > 180, "longitude {} is outside [-180, 180]"),
    )
    for values, field, bad, message in checks:
        bad = np.atleast_1d(bad)
        if bad.any():
            i = int(np.argmax(bad))
            row = int(np.asarray(rows)[i]) if rows is not None else i + 1
            value = np.atleast_1d(values)[i]
            raise CoordinateError(
                message.format(_fmt(value)),
                path=path,
                row=row if name_rows else None,
                field=field,
            )


def _fmt(value: float) -> str:
    return repr(float(value)) if np.isfinite(value) else str(value)
