"""The offline gazetteer: GeoNames places, Natural Earth admin units and our Af-Pak layer."""

from __future__ import annotations

from functools import cache

from geomap.gazetteer.normalize import compact_key, normalize, skeleton_key
from geomap.gazetteer.search import Gazetteer, Match
from geomap.gazetteer.store import GazetteerStore, PlaceRow

__all__ = [
    "Gazetteer",
    "GazetteerStore",
    "Match",
    "PlaceRow",
    "compact_key",
    "default_gazetteer",
    "normalize",
    "skeleton_key",
]


@cache
def default_gazetteer() -> Gazetteer:
    """Return the shared :class:`Gazetteer` over the shipped index (opened once)."""
    return Gazetteer()
