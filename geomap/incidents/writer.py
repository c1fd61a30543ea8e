"""``write_incidents`` and friends: choose the format from the suffix, write atomically.

Every output goes to a temporary file beside the destination and is renamed
over it only when writing succeeded (``geomap._atomic.atomic_path``); an output
that names one of the inputs is refused before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from geomap._atomic import atomic_path, check_not_input
from geomap.errors import ConfigError, ExportError

__all__ = [
    "write_incidents",
    "write_layer",
    "border_frame",
    "crossings_frame",
    "OUTPUT_FORMATS",
    "format_for",
]

#: Output formats and the suffixes that select them.
OUTPUT_FORMATS = {
    "geojson": (".geojson", ".json"),
    "gpkg": (".gpkg",),
    "csv": (".csv",),
    "kml": (".kml",),
    "parquet": (".parquet", ".geoparquet"),
}

_DISPUTED = (
    "The Durand Line is a disputed boundary: Afghanistan has never formally recognised it, "
    "and India claims the easternmost segment (Gilgit-Baltistan)."
)


def format_for(path: str | os.PathLike, format: str | None = None) -> str:
    """Return the output format named by ``format`` or by the suffix of ``path``.

    Examples
    --------
    >>> format_for("out/x.GeoJSON"), format_for("x.dat", "csv")
    ('geojson', 'csv')
    >>> format_for("x.shp")
    Traceback (most recent call last):
    ...
    geomap.errors.ConfigError: cannot tell the output format of x.shp; use a suffix or --format \
among .geojson, .json, .gpkg, .csv, .kml, .parquet, .geoparquet
    """
    if format is not None:
        if format not in OUTPUT_FORMATS:
            raise ConfigError(
                f"unknown output format {format!r}; choose one of {', '.join(OUTPUT_FORMATS)}"
            )
        return format
    suffix = Path(path).suffix.lower()
    for name, suffixes in OUTPUT_FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for suffixes in OUTPUT_FORMATS.values() for s in suffixes)
    raise ConfigError(
        f"cannot tell the output format of {path}; use a suffix or --format among {known}"
    )


def write_incidents(
    incidents,
    path: str | os.PathLike,
    *,
    format: str | None = None,
    inputs: Iterable[str | os.PathLike] = (),
    with_border: bool = True,
) -> Path:
    """Write incidents to ``path`` in the format its suffix names, atomically.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        As returned by :func:`geomap.read_incidents` or :func:`geomap.enrich`.
    path : path-like
        Destination; ``.geojson``/``.json``, ``.gpkg``, ``.csv``, ``.kml`` or
        ``.parquet``. An existing file is replaced only when writing succeeds.
    format : str, optional
        Overrides the suffix: ``geojson, gpkg, csv, kml, parquet``.
    inputs : iterable of path-like
        Files the data came from; writing over one of them is refused.
    with_border : bool, default True
        Add the ``border`` and ``crossings`` layers to a GeoPackage.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ExportError
        The output is an input, its directory is missing, or writing failed.

    Examples
    --------
    >>> import tempfile, pathlib, geomap
    >>> from geomap.incidents.normalize import empty_incidents
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "none.geojson"
    >>> write_incidents(empty_incidents(), out).name
    'none.geojson'

    .. versionadded:: 0.1.0
    """
    kind = format_for(path, format)
    layers = {"incidents": incidents}
    if kind == "gpkg" and with_border:
        layers.update(border=border_frame(), crossings=crossings_frame())
    return _write(layers, path, kind=kind, inputs=inputs, name="geomap incidents")


def write_layer(
    frame,
    path: str | os.PathLike,
    *,
    layer: str,
    format: str | None = None,
    inputs: Iterable[str | os.PathLike] = (),
) -> Path:
    """Write one GeoDataFrame (for example :func:`border_frame`) on its own, atomically.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Any layer in EPSG:4326.
    path : path-like
        Destination, format from its suffix as in :func:`write_incidents`.
    layer : str
        Layer name in a GeoPackage; document name in KML.
    format : str, optional
        Overrides the suffix.
    inputs : iterable of path-like
        Files never to overwrite.

    Returns
    -------
    pathlib.Path
    """
    kind = format_for(path, format)
    return _write({layer: frame}, path, kind=kind, inputs=inputs, name=f"geomap {layer}")


def border_frame():
    """Return the shipped border line as a one-row GeoDataFrame (EPSG:4326).

    Columns: ``name``, ``length_km`` (geodesic, WGS84), ``source`` and
    ``note`` (the line is disputed).
    """
    import geopandas as gpd

    import geomap

    border = geomap.border()
    return gpd.GeoDataFrame(
        {
            "name": ["Durand Line (Afghanistan-Pakistan border)"],
            "length_km": [float(border.length_km)],
            "source": [border.source],
            "note": [_DISPUTED],
        },
        geometry=[border.line],
        crs="EPSG:4326",
    )


def crossings_frame():
    """Return the shipped border crossings (name, status, uncertainty_km, note; Points)."""
    import geomap

    crossings = geomap.border().crossings
    return crossings.to_crs(4326) if crossings.crs is not None else crossings.set_crs(4326)


def _write(layers: dict, path, *, kind: str, inputs, name: str) -> Path:
    path = Path(path)
    check_not_input(path, inputs)
    (frame,) = list(layers.values())[:1]
    with atomic_path(path) as tmp:
        try:
            if kind == "gpkg":
                from geomap.incidents.write_gis import write_gpkg

                write_gpkg(layers, tmp)
            elif kind == "parquet":
                from geomap.incidents.write_gis import write_parquet

                write_parquet(frame, tmp)
            elif kind == "geojson":
                from geomap.incidents.write_geojson import write_geojson

                write_geojson(frame, tmp)
            elif kind == "csv":
                from geomap.incidents.write_csv import write_csv

                write_csv(frame, tmp)
            else:
                from geomap.incidents.write_kml import write_kml

                write_kml(frame, tmp, name=name)
        except ExportError:
            raise
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from error
    return path
