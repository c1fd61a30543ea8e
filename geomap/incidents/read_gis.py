"""Read incidents back from GeoPackage and GeoParquet files (geomap's own exports or others).

A GeoPackage is read from its ``incidents`` layer when it has one, else its
only layer. Point geometries give lat/lon; other columns are read by name.
"""

from __future__ import annotations

import math

from geomap.errors import InputError
from geomap.incidents.normalize import build_incidents
from geomap.incidents.problems import Problems

__all__ = ["incidents_from_gpkg", "incidents_from_parquet"]


def incidents_from_gpkg(path: str, *, problems: Problems):
    """Return the incident GeoDataFrame stored in a GeoPackage."""
    import pyogrio

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
    except Exception as error:  # pyogrio raises DataSourceError and friends
        raise InputError(f"not a readable GeoPackage: {error}", path=path) from None
    if "incidents" in layers:
        layer = "incidents"
    elif len(layers) == 1:
        layer = layers[0]
    else:
        raise InputError(
            f"has no 'incidents' layer (layers: {', '.join(layers)})", path=path, field="layer"
        )
    frame = pyogrio.read_dataframe(path, layer=layer)
    return _from_frame(frame, path=path, problems=problems)


def incidents_from_parquet(path: str, *, problems: Problems):
    """Return the incident GeoDataFrame stored in a GeoParquet file."""
    import geopandas as gpd

    try:
        frame = gpd.read_parquet(path)
    except ImportError as error:
        raise InputError(f"reading GeoParquet needs pyarrow ({error})", path=path) from None
    except Exception as error:
        raise InputError(f"not a readable GeoParquet file: {error}", path=path) from None
    return _from_frame(frame, path=path, problems=problems)


def _from_frame(frame, *, path: str, problems: Problems):
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    geometry_name = frame.geometry.name
    records = []
    for number, (row, geometry) in enumerate(
        zip(frame.drop(columns=geometry_name).to_dict("records"), frame.geometry, strict=True), 1
    ):
        row = {k: (None if _is_nan(v) else v) for k, v in row.items()}
        if geometry is not None and not geometry.is_empty:
            if geometry.geom_type != "Point":
                problems.add(
                    f"geometry type {geometry.geom_type} is not a Point",
                    then="kept without coordinates",
                    path=path,
                    row=number,
                    field="geometry",
                )
                row["lat"] = row["lon"] = None
            else:
                row["lon"], row["lat"] = geometry.x, geometry.y
        records.append((number, row))
    return build_incidents(records, path=path, problems=problems)


def _is_nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
