"""Exact name lookups for toponym recognition, on top of the shipped gazetteer index.

Recognition asks one question many times per article: *is this span of text a
name in the gazetteer, and which places carry it?* It must answer exactly (a
fuzzy match would turn "Officials" into a village) and fast. This module reads
the gazetteer's SQLite index (``basemaps/data/gazetteer.sqlite``, keys built with
:func:`geomap.gazetteer.normalize.compact_key`) and memoises answers per key.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from geomap.errors import BorderDataError

__all__ = ["Place", "Lexicon", "GazetteerLexicon", "TableLexicon", "default_lexicon"]

# Kinds as stored in the gazetteer index (geomap.gazetteer.schema.KINDS).
_KINDS = ("city", "town", "crossing", "district", "region", "province", "country")
_PRECISION_BY_KIND = {
    "city": 2,
    "town": 1,
    "crossing": 1,
    "district": 3,
    "region": 5,
    "province": 4,
    "country": 6,
}


@dataclass(frozen=True)
class Place:
    """A gazetteer entry, as the extractor uses it.

    Attributes
    ----------
    name : str
        Preferred name.
    lat, lon : float
        WGS84 degrees.
    country : str
        ISO2 code (``"AF,PK"`` for crossings and the border).
    kind : str
        city, town, crossing, district, region, province or country.
    precision : int
        UCDP ``where_prec`` code.
    uncertainty_km : float
        Radius of the area the point stands for.
    population : int
        0 when unknown.
    source : str
        Where the entry comes from.
    exact : bool
        True when the looked-up key is the entry's own name rather than an alternate.
    """

    name: str
    lat: float
    lon: float
    country: str
    kind: str
    precision: int
    uncertainty_km: float
    population: int = 0
    source: str = ""
    exact: bool = True

    @property
    def countries(self) -> tuple[str, ...]:
        """The ISO2 codes of :attr:`country` as a tuple."""
        return tuple(c for c in self.country.split(",") if c)


class Lexicon:
    """Base class: map a compact name key to the places that carry that name."""

    def lookup(self, key: str) -> tuple[Place, ...]:  # pragma: no cover - interface
        """Return the places whose name or alternate name has this compact key."""
        raise NotImplementedError


class GazetteerLexicon(Lexicon):
    """Exact-key lookups in the gazetteer's SQLite index, memoised per key.

    Parameters
    ----------
    path : path-like, optional
        The index file; by default the shipped ``gazetteer.sqlite``.

    Examples
    --------
    >>> lex = default_lexicon()
    >>> [p.country for p in lex.lookup("chaman")][:1]
    ['PK']
    >>> lex.lookup("officials")
    ()
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        if path is None:
            from geomap._data import data_file

            path = data_file("basemaps", "gazetteer.sqlite")
        self.path = str(path)
        self._local = threading.local()
        self._memo: dict[str, tuple[Place, ...]] = {}
        # Fail early with a clear message if the file is not a gazetteer index.
        self._connection()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
                )
                conn.execute("SELECT 1 FROM name_key LIMIT 1")
            except sqlite3.Error as error:
                raise BorderDataError(
                    f"the gazetteer index {self.path} cannot be read ({error})"
                ) from None
            self._local.conn = conn
        return conn

    def lookup(self, key: str) -> tuple[Place, ...]:
        """Return the places for a compact key, most populous first."""
        found = self._memo.get(key)
        if found is not None:
            return found
        rows = (
            self._connection()
            .execute(
                "SELECT p.name, p.lat, p.lon, p.country, p.kind, p.precision, p.uncertainty_km, "
                "p.population, COALESCE(p.source, 'GeoNames'), n.tier "
                "FROM name_key n JOIN place p ON p.id = n.place WHERE n.key = ? "
                "ORDER BY n.tier, p.population DESC LIMIT 40",
                (key,),
            )
            .fetchall()
        )
        found = tuple(
            Place(
                name=r[0],
                lat=float(r[1]),
                lon=float(r[2]),
                country=r[3] or "",
                kind=_KINDS[r[4]] if 0 <= r[4] < len(_KINDS) else "town",
                precision=int(r[5]),
                uncertainty_km=float(r[6]),
                population=int(r[7] or 0),
                source=r[8],
                exact=r[9] == 0,
            )
            for r in rows
        )
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[key] = found
        return found


class TableLexicon(Lexicon):
    """A lexicon from your own places (for example a project's local names).

    Parameters
    ----------
    places : iterable of (name, Place)
        Each name is indexed under its compact key.
    fallback : Lexicon, optional
        Consulted too; its answers come after yours.

    Examples
    --------
    >>> p = Place("Sambaza", 31.6, 69.2, "PK", "town", 2, 10.0, source="my notes")
    >>> TableLexicon([("Sambaza", p)]).lookup("sambaza")[0].source
    'my notes'
    """

    def __init__(
        self, places: Iterable[tuple[str, Place]], *, fallback: Lexicon | None = None
    ) -> None:
        from geomap.gazetteer.normalize import compact_key

        self._table: dict[str, list[Place]] = {}
        for name, place in places:
            self._table.setdefault(compact_key(name), []).append(place)
        self.fallback = fallback

    def lookup(self, key: str) -> tuple[Place, ...]:
        """Return your places for the key, then the fallback's."""
        own = tuple(self._table.get(key, ()))
        if self.fallback is None:
            return own
        return own + tuple(p for p in self.fallback.lookup(key) if p not in own)


@cache
def default_lexicon() -> GazetteerLexicon:
    """Return the shared lexicon over the shipped gazetteer (opened once per process)."""
    return GazetteerLexicon()


def precision_for_kind(kind: str) -> int:
    """Return the UCDP precision code usually meant by a kind of place."""
    return _PRECISION_BY_KIND.get(kind, 2)
