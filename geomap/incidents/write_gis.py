"""Write GeoPackage (through GDAL) and GeoParquet (through pyarrow).

Both keep full coordinate precision and typed columns. A GeoPackage of
incidents also carries the ``border`` and ``crossings`` layers so that one file
opens complete in QGIS.
"""

from __future__ import annotations

import os

from geomap.errors import ExportError
from geomap.incidents.values import text_columns_for_gis

__all__ = ["write_gpkg", "write_parquet"]


def write_gpkg(layers: dict, path: str | os.PathLike) -> None:
    """Write each ``name: GeoDataFrame`` of ``layers`` as a layer of one GeoPackage.

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib, shapely, pyogrio
    >>> f = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(69.2, 34.5), None],
    ...                      crs=4326)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.gpkg"
    >>> write_gpkg({"incidents": f}, p)
    >>> [name for name, _ in pyogrio.list_layers(p)]
    ['incidents']
    """
    import pyogrio

    for name, frame in layers.items():
        frame = text_columns_for_gis(frame)
        kinds = {g.geom_type for g in frame.geometry if g is not None}
        geometry_type = kinds.pop() if len(kinds) == 1 else ("Point" if not kinds else "Unknown")
        try:
            pyogrio.write_dataframe(
                frame,
                path,
                layer=name,
                driver="GPKG",
                geometry_type=geometry_type,
                promote_to_multi=False,
            )
        except Exception as error:  # GDAL's errors carry the reason in their text
            raise ExportError(f"cannot write layer {name!r} to {path}: {error}") from error


def write_parquet(frame, path: str | os.PathLike) -> None:
    """Write ``frame`` as GeoParquet (WKB geometry, GeoParquet 1.0 metadata)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ExportError("writing GeoParquet needs pyarrow: pip install 'pyarrow>=15'") from None
    text_columns_for_gis(frame).to_parquet(path, index=False, schema_version="1.0.0")
