"""geomap: geocode, measure and map cited incidents along the Afghanistan-Pakistan border.

The Durand Line is a disputed boundary; geomap ships one OpenStreetMap-derived
rendering of it (see ``basemaps/SOURCE.md``) and says so wherever it shows it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from geomap.coords import LatLon, LonLat
from geomap.errors import (
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
from geomap.extract.pipeline import extract_incidents, extract_mentions, incidents_from_article
from geomap.geocoding.api import geocode, geocode_many, geocode_one
from geomap.geocoding.base import Candidate
from geomap.incidents.enrich import enrich
from geomap.incidents.reader import read_incidents
from geomap.incidents.seeds import seed_incidents
from geomap.incidents.writer import write_incidents
from geomap.options import options
from geomap.render.maps import build_map, save_map

__all__ = [
    "__version__",
    "options",
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
