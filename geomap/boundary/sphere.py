"""A conformal (Gauss) sphere fitted to the WGS84 ellipsoid at the border's latitude.

Ellipsoidal geodesics have no closed form, great circles do. Gauss's conformal
sphere maps the ellipsoid onto a sphere with a scale error that grows only with
the cube of the latitude difference from the fitting latitude: about 1e-6 over
the whole Afghanistan-Pakistan region. geomap uses it to *choose* the nearest
part of the border quickly; every distance it reports is then measured on the
ellipsoid itself with :class:`pyproj.Geod`.

The formulas are those of PROJ's ``gauss.c`` (Snyder 1987, "Map Projections: A
Working Manual", the oblique stereographic).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["GaussSphere", "arc_metric", "arc_fraction"]

_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563


class GaussSphere:
    """Map geodetic lon/lat (degrees) to unit vectors on the conformal sphere.

    Parameters
    ----------
    lat0_deg, lon0_deg : float
        Where the sphere touches the ellipsoid best; longitudes are measured from
        ``lon0_deg`` so that the scaling of longitude stays small near the data.

    Examples
    --------
    Along the fitting parallel, a thousandth of a degree of longitude is as long
    on the sphere as on the ellipsoid (93.45 m at 33 degrees north):

    >>> s = GaussSphere(lat0_deg=33.0, lon0_deg=68.0)
    >>> a, b = s.to_vectors([68.0, 68.001], [33.0, 33.0])
    >>> round(float(np.linalg.norm(a - b)) * s.radius_m, 2)
    93.45
    """

    def __init__(self, *, lat0_deg: float, lon0_deg: float) -> None:
        es = _WGS84_F * (2 - _WGS84_F)
        self.e = math.sqrt(es)
        phi0 = math.radians(lat0_deg)
        sin0 = math.sin(phi0)
        self.lon0 = lon0_deg
        self.radius_m = _WGS84_A * math.sqrt(1 - es) / (1 - es * sin0 * sin0)
        self.c = math.sqrt(1 + es * math.cos(phi0) ** 4 / (1 - es))
        chi0 = math.asin(sin0 / self.c)
        self.ratexp = 0.5 * self.c * self.e
        self.k = math.tan(0.5 * chi0 + math.pi / 4) / (
            math.tan(0.5 * phi0 + math.pi / 4) ** self.c * self._srat(self.e * sin0)
        )

    def _srat(self, esinp):
        return ((1 - esinp) / (1 + esinp)) ** self.ratexp

    def to_vectors(self, lon_deg, lat_deg) -> np.ndarray:
        """Return an ``(n, 3)`` array of unit vectors for the given positions."""
        lon = np.atleast_1d(np.asarray(lon_deg, dtype="float64"))
        phi = np.radians(np.atleast_1d(np.asarray(lat_deg, dtype="float64")))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            chi = (
                2
                * np.arctan(
                    self.k
                    * np.tan(0.5 * phi + np.pi / 4) ** self.c
                    * self._srat(self.e * np.sin(phi))
                )
                - np.pi / 2
            )
        chi = np.where(np.abs(phi) >= np.pi / 2 - 1e-12, phi, chi)  # the poles map to the poles
        dlon = (lon - self.lon0 + 180.0) % 360.0 - 180.0
        lam = np.radians(dlon) * self.c
        cos_chi = np.cos(chi)
        return np.column_stack([cos_chi * np.cos(lam), cos_chi * np.sin(lam), np.sin(chi)])


def arc_metric(p, a, b):
    """``1 - cos`` of the angle from points ``p`` to great-circle arcs ``a``-``b``.

    A monotone stand-in for the angular distance, computed without cancellation
    so that it separates candidates a few centimetres apart. Arguments are
    ``(..., 3)`` unit vectors.

    Examples
    --------
    >>> p = np.array([0.0, 0.0, 1.0])
    >>> a, b = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    >>> float(arc_metric(p, a, b))  # 90 degrees away
    1.0
    """
    pa = np.einsum("...i,...i", p, a)
    pb = np.einsum("...i,...i", p, b)
    ab = np.einsum("...i,...i", a, b)
    n = np.cross(a, b)
    nn = np.einsum("...i,...i", n, n)
    # The foot of the perpendicular lies inside the arc iff both triple products are >= 0.
    inside = (pb - ab * pa >= 0) & (pa - ab * pb >= 0) & (nn > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        s2 = np.where(nn > 0, np.einsum("...i,...i", p, n) ** 2 / nn, 0.0)
    to_circle = s2 / (1 + np.sqrt(np.clip(1 - s2, 0, None)))
    to_ends = 0.5 * np.minimum(
        np.einsum("...i,...i", p - a, p - a), np.einsum("...i,...i", p - b, p - b)
    )
    return np.where(inside, to_circle, to_ends)


def arc_fraction(p, a, b):
    """Fraction of the arc ``a``-``b`` from ``a`` to the point of the arc nearest ``p``.

    Examples
    --------
    >>> a, b = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    >>> p = np.array([0.5, 0.5, 0.7071])
    >>> round(float(arc_fraction(p, a, b)), 6)
    0.5
    """
    n = np.cross(a, b)
    nn = np.einsum("...i,...i", n, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = p - (np.einsum("...i,...i", p, n) / np.where(nn > 0, nn, 1.0))[..., None] * n
        along = np.arctan2(np.linalg.norm(np.cross(a, q), axis=-1), np.einsum("...i,...i", a, q))
        total = np.arctan2(np.sqrt(nn), np.einsum("...i,...i", a, b))
        t = np.where(total > 0, along / total, 0.0)
    # Beyond either end the nearest point is that end.
    pa = np.einsum("...i,...i", p, a)
    pb = np.einsum("...i,...i", p, b)
    ab = np.einsum("...i,...i", a, b)
    t = np.where(pb - ab * pa < 0, 0.0, np.where(pa - ab * pb < 0, 1.0, t))
    return np.clip(t, 0.0, 1.0)
