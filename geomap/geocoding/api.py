"""geomap's public geocoding functions: one name, the best one, or a whole column."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from geomap.errors import GeocoderError, InputError, PlaceNotFound
from geomap.geocoding.base import Candidate
from geomap.geocoding.registry import backend_class
from geomap.options import options

if TYPE_CHECKING:  # pandas is imported only by geocode_many
    import pandas as pd

__all__ = ["geocode", "geocode_one", "geocode_many", "get_geocoder", "FIELDS"]

FIELDS = (
    "name",
    "lat",
    "lon",
    "country",
    "kind",
    "precision",
    "uncertainty_km",
    "source",
    "score",
    "backend",
)
_INSTANCES: dict[tuple, object] = {}


def get_geocoder(online: str | None = None):
    """Return the backend for ``online`` (None: the offline gazetteer), reused per settings.

    Examples
    --------
    >>> get_geocoder().name
    'gazetteer'
    >>> get_geocoder("bing")
    Traceback (most recent call last):
    ...
    geomap.errors.UnknownBackendError: unknown geocoder 'bing'; choose one of: gazetteer, nominatim
    """
    name = online or "gazetteer"
    cls = backend_class(name)
    settings = (
        ()
        if name == "gazetteer"
        else (
            options.user_agent,
            options.nominatim_url,
            options.timeout_s,
            options.min_delay_s,
            str(options.cache_dir),
        )
    )
    key = (name, settings)
    if key not in _INSTANCES:
        _INSTANCES[key] = cls()
    return _INSTANCES[key]


def _check_name(name) -> str:
    if not isinstance(name, str):
        raise InputError(f"a place name must be text, got {type(name).__name__}")
    return name


def geocode(
    name: str, *, country: str | None = None, limit: int = 5, online: str | None = None
) -> list[Candidate]:
    """Return ranked candidates for a place name (an empty list when nothing matches).

    Parameters
    ----------
    name : str
        The name as written ("Miranshah", "D.I. Khan", "Kurram district").
    country : str, optional
        ISO 3166-1 alpha-2 code; only places in that country are returned.
    limit : int, default 5
        Most candidates returned.
    online : str, optional
        An online backend ("nominatim") instead of the offline gazetteer.

    Returns
    -------
    list of Candidate

    Examples
    --------
    >>> [(c.name, c.kind) for c in geocode("Torkham border", limit=1)]
    [('Torkham', 'crossing')]
    >>> geocode("Washington", country="GB", limit=1)[0].country
    'GB'
    >>> geocode("Qwxzlmnop")
    []

    .. versionadded:: 0.1.0
    """
    name = _check_name(name)
    if not isinstance(limit, int) or limit < 1:
        raise InputError(f"limit must be a positive integer, got {limit!r}")
    return get_geocoder(online).geocode(name, country=country, limit=limit)


def geocode_one(name: str, *, country: str | None = None, online: str | None = None) -> Candidate:
    """Return the best candidate for a place name, or raise PlaceNotFound.

    Examples
    --------
    >>> best = geocode_one("Spin Buldak")
    >>> best.country, best.kind, best.uncertainty_km
    ('AF', 'town', 2.0)
    >>> geocode_one("Qwxzlmnop")
    Traceback (most recent call last):
    ...
    geomap.errors.PlaceNotFound: no match for 'Qwxzlmnop'

    .. versionadded:: 0.1.0
    """
    found = geocode(name, country=country, limit=1, online=online)
    if not found:
        where = f" in {country.upper()}" if country else ""
        raise PlaceNotFound(f"no match for {name!r}{where}")
    return found[0]


def geocode_many(names, *, country: str | None = None, online: str | None = None) -> pd.DataFrame:
    """Geocode a list or Series of names; one row per name, in order.

    Each distinct name is looked up once. Names without a match get missing
    values. With an online backend, a failure stops further requests but keeps
    every answer already obtained (they are cached on disk as they arrive); the
    ``error`` column says which names were not answered and why.

    Parameters
    ----------
    names : list of str or pandas.Series
        The names; a Series keeps its index.
    country : str, optional
        ISO 3166-1 alpha-2 filter, as in :func:`geocode`.
    online : str, optional
        An online backend ("nominatim") instead of the offline gazetteer.

    Returns
    -------
    pandas.DataFrame
        Columns ``query``, ``name``, ``lat``, ``lon``, ``country``, ``kind``,
        ``precision``, ``uncertainty_km``, ``source``, ``score``, ``backend``, ``error``.

    Examples
    --------
    >>> df = geocode_many(["Peshawar", "KP", "Qwxzlmnop", "Peshawar"])
    >>> df["name"].fillna("-").tolist()
    ['Peshawar', 'Khyber Pakhtunkhwa', '-', 'Peshawar']
    >>> df["precision"].tolist()
    [1, 4, <NA>, 1]

    .. versionadded:: 0.1.0
    """
    import numpy as np
    import pandas as pd

    index = names.index if isinstance(names, pd.Series) else None
    queries = list(names)
    backend = get_geocoder(online)
    if hasattr(backend, "gazetteer"):
        # Fuzzy-match every miss of the batch in one vectorised pass.
        backend.gazetteer.prefetch((q for q in queries if isinstance(q, str)), country=country)
    answers: dict[str, tuple] = {}
    failure: GeocoderError | None = None
    empty = (None,) * len(FIELDS)
    for query in dict.fromkeys(q for q in queries if isinstance(q, str)):
        if failure is not None and online:
            cached = _cached_only(backend, query, country)
            answers[query] = cached if cached is not None else (*empty, str(failure))
            continue
        if hasattr(backend, "gazetteer"):
            # Straight from the gazetteer's rows: no Candidate objects for a table.
            found = backend.gazetteer.search(query, country=country, limit=1)
            answers[query] = _row_fields(found[0]) if found else (*empty, None)
            continue
        try:
            found = backend.geocode(query, country=country, limit=1)
        except GeocoderError as error:
            failure = error
            answers[query] = (*empty, str(error))
            continue
        best = found[0] if found else None
        answers[query] = (*(getattr(best, f) for f in FIELDS), None) if best else (*empty, None)
    width = len(FIELDS) + 1
    rows = []
    for q in queries:
        if isinstance(q, str):
            rows.append(answers[q])
        else:
            missing = q is None or (isinstance(q, float) and math.isnan(q))
            rows.append((*empty, None if missing else "not a text name"))
    # Column by column with explicit dtypes: much faster than type inference per row.
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    data = {"query": pd.array(queries, dtype=object)}
    for name, values in zip((*FIELDS, "error"), columns, strict=True):
        if name in ("lat", "lon", "uncertainty_km", "score"):
            data[name] = np.array(values, dtype="float64")
        elif name == "precision":
            data[name] = pd.array(values, dtype="Int64")
        else:
            data[name] = np.array(values, dtype=object)
    return pd.DataFrame(data, index=index)


def _row_fields(match) -> tuple:
    p = match.place
    return (
        p.name,
        p.lat,
        p.lon,
        p.country,
        p.kind,
        p.precision,
        p.uncertainty_km,
        p.source,
        match.score,
        "gazetteer",
        None,
    )


def _cached_only(backend, query: str, country: str | None):
    """Answer from an online backend's cache without any request, or None."""
    payload = backend.cache.get(backend.name, backend.url, query, country, 1)
    if payload is None:
        return None
    if not payload:
        return (None,) * len(FIELDS) + (None,)
    from geomap.geocoding.nominatim import candidate_from_raw

    best = candidate_from_raw(payload[0], endpoint=backend.url)
    return (*(getattr(best, f) for f in FIELDS), None)
