"""Exact geodesic distance from many points to a polyline, vectorised.

The polyline's vertices are joined by ellipsoidal geodesics (WGS84). The line
is sampled every ``sample_m`` metres and the samples are put on Gauss's
conformal sphere (:mod:`geomap.boundary.sphere`). For each query point:

1. *Candidates.* For large batches, a lookup grid over the region stores, for
   every grid node, the index of the sample nearest to it. The samples nearest
   to the four corners of the point's cell bound a run of samples (padded at
   both ends) that holds the point's own nearest sample; the run is scanned.
   Runs are short except near the medial axis of the line, where far-apart
   parts of it compete and the run spans both. Small batches, and points off
   the grid, ask a k-d tree instead.
2. *Choice.* The nearest sample names a segment; that segment and its two
   neighbours are compared with closed-form great-circle arithmetic.
3. *Measure.* The foot of the perpendicular is placed on the ellipsoidal
   segment with :meth:`pyproj.Geod.fwd` and the distance measured with
   :meth:`pyproj.Geod.inv` (Karney's algorithm, exact to nanometres). For points
   more than ``polish_beyond_m`` away, where the sphere's scale error grows, a
   golden-section search on the ellipsoid polishes the foot.

Planar shortcuts are off by kilometres here (one UTM zone) or by a quarter of
the distance (Web Mercator); this stays within centimetres of the exact answer
(see ``bench/distance.py`` and ``tests/test_border_distance.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from geomap.boundary.geodesic import GEOD, densify
from geomap.boundary.golden import golden_min
from geomap.boundary.sphere import GaussSphere, arc_fraction, arc_metric

__all__ = ["GeodesicLineIndex", "NearestOnLine"]

# Samples added at both ends of the run bounded by a cell's corners: a point's nearest
# sample can lie a little outside that run where the line bends.
_PAD = 8
_GRID_MIN_POINTS = 50_000
_RUN_WIDTHS = (24, 96, 512, 4096)  # samples scanned per point, in tiers
_SCAN_BUDGET = 2**22  # samples gathered at once (x 24 bytes)


@dataclass(frozen=True)
class NearestOnLine:
    """Nearest points on a line: distance in metres, the foot, and where it lies.

    ``segment`` is the index of the segment holding the foot and ``fraction``
    the fraction of that segment's length from its first vertex.
    """

    distance_m: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    segment: np.ndarray
    fraction: np.ndarray


class GeodesicLineIndex:
    """Spatial index answering exact geodesic nearest-point queries on one polyline.

    Parameters
    ----------
    lon, lat : array_like
        The polyline's vertices in degrees (at least two).
    sample_m : float
        Spacing of the samples along the line.
    grid_deg : float
        Cell size of the lookup grid, in degrees.
    margin_deg : float
        How far beyond the line's bounding box the grid reaches.
    polish_beyond_m : float
        Points farther than this get the ellipsoidal golden-section polish.
    grid_path : path-like, optional
        A grid saved by :meth:`save_grid` for this line, read when first needed.

    Examples
    --------
    >>> index = GeodesicLineIndex([69.0, 70.0], [33.0, 33.0])
    >>> hit = index.nearest([69.5], [33.5])
    >>> round(float(hit.distance_m[0]) / 1000, 3), round(float(hit.lon[0]), 3)
    (55.343, 69.5)
    """

    def __init__(
        self,
        lon,
        lat,
        *,
        sample_m: float = 150.0,
        grid_deg: float = 0.02,
        margin_deg: float = 4.0,
        polish_beyond_m: float = 1_000_000.0,
        grid_path=None,
    ) -> None:
        self.lon = np.asarray(lon, dtype="float64")
        self.lat = np.asarray(lat, dtype="float64")
        if self.lon.ndim != 1 or self.lon.size < 2 or self.lon.shape != self.lat.shape:
            raise ValueError("a line needs at least two vertices")
        self.n_segments = self.lon.size - 1
        az, _, length = GEOD.inv(self.lon[:-1], self.lat[:-1], self.lon[1:], self.lat[1:])
        self.seg_az = np.asarray(az)
        self.seg_len_m = np.asarray(length)
        self.length_m = float(self.seg_len_m.sum())
        self.sphere = GaussSphere(
            lat0_deg=float((self.lat.min() + self.lat.max()) / 2),
            lon0_deg=float((self.lon.min() + self.lon.max()) / 2),
        )
        self._vertices = self.sphere.to_vectors(self.lon, self.lat)
        slon, slat, self._sample_segment, _ = densify(self.lon, self.lat, sample_m)
        self._samples = self.sphere.to_vectors(slon, slat)
        self.sample_m = float(sample_m)
        self.grid_deg = float(grid_deg)
        self.polish_beyond_m = float(polish_beyond_m)
        self.grid_path = grid_path
        self._grid_origin = (
            float(np.floor(self.lon.min() - margin_deg)),
            float(np.floor(self.lat.min() - margin_deg)),
        )
        self._grid_shape = (
            int(np.ceil((self.lat.max() + margin_deg - self._grid_origin[1]) / grid_deg)) + 1,
            int(np.ceil((self.lon.max() + margin_deg - self._grid_origin[0]) / grid_deg)) + 1,
        )

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self._samples)

    @cached_property
    def grid_key(self) -> str:
        """Fingerprint of the line and of the grid's parameters (for persisted grids)."""
        digest = hashlib.sha256()
        for array in (self.lon, self.lat):
            digest.update(np.ascontiguousarray(array, dtype="<f8").tobytes())
        digest.update(repr((self.sample_m, self.grid_deg, self._grid_origin)).encode())
        digest.update(repr(self._grid_shape).encode())
        # The grid stores sample indices: any change in how samples are placed must
        # invalidate it (rounded, so that the last bit of a platform's libm does not).
        digest.update(np.round(self._samples, 7).astype("<f8").tobytes())
        return digest.hexdigest()

    def save_grid(self, path) -> None:
        """Write the lookup grid to ``path`` (``.npz``) so another process can reuse it."""
        np.savez_compressed(path, key=self.grid_key, nearest=self.grid)

    def _load_grid(self, path):
        """Return the grid saved at ``path``, or None when it was made for another line."""
        with np.load(path) as saved:
            if str(saved["key"]) != self.grid_key:
                return None
            return saved["nearest"]

    @cached_property
    def grid(self) -> np.ndarray:
        """For each grid node, the index of the nearest sample.

        Read from ``grid_path`` when that file was saved for this very line,
        otherwise computed (seconds to a minute, once per process).
        """
        if self.grid_path is not None and Path(self.grid_path).is_file():
            saved = self._load_grid(self.grid_path)
            if saved is not None:
                return saved
        rows, cols = self._grid_shape
        glon = self._grid_origin[0] + self.grid_deg * np.arange(cols)
        glat = self._grid_origin[1] + self.grid_deg * np.arange(rows)
        lon2, lat2 = np.meshgrid(glon, glat)
        _, nearest = self._tree.query(
            self.sphere.to_vectors(lon2.ravel(), lat2.ravel()), k=1, workers=-1
        )
        return nearest.astype("int32").reshape(rows, cols)

    def nearest(self, lon, lat, *, chunk: int = 65_536) -> NearestOnLine:
        """Return the exact nearest point of the line for every query point.

        Parameters
        ----------
        lon, lat : array_like
            Query positions in degrees, already validated (finite, in range).
        chunk : int
            Points processed at once; bounds memory to tens of MB.
        """
        lon = np.atleast_1d(np.asarray(lon, dtype="float64"))
        lat = np.atleast_1d(np.asarray(lat, dtype="float64"))
        distance, flon, flat, frac = (np.empty(lon.size) for _ in range(4))
        segment = np.empty(lon.size, dtype="int64")
        # The grid pays for itself only on large batches; small ones go to the tree.
        use_grid = lon.size >= _GRID_MIN_POINTS
        for start in range(0, lon.size, chunk):
            part = slice(start, start + chunk)
            p = self.sphere.to_vectors(lon[part], lat[part])
            seg = self._choose_segment(lon[part], lat[part], p, use_grid=use_grid)
            seg, t = self._best_of_neighbours(p, seg)
            d, x, y = self._measure(lon[part], lat[part], seg, t)
            far = d > self.polish_beyond_m
            if far.any():
                seg[far], t[far] = self._polish(lon[part][far], lat[part][far], seg[far], t[far])
                d[far], x[far], y[far] = self._measure(
                    lon[part][far], lat[part][far], seg[far], t[far]
                )
            distance[part], flon[part], flat[part], segment[part], frac[part] = d, x, y, seg, t
        return NearestOnLine(distance, flon, flat, segment, frac)

    def _choose_segment(self, lon, lat, p, *, use_grid: bool) -> np.ndarray:
        """Segment of the sample nearest to each point (on the sphere)."""
        sample = np.empty(len(p), dtype="int64")
        gx = (lon - self._grid_origin[0]) / self.grid_deg
        gy = (lat - self._grid_origin[1]) / self.grid_deg
        rows, cols = self._grid_shape
        ix, iy = np.floor(gx).astype("int64"), np.floor(gy).astype("int64")
        on_grid = use_grid & (ix >= 0) & (iy >= 0) & (ix < cols - 1) & (iy < rows - 1)
        if on_grid.any():
            g = self.grid
            i, j = iy[on_grid], ix[on_grid]
            corners = np.stack([g[i, j], g[i + 1, j], g[i, j + 1], g[i + 1, j + 1]])
            lo, hi = corners.min(axis=0) - _PAD, corners.max(axis=0) + _PAD  # int32
            rows_grid = np.flatnonzero(on_grid)
            done = np.zeros(rows_grid.size, dtype=bool)
            # Most runs are short; the long ones belong to points near the medial axis of
            # the line, where far-apart parts of it compete: those runs hold both parts.
            for width in (*_RUN_WIDTHS, len(self._samples)):
                fits = ~done & (hi - lo <= width)
                batches = max(1, int(fits.sum()) * width // _SCAN_BUDGET)
                for part in np.array_split(np.flatnonzero(fits), batches):
                    sample[rows_grid[part]] = self._nearest_in_runs(
                        p[rows_grid[part]], lo[part], width
                    )
                done |= fits
        if not on_grid.all():
            _, sample[~on_grid] = self._tree.query(p[~on_grid], k=1, workers=-1)
        return self._sample_segment[sample]

    def _nearest_in_runs(self, p, lo, width) -> np.ndarray:
        """Index of the sample nearest each point among the ``width + 1`` from ``lo`` on.

        A run may reach past its own end (or the line's, clipped): scanning a few
        more real samples cannot make the answer worse.
        """
        run = lo[:, None] + np.arange(width + 1, dtype=lo.dtype)
        candidates = np.take(self._samples, run, axis=0, mode="clip")
        best = run[np.arange(len(p)), np.argmax(np.einsum("nwk,nk->nw", candidates, p), axis=1)]
        return np.clip(best, 0, len(self._samples) - 1)

    def _best_of_neighbours(self, p, seg):
        """Among each segment and its two neighbours, the nearest, and the foot fraction."""
        cand = np.clip(seg[:, None] + np.array([-1, 0, 1]), 0, self.n_segments - 1)
        metric = arc_metric(p[:, None, :], self._vertices[cand], self._vertices[cand + 1])
        best = cand[np.arange(len(p)), np.argmin(metric, axis=1)]
        t = arc_fraction(p, self._vertices[best], self._vertices[best + 1])
        return best, t

    def _measure(self, lon, lat, seg, frac):
        flon, flat, _ = GEOD.fwd(
            self.lon[seg], self.lat[seg], self.seg_az[seg], frac * self.seg_len_m[seg]
        )
        _, _, d = GEOD.inv(lon, lat, flon, flat)
        return np.asarray(d), np.asarray(flon), np.asarray(flat)

    def _polish(self, lon, lat, seg, frac):
        """Golden-section search on the ellipsoid over the segment and its neighbours.

        Positions along the line are ``u = segment + fraction``; the search keeps
        whichever is nearer, its result or the starting point.
        """

        def dist(u):
            s = np.minimum(np.floor(u).astype("int64"), self.n_segments - 1)
            return self._measure(lon, lat, s, u - s)[0]

        lo = np.clip(seg - 1, 0, None).astype("float64")
        hi = np.clip(seg + 2, None, self.n_segments).astype("float64")
        u, fu = golden_min(dist, lo, hi, tolerance=1e-7)
        start = seg + frac
        u = np.where(dist(start) <= fu, start, u)
        s = np.minimum(np.floor(u).astype("int64"), self.n_segments - 1)
        return s, u - s
