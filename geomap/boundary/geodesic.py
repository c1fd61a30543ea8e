"""WGS84 geodesic helpers shared by the border modules."""

from __future__ import annotations

import numpy as np
import pyproj

__all__ = ["GEOD", "densify"]

GEOD = pyproj.Geod(ellps="WGS84")


def densify(lon, lat, step_m: float):
    """Points along a geodesic polyline, no two consecutive ones more than ``step_m`` apart.

    Returns
    -------
    lon, lat : ndarray
        The points, starting with the first vertex and ending with the last.
    segment, fraction : ndarray
        For each point, the segment it lies on and the fraction of that
        segment's length from its first vertex.

    Examples
    --------
    >>> lon, lat, seg, frac = densify([69.0, 70.0], [33.0, 33.0], 40_000)
    >>> len(lon), seg.tolist(), [round(float(f), 2) for f in frac]
    (4, [0, 0, 0, 0], [0.0, 0.33, 0.67, 1.0])
    """
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    az, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    per = np.maximum(1, np.ceil(np.asarray(length) / step_m).astype("int64"))
    seg = np.repeat(np.arange(per.size), per)
    first = np.repeat(np.cumsum(per) - per, per)
    frac = (np.arange(seg.size) - first) / np.repeat(per, per)
    x, y, _ = GEOD.fwd(lon[seg], lat[seg], np.asarray(az)[seg], frac * np.asarray(length)[seg])
    return (
        np.append(x, lon[-1]),
        np.append(y, lat[-1]),
        np.append(seg, per.size - 1),
        np.append(frac, 1.0),
    )
