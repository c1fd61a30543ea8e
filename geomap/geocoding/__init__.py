"""Geocoding backends behind one protocol: the offline gazetteer (default) and Nominatim."""

from __future__ import annotations

from geomap.geocoding.api import geocode, geocode_many, geocode_one, get_geocoder
from geomap.geocoding.base import Candidate, Geocoder
from geomap.geocoding.registry import backend_names, get_backend

__all__ = [
    "Candidate",
    "Geocoder",
    "backend_names",
    "geocode",
    "geocode_many",
    "geocode_one",
    "get_backend",
    "get_geocoder",
]
