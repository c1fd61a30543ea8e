"""The Afghanistan-Pakistan border as geometry, with exact geodesic answers.

:func:`border` loads the shipped line (``basemaps/data``), the two country
polygons that decide the side of a point, and the official crossings.
"""

from __future__ import annotations

import json
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import shapely

from geomap._data import data_dir, data_file
from geomap.boundary.buffer import geodesic_buffer
from geomap.boundary.distance import GeodesicLineIndex
from geomap.coords import as_lonlat_arrays, validate_lonlat
from geomap.errors import BorderDataError, CoordinateError

__all__ = ["Border", "border", "SIDES"]

SIDES = ("AF", "PK", "other", "ambiguous")
GRID_FILE = "border_grid.npz"
# Relative and absolute (1 m) margins within which the sphere may misorder two crossings.
_SPHERE_TIE = 2e-3
_SPHERE_TIE_RAD = 1.0 / 6_371_000.0
_GEOD = pyproj.Geod(ellps="WGS84")


class Border:
    """A border line with the polygons on either side and its crossings.

    Use :func:`border` for the shipped Afghanistan-Pakistan border; construct
    this class directly to swap in another rendering of the line.

    Parameters
    ----------
    line : shapely.LineString
        The border, lon/lat (EPSG:4326); vertices are joined by geodesics.
    countries : dict of str to shapely geometry
        Polygons keyed by the side code they stand for ("AF", "PK").
    crossings : pandas.DataFrame
        One row per crossing: ``name``, ``lon``, ``lat`` and any attributes.
    source : str
        Where the line comes from (shown wherever the line is shown).
    disputed : str
        The note on the line's status.
    grid_path : path-like, optional
        A lookup grid saved for this line (speeds up the first large batch).
    """

    def __init__(
        self, line, *, countries, crossings, source: str, disputed: str, grid_path=None
    ) -> None:
        if not isinstance(line, shapely.LineString) or len(line.coords) < 2:
            raise BorderDataError("the border must be a LineString with at least two vertices")
        self.line = line
        self.source = source
        self.disputed = disputed
        self._countries = dict(countries)
        for polygon in self._countries.values():
            shapely.prepare(polygon)
        self._crossings = crossings.reset_index(drop=True)
        coords = np.asarray(line.coords)
        self._index = GeodesicLineIndex(coords[:, 0], coords[:, 1], grid_path=grid_path)

    def __repr__(self) -> str:
        return f"<Border {self.length_km:.1f} km, {len(self.line.coords)} vertices>"

    @property
    def length_km(self) -> float:
        """Geodesic length of the line on WGS84, in km.

        Examples
        --------
        >>> 2600 < border().length_km < 2700
        True
        """
        return self._index.length_m / 1000.0

    @property
    def start(self) -> tuple[float, float]:
        """First vertex as (lon, lat): the Afghanistan-Iran-Pakistan tripoint."""
        return tuple(self.line.coords[0])

    @property
    def end(self) -> tuple[float, float]:
        """Last vertex as (lon, lat): the Afghanistan-China-Pakistan tripoint."""
        return tuple(self.line.coords[-1])

    @cached_property
    def countries(self):
        """The polygons deciding the side, as a GeoDataFrame (``iso2``, geometry)."""
        import geopandas as gpd

        return gpd.GeoDataFrame(
            {"iso2": list(self._countries)}, geometry=list(self._countries.values()), crs=4326
        )

    @cached_property
    def crossings(self):
        """The crossings as a GeoDataFrame of points (EPSG:4326)."""
        import geopandas as gpd

        frame = self._crossings
        return gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326
        )

    def distance_km(self, lon, lat=None):
        """Exact geodesic distance to the line, in km.

        Parameters
        ----------
        lon, lat : float or array_like
            Positions in degrees (broadcast together). Instead, ``lon`` may be a
            GeoSeries (or array) of points and ``lat`` left out.

        Returns
        -------
        numpy.ndarray
            One distance per position, in km on WGS84 (never degrees).

        Raises
        ------
        CoordinateError
            A value is not finite or out of range.

        Examples
        --------
        >>> b = border()
        >>> float(b.distance_km(*b.start)[0])
        0.0
        >>> km = b.distance_km([71.5785, 66.9750], [34.0151, 30.1798])  # Peshawar, Quetta
        >>> [round(float(k)) for k in km]
        [45, 63]
        """
        return self.nearest_on_line(lon, lat).distance_m / 1000.0

    def nearest_on_line(self, lon, lat=None):
        """Return the :class:`~geomap.boundary.distance.NearestOnLine` answer for each point."""
        return self._index.nearest(*_positions(lon, lat))

    def nearest(self, lon, lat=None) -> tuple[np.ndarray, np.ndarray]:
        """Nearest point of the line to each position, as ``(lon, lat)`` arrays.

        Examples
        --------
        >>> lon, lat = border().nearest(71.5785, 34.0151)  # Peshawar
        >>> round(float(lon[0]), 2), round(float(lat[0]), 2)
        (71.13, 34.16)
        """
        hit = self.nearest_on_line(lon, lat)
        return hit.lon, hit.lat

    def side(self, lon, lat=None, *, uncertainty_km=None, distance_km=None) -> np.ndarray:
        """Which side of the border each position is on.

        Parameters
        ----------
        lon, lat : float or array_like
            Positions in degrees.
        uncertainty_km : float or array_like, optional
            Radius within which the true position lies. Where it exceeds the
            distance to the border, the side is ``"ambiguous"``.
        distance_km : array_like, optional
            Distances already computed with :meth:`distance_km` (saves work).

        Returns
        -------
        numpy.ndarray of str
            ``"AF"``, ``"PK"``, ``"other"`` or ``"ambiguous"``.

        Examples
        --------
        >>> border().side([69.1775, 71.5785, 51.389], [34.5281, 34.0151, 35.689]).tolist()
        ['AF', 'PK', 'other']
        >>> border().side(71.0911, 34.1197, uncertainty_km=25).tolist()  # Torkham, region-level
        ['ambiguous']
        """
        lon, lat = _positions(lon, lat)
        out = np.full(lon.shape, "other", dtype=object)
        for code, polygon in self._countries.items():
            out[shapely.contains_xy(polygon, lon, lat)] = code
        if uncertainty_km is not None:
            radius = np.broadcast_to(np.asarray(uncertainty_km, dtype="float64"), lon.shape)
            known = np.isfinite(radius) & (radius > 0)
            if known.any():
                if distance_km is None:
                    distance_km = np.full(lon.shape, np.inf)
                    distance_km[known] = self.distance_km(lon[known], lat[known])
                out[known & (radius > np.asarray(distance_km))] = "ambiguous"
        return out.astype(str)

    def nearest_crossing(self, lon, lat=None) -> tuple[np.ndarray, np.ndarray]:
        """Nearest crossing to each position and the geodesic distance to it, in km.

        Examples
        --------
        >>> names, km = border().nearest_crossing(71.5785, 34.0151)  # Peshawar
        >>> names[0], round(float(km[0]))
        ('Torkham', 48)
        """
        lon, lat = _positions(lon, lat)
        clon = self._crossings["lon"].to_numpy(float)
        clat = self._crossings["lat"].to_numpy(float)
        names = self._crossings["name"].to_numpy(object)
        # Rank on the conformal sphere (cheap), then measure on the ellipsoid. The sphere's
        # scale error (~1e-6 near the border, ~1e-3 a continent away) can only swap
        # near-ties, so the runner-up is measured too where it is that close.
        sphere = self._index.sphere
        cos = sphere.to_vectors(lon, lat) @ sphere.to_vectors(clon, clat).T
        order = np.argsort(-cos, axis=1)
        best = order[:, 0]
        best_km = _GEOD.inv(lon, lat, clon[best], clat[best])[2] / 1000.0
        if len(names) > 1:
            rows = np.arange(len(lon))
            angle = np.arccos(np.clip(cos[rows[:, None], order[:, :2]], -1.0, 1.0))
            close = angle[:, 1] <= angle[:, 0] * (1 + _SPHERE_TIE) + _SPHERE_TIE_RAD
            if close.any():
                second = order[close, 1]
                km = _GEOD.inv(lon[close], lat[close], clon[second], clat[second])[2] / 1000.0
                swap = km < best_km[close]
                best[np.flatnonzero(close)[swap]] = second[swap]
                best_km[np.flatnonzero(close)[swap]] = km[swap]
        return names[best], best_km

    def query(self, lon, lat=None, *, uncertainty_km=None) -> pd.DataFrame:
        """All border answers for each position, as one table.

        Returns
        -------
        pandas.DataFrame
            Columns ``distance_km``, ``side``, ``nearest_lat``, ``nearest_lon``,
            ``nearest_crossing``, ``nearest_crossing_km``.

        Examples
        --------
        >>> row = border().query(71.14108, 34.0988).iloc[0]  # Landi Kotal (GeoNames)
        >>> row.side, row.nearest_crossing, round(float(row.distance_km), 1)
        ('PK', 'Torkham', 5.0)
        """
        lon, lat = _positions(lon, lat)
        hit = self._index.nearest(lon, lat)
        distance_km = hit.distance_m / 1000.0
        names, crossing_km = self.nearest_crossing(lon, lat)
        return pd.DataFrame(
            {
                "distance_km": distance_km,
                "side": self.side(lon, lat, uncertainty_km=uncertainty_km, distance_km=distance_km),
                "nearest_lat": hit.lat,
                "nearest_lon": hit.lon,
                "nearest_crossing": names,
                "nearest_crossing_km": crossing_km,
            }
        )

    def buffer(self, km: float, *, segments_per_vertex: int = 16):
        """Return the band of ``km`` on each side of the line, built on the ellipsoid.

        Every vertex of the returned polygon lies ``km`` (geodesic) from the line;
        use it to draw "within 10 km of the border" on a map.

        Examples
        --------
        >>> band = border().buffer(10)
        >>> band.contains(shapely.Point(71.0911, 34.1197))  # Torkham
        True
        """
        return geodesic_buffer(self.line, km, segments_per_vertex=segments_per_vertex)


