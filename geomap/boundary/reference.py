"""A slow, brute-force reference for the distance from points to a geodesic polyline.

It shares nothing with the fast path but :class:`pyproj.Geod`: every segment that
could hold the nearest point (by the triangle inequality on vertex distances) is
searched on the ellipsoid by golden section to ~1 mm. Tests and
``bench/distance.py`` use it as ground truth; it is far too slow for real work.
"""

from __future__ import annotations

import numpy as np
import pyproj

from geomap.boundary.golden import golden_min

__all__ = ["reference_distance_m"]

_GEOD = pyproj.Geod(ellps="WGS84")


def reference_distance_m(lon, lat, line_lon, line_lat, *, tolerance_m: float = 1e-3):
    """Exact geodesic distance in metres from each point to the polyline.

    Parameters
    ----------
    lon, lat : array_like
        Query points in degrees.
    line_lon, line_lat : array_like
        The polyline's vertices, joined by ellipsoidal geodesics.
    tolerance_m : float
        Stop the golden-section search once the bracket is shorter than this.

    Examples
    --------
    >>> round(float(reference_distance_m([69.5], [33.5], [69.0, 70.0], [33.0, 33.0])[0]), 1)
    55343.4
    """
    lon = np.atleast_1d(np.asarray(lon, dtype="float64"))
    lat = np.atleast_1d(np.asarray(lat, dtype="float64"))
    vlon = np.asarray(line_lon, dtype="float64")
    vlat = np.asarray(line_lat, dtype="float64")
    az, _, seg_len = _GEOD.inv(vlon[:-1], vlat[:-1], vlon[1:], vlat[1:])
    out = np.empty(lon.size)
    for i in range(lon.size):
        _, _, dv = _GEOD.inv(np.full(vlon.size, lon[i]), np.full(vlon.size, lat[i]), vlon, vlat)
        # No point of segment j is nearer than its nearer end minus half its length.
        lower = np.minimum(dv[:-1], dv[1:]) - seg_len / 2
        cand = np.flatnonzero(lower <= dv.min())
        out[i] = min(dv.min(), _search(lon[i], lat[i], vlon, vlat, az, seg_len, cand, tolerance_m))
    return out


def _search(lon, lat, vlon, vlat, az, seg_len, cand, tolerance_m):
    def dist(s):
        flon, flat, _ = _GEOD.fwd(vlon[cand], vlat[cand], az[cand], s)
        return _GEOD.inv(np.full(cand.size, lon), np.full(cand.size, lat), flon, flat)[2]

    # The distance along one geodesic segment is unimodal for the distances met here.
    _, best = golden_min(dist, np.zeros(cand.size), seg_len[cand], tolerance=tolerance_m)
    return float(best.min())
