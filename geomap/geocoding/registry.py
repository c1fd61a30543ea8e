"""The one place where geocoding backends are registered by name.

Backends are imported on first use, so the offline path never imports geopy.
"""

from __future__ import annotations

import importlib
from functools import cache

from geomap.errors import UnknownBackendError
from geomap.geocoding.base import Geocoder

__all__ = ["BACKENDS", "ONLINE_BACKENDS", "backend_names", "get_backend"]

BACKENDS = {
    "gazetteer": "geomap.geocoding.gazetteer:GazetteerGeocoder",
    "nominatim": "geomap.geocoding.nominatim:NominatimGeocoder",
}
ONLINE_BACKENDS = ("nominatim",)


def backend_names() -> tuple[str, ...]:
    """Return the registered backend names.

    Examples
    --------
    >>> backend_names()
    ('gazetteer', 'nominatim')
    """
    return tuple(BACKENDS)


@cache
def backend_class(name: str) -> type:
    """Return the class registered as ``name``, raising UnknownBackendError otherwise.

    Examples
    --------
    >>> backend_class("google")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap.errors.UnknownBackendError: unknown geocoder 'google'; choose one of: gazetteer, ...
    """
    if name not in BACKENDS:
        raise UnknownBackendError(
            f"unknown geocoder {name!r}; choose one of: {', '.join(BACKENDS)}"
        )
    module, _, attr = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def get_backend(name: str, **settings) -> Geocoder:
    """Return a new instance of backend ``name`` built with ``settings``."""
    return backend_class(name)(**settings)