def _positions(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Return validated, flat lon/lat arrays from arrays or from a GeoSeries of points."""
    if lat is None:
        points = lon
        crs = getattr(points, "crs", None)
        if crs is not None and not crs.equals("EPSG:4326"):
            points = points.to_crs(4326)
        points = np.asarray(getattr(points, "values", points), dtype=object)
        if (shapely.get_type_id(points) != 0).any():  # 0: Point
            bad = int(np.argmax(shapely.get_type_id(points) != 0))
            raise CoordinateError(
                "not a point (missing or other geometry)", row=bad + 1, field="geometry"
            )
        lon, lat = shapely.get_x(points), shapely.get_y(points)
    lon, lat = as_lonlat_arrays(lon, lat)
    validate_lonlat(lon, lat)
    return lon.ravel(), lat.ravel()


def _read_features(name: str) -> list[dict]:
    path = data_file("basemaps", name)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError) as error:
        raise BorderDataError(f"cannot read {path}: {error}") from error


@cache
def border() -> Border:
    """Return the shipped Afghanistan-Pakistan border (loaded once per process).

    The line is OpenStreetMap-derived (ODbL) and disputed; ``source`` and
    ``disputed`` say so.

    Examples
    --------
    >>> b = border()
    >>> b.start  # the Afghanistan-Iran-Pakistan tripoint, (lon, lat)
    (60.8729, 29.8585)
    """
    (line_feature,) = _read_features("border.geojson")
    line = shapely.geometry.shape(line_feature["geometry"])
    countries = {
        f["properties"]["iso2"]: shapely.geometry.shape(f["geometry"])
        for f in _read_features("countries.geojson")
    }
    rows = []
    for f in _read_features("crossings.geojson"):
        lon, lat = f["geometry"]["coordinates"]
        rows.append({**f["properties"], "lon": lon, "lat": lat})
    props = line_feature["properties"]
    return Border(
        line,
        countries=countries,
        crossings=pd.DataFrame(rows),
        source=props["source"],
        disputed=props["disputed"],
        # Built with the data: the lookup grid for large batches takes a minute to make.
        grid_path=data_dir("basemaps") / GRID_FILE,
    )
