"""geomap: geocode, measure and map cited incidents along the Afghanistan-Pakistan border.

The Durand Line is a disputed boundary; geomap ships one OpenStreetMap-derived
rendering of it (see ``basemaps/SOURCE.md``) and says so wherever it shows it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from geomap.coords import LatLon, LonLat
from geomap.errors import (
    AssetsMissing,
    BorderDataError,
    ConfigError,
    CoordinateError,
    ExportError,
    GeocoderError,
    GeocoderTimeout,
    GeocoderUnavailable,
    GeomapError,
    GeomapWarning,
    InputError,
    PlaceNotFound,
    RateLimited,
    UnknownBackendError,
)
from geomap.options import options

# Heavy parts (pandas, geopandas, folium) load on first use, so that
# `geomap geocode` and `geomap distance` start fast.
_LAZY = {
    "border": "geomap.boundary",
    "Border": "geomap.boundary",
    "geocode": "geomap.geocoding.api",
    "geocode_many": "geomap.geocoding.api",
    "geocode_one": "geomap.geocoding.api",
    "Candidate": "geomap.geocoding.base",
    "read_incidents": "geomap.incidents.reader",
    "enrich": "geomap.incidents.enrich",
    "seed_incidents": "geomap.incidents.seeds",
    "write_incidents": "geomap.incidents.writer",
    "extract_incidents": "geomap.extract.pipeline",
    "extract_mentions": "geomap.extract.pipeline",
    "incidents_from_article": "geomap.extract.pipeline",
    "build_map": "geomap.render.maps",
    "save_map": "geomap.render.maps",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])


__all__ = [
    "__version__",
    "options",
    "border",
    "Border",
    "show_versions",
    "LatLon",
    "LonLat",
    "GeomapError",
    "ConfigError",
    "InputError",
    "CoordinateError",
    "PlaceNotFound",
    "UnknownBackendError",
    "GeocoderError",
    "GeocoderTimeout",
    "GeocoderUnavailable",
    "RateLimited",
    "BorderDataError",
    "ExportError",
    "AssetsMissing",
    "GeomapWarning",
    "read_incidents",
    "enrich",
    "extract_incidents",
    "extract_mentions",
    "incidents_from_article",
    "write_incidents",
    "seed_incidents",
    "build_map",
    "save_map",
    "geocode",
    "geocode_one",
    "geocode_many",
    "Candidate",
]


def show_versions() -> None:
    """Print the versions of geomap and the libraries it relies on, for bug reports."""
    import importlib.metadata as md
    import platform

    print(f"geomap {__version__} on Python {platform.python_version()} ({platform.platform()})")
    for name in (
        "numpy",
        "pandas",
        "shapely",
        "pyproj",
        "pyogrio",
        "geopandas",
        "folium",
        "geopy",
        "rapidfuzz",
        "scipy",
        "pyarrow",
        "dask",
        "distributed",
        "dask-geopandas",
    ):
        try:
            print(f"  {name} {md.version(name)}")
        except md.PackageNotFoundError:
            print(f"  {name} not installed")
