"""Enrich incidents: geocode what lacks coordinates, then add the border answers.

For every placed incident: exact geodesic distance to the Durand Line (km),
side (``AF``, ``PK``, ``other``, or ``ambiguous`` when the location's
uncertainty reaches across the line), the nearest official crossing and its
distance, and (where geomap ships province polygons) admin-1 and country.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from geomap.errors import InputError, PlaceNotFound
from geomap.incidents.model import GEO_PRECISIONS, REFUSED_COORDINATES
from geomap.incidents.problems import Problems

__all__ = ["enrich"]

# Country names as sources spell them -> the ISO codes the geocoder takes.
_COUNTRY_CODES = {"afghanistan": "AF", "pakistan": "PK"}


def enrich(
    incidents,
    *,
    strict: bool = False,
    geocoder: Callable | None = None,
    report: Callable[[InputError], None] | None = None,
):
    """Return a copy of ``incidents`` with coordinates and border answers filled in.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        As returned by :func:`geomap.read_incidents`.
    strict : bool, default False
        Raise :class:`~geomap.errors.InputError` for the first incident that
        cannot be placed, instead of reporting it and keeping it unplaced.
    geocoder : callable, optional
        ``geocoder(name, country=...)`` returning a candidate with ``lat``,
        ``lon``, ``uncertainty_km``... and raising
        :class:`~geomap.errors.PlaceNotFound`; default :func:`geomap.geocode_one`
        (the offline gazetteer unless configured otherwise).
    report : callable, optional
        Receives each problem when not strict; default: a
        :class:`~geomap.errors.GeomapWarning`.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows in the same order; ``distance_to_border_km``, ``side``,
        ``nearest_crossing``, ``nearest_crossing_km`` recomputed for every
        placed row, ``lat``/``lon`` (and ``geometry``) filled for rows geocoded
        here, ``country``/``admin1`` filled where empty.

    Examples
    --------
    >>> import geomap
    >>> out = geomap.enrich(geomap.seed_incidents())
    >>> out.loc[out.id == "kabul-talks", "side"].item()
    'AF'
    >>> bool(out.loc[out.id == "kabul-talks", "distance_to_border_km"].item() > 50)
    True

    .. versionadded:: 0.1.0
    """
    from geomap.incidents.normalize import conform

    problems = Problems(strict=strict, report=report)
    frame = conform(incidents)
    frame = frame.reset_index(drop=True)
    _geocode_missing(frame, geocoder, problems)
    frame = conform(frame)
    _border_answers(frame)
    _admin_areas(frame)
    return frame


def _geocode_missing(frame, geocoder, problems: Problems) -> None:
    import numpy as np
    import pandas as pd

    unplaced = frame.index[frame["lat"].isna() | frame["lon"].isna()]
    if len(unplaced) and geocoder is None:
        import geomap

        geocoder = geomap.geocode_one
    for i in unplaced:
        row = i + 1
        ident = frame.at[i, "id"]
        place = frame.at[i, "place"]
        if REFUSED_COORDINATES in (frame.at[i, "notes"] or ""):
            problems.add(
                f"(id {ident!r}) its coordinates were refused when read; not geocoded from "
                "its place, so as not to replace the source's position",
                row=row,
                field="lat",
                then="kept unplaced",
            )
            continue
        if place is None:
            problems.add(
                f"(id {ident!r}) has no coordinates and no place to geocode",
                then="kept unplaced",
                row=row,
                field="place",
            )
            continue
        country = _country_code(frame.at[i, "country"])
        try:
            found = geocoder(place, country=country)
        except PlaceNotFound as error:
            problems.add(
                f"(id {ident!r}) place {place!r} cannot be placed: {error}",
                then="kept unplaced",
                row=row,
                field="place",
            )
            continue
        frame.at[i, "lat"], frame.at[i, "lon"] = float(found.lat), float(found.lon)
        code = getattr(found, "precision", None)
        if isinstance(code, int | np.integer) and int(code) in GEO_PRECISIONS:
            if pd.isna(frame.at[i, "geo_precision"]):
                frame.at[i, "geo_precision"] = int(code)
        radius_km = getattr(found, "uncertainty_km", None)
        if math.isnan(frame.at[i, "uncertainty_km"]) and radius_km is not None:
            frame.at[i, "uncertainty_km"] = float(radius_km)
        found_country = getattr(found, "country", None)
        if frame.at[i, "country"] is None and found_country and "," not in found_country:
            # A crossing is in both countries ("AF,PK"): the polygons decide below.
            frame.at[i, "country"] = found_country
        note = (
            f"coordinates geocoded from {place!r} by {getattr(found, 'source', 'the geocoder')}"
            f" (matched {getattr(found, 'name', place)!r}"
            + (f", {found.kind}" if getattr(found, "kind", None) else "")
            + ")"
        )
        old = frame.at[i, "notes"]
        frame.at[i, "notes"] = f"{old}; {note}" if old else note


def _country_code(country) -> str | None:
    if country is None:
        return None
    text = str(country).strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return _COUNTRY_CODES.get(text.lower())


def _border_answers(frame) -> None:
    import numpy as np

    import geomap

    placed = frame["lat"].notna().to_numpy() & frame["lon"].notna().to_numpy()
    for name in ("side", "nearest_crossing"):
        frame[name] = frame[name].astype(object)
    frame.loc[~placed, ["distance_to_border_km", "nearest_crossing_km"]] = np.nan
    frame.loc[~placed, ["side", "nearest_crossing"]] = None
    if not placed.any():
        return
    lon = frame["lon"].to_numpy(dtype="float64")[placed]
    lat = frame["lat"].to_numpy(dtype="float64")[placed]
    uncertainty_km = np.nan_to_num(frame["uncertainty_km"].to_numpy(dtype="float64")[placed])
    answers = geomap.border().query(lon, lat, uncertainty_km=uncertainty_km)
    index = frame.index[placed]
    frame.loc[index, "distance_to_border_km"] = answers["distance_km"].to_numpy(dtype="float64")
    frame.loc[index, "side"] = [str(s) for s in answers["side"]]
    frame.loc[index, "nearest_crossing"] = [
        None if c is None or c != c else str(c) for c in answers["nearest_crossing"]
    ]
    frame.loc[index, "nearest_crossing_km"] = answers["nearest_crossing_km"].to_numpy(
        dtype="float64"
    )


def _admin_areas(frame) -> None:
    """Fill empty ``country`` (ISO code) and ``admin1`` from the polygons geomap ships."""
    import geopandas as gpd

    import geomap

    placed = frame.geometry.notna() & ~frame.geometry.is_empty
    if not placed.any():
        return
    points = gpd.GeoDataFrame(geometry=frame.geometry[placed], crs="EPSG:4326")
    countries = geomap.border().countries[["iso2", "geometry"]]
    hit = gpd.sjoin(points, countries, how="left", predicate="within")
    hit = hit[~hit.index.duplicated()]
    for i, code in hit["iso2"].items():
        if frame.at[i, "country"] is None and isinstance(code, str):
            frame.at[i, "country"] = code
    provinces = _provinces()
    if provinces is None:
        return
    hit = gpd.sjoin(points, provinces, how="left", predicate="within")
    hit = hit[~hit.index.duplicated()]
    for i, name in hit["admin1_name"].items():
        if frame.at[i, "admin1"] is None and isinstance(name, str):
            frame.at[i, "admin1"] = name


@cache
def _provinces():
    """Return admin-1 polygons (column ``admin1_name``) if geomap ships them, else None."""
    from geomap._data import data_dir
    from geomap.errors import BorderDataError

    try:
        folder = data_dir("basemaps")
    except BorderDataError:
        return None
    files = sorted(p for p in folder.glob("admin1*") if p.suffix in (".geojson", ".gpkg"))
    if not files:
        return None
    import pyogrio

    frame = pyogrio.read_dataframe(files[0])
    if "kind" in frame.columns:
        # Keep today's provinces only: the file also carries historical regions (the
        # former FATA, merged into Khyber Pakhtunkhwa in 2018) that overlap them.
        frame = frame[frame["kind"] == "province"]
    name = next((c for c in ("name", "admin1", "NAME", "name_en") if c in frame.columns), None)
    if name is None:
        return None
    frame = frame.rename(columns={name: "admin1_name"})[["admin1_name", "geometry"]]
    return frame.to_crs(4326) if frame.crs is not None else frame.set_crs(4326)
