"""Read access to the shipped gazetteer index (one SQLite file, opened read-only).

Only the rows a lookup needs are read, so a one-name query costs milliseconds; the
fuzzy-matching pool is loaded on the first miss and kept.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from geomap.errors import BorderDataError
from geomap.gazetteer.schema import KINDS, SCHEMA_VERSION

__all__ = ["GazetteerStore", "PlaceRow", "INDEX_FILE"]

INDEX_FILE = "gazetteer.sqlite"

_COLUMNS = (
    "p.id, p.name, p.lat, p.lon, p.country, p.kind, p.precision, p.uncertainty_km, "
    "p.population, p.geonameid, p.source, p.note, p.alt_names, p.curated"
)


class PlaceRow(NamedTuple):
    """One gazetteer entry as stored in the index."""

    id: int
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    precision: int
    uncertainty_km: float
    population: int
    geonameid: int | None
    source: str
    note: str | None
    alt_names: tuple[str, ...]
    curated: bool


def _row(values: tuple) -> PlaceRow:
    (pid, name, lat, lon, country, kind, prec, unc, pop, gid, source, note, alts, cur) = values
    if source is None:
        source = f"GeoNames {gid} (CC BY 4.0)"
    return PlaceRow(
        pid,
        name,
        lat,
        lon,
        country,
        KINDS[kind],
        prec,
        unc,
        pop,
        gid,
        source,
        note,
        tuple(alts.split("|")) if alts else (),
        bool(cur),
    )


class GazetteerStore:
    """The gazetteer index file, opened read-only.

    Parameters
    ----------
    path : str or path-like, optional
        The index to open; defaults to the one shipped in ``basemaps/data``.

    Examples
    --------
    >>> store = GazetteerStore()
    >>> [row.name for row in store.exact("peshawar")][:1]
    ['Peshawar']
    >>> store.exact("no such key")
    []
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            from geomap._data import data_file

            path = data_file("basemaps", INDEX_FILE)
        self.path = Path(path)
        if not self.path.is_file():
            raise BorderDataError(f"gazetteer index {self.path} is missing; reinstall geomap")
        # immutable=1: no locking or journal look-ups; the file never changes under us.
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.meta = dict(self._db.execute("SELECT key, value FROM meta"))
        if self.meta.get("schema") != str(SCHEMA_VERSION):
            raise BorderDataError(
                f"gazetteer index {self.path} has schema {self.meta.get('schema')}, "
                f"geomap reads schema {SCHEMA_VERSION}; rebuild it with basemaps/build_gazetteer.py"
            )
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._pools: dict[str, list[str]] = {}

    def exact(self, key: str) -> list[PlaceRow]:
        """Return the places having a name whose compact key is ``key``."""
        cursor = self._db.execute(
            f"SELECT {_COLUMNS} FROM name_key n JOIN place p ON p.id = n.place WHERE n.key = ?",
            (key,),
        )
        return [_row(values) for values in cursor]

    def variant(self, skeleton: str) -> list[PlaceRow]:
        """Return the fuzzy-pool places whose skeleton key is ``skeleton``."""
        cursor = self._db.execute(
            f"SELECT {_COLUMNS} FROM skeleton_key s JOIN place p ON p.id = s.place WHERE s.key = ?",
            (skeleton,),
        )
        return [_row(values) for values in cursor]

    def _load_pool(self) -> None:
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        pools: dict[str, list[str]] = defaultdict(list)
        for (key,) in self._db.execute("SELECT key FROM fuzzy_key"):
            buckets[key[0], len(key)].append(key)
            pools[key[0]].append(key)
        self._buckets, self._pools = dict(buckets), dict(pools)

    def fuzzy_bucket(self, first: str, length: int) -> list[str]:
        """Return the fuzzy-pool keys of ``length`` characters starting with ``first``.

        The pool is loaded once, on first use, and split by first letter and length so
        that a fuzzy search only compares keys that could reach its score cutoff.
        """
        if self._buckets is None:
            self._load_pool()
        return self._buckets.get((first, length), [])

    def fuzzy_pool(self, first: str) -> list[str]:
        """Return every fuzzy-pool key starting with ``first`` (all lengths)."""
        if self._buckets is None:
            self._load_pool()
        return self._pools.get(first, [])

    def close(self) -> None:
        """Close the index file."""
        self._db.close()
