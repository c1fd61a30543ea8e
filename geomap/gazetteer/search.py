"""Name lookup in the gazetteer: exact keys, transliteration variants, then fuzzy.

Lookups go from strict to loose and stop at the first level that finds something,
so fuzzy matching (rapidfuzz) only runs on misses. Results are ranked by match
quality, then a kind named in the query ("Kurram district"), then the
Afghanistan-Pakistan region and its neighbours, then kind, then population.
"""

from __future__ import annotations

from typing import NamedTuple

from geomap.errors import ConfigError
from geomap.gazetteer.normalize import skeleton_key, split_kind_hint
from geomap.gazetteer.schema import KIND_CODES, REGION
from geomap.gazetteer.store import GazetteerStore, PlaceRow

__all__ = ["Gazetteer", "Match", "EXACT_SCORE", "VARIANT_SCORE", "FUZZY_CUTOFF"]

EXACT_SCORE = 100.0
VARIANT_SCORE = 95.0
# rapidfuzz ratio a fuzzy key needs; fuzzy scores are scaled by 0.9 so they rank below
# every exact (100) and variant (95) match.
FUZZY_CUTOFF = 85.0
_FUZZY_SCALE = 0.9
_FUZZY_MIN_LENGTH = 4
_SHORT_CUTOFF = 90.0
_FUZZY_KEYS = 8
_CACHE_SIZE = 200_000
_PROMINENT_POPULATION = 250_000


class Match(NamedTuple):
    """A gazetteer row matched by a query, with its score (0-100) and how it matched."""

    place: PlaceRow
    score: float
    how: str  # 'exact' | 'variant' | 'fuzzy'
    key: str  # the index key that matched


def _countries(place: PlaceRow) -> tuple[str, ...]:
    return tuple(place.country.split(",")) if place.country else ()


def _rank(match: Match, hint: str | None):
    p = match.place
    # A world city or a country is what most people mean by its name, even when a
    # village in the region shares it ("Doha", "Dubai"): rank it with the region.
    preferred = (
        p.population >= _PROMINENT_POPULATION
        or p.kind == "country"
        or any(c in REGION for c in _countries(p))
    )
    return (
        -match.score,
        hint is None or not _hint_fits(hint, p.kind),
        not preferred,
        KIND_CODES[p.kind],
        -p.population,
        not p.curated,
        p.id,
    )


def _hint_fits(hint: str, kind: str) -> bool:
    return kind == hint or (hint == "city" and kind == "town")


def check_country(country: str | None) -> str | None:
    """Return ``country`` as an upper-case ISO 3166-1 alpha-2 code, or raise ConfigError.

    Examples
    --------
    >>> check_country("gb")
    'GB'
    >>> check_country("GBR")
    Traceback (most recent call last):
    ...
    geomap.errors.ConfigError: country must be a two-letter ISO 3166-1 code such as 'PK', got 'GBR'
    """
    if country is None:
        return None
    if not isinstance(country, str) or len(country) != 2 or not country.isalpha():
        raise ConfigError(
            f"country must be a two-letter ISO 3166-1 code such as 'PK', got {country!r}"
        )
    return country.upper()


class Gazetteer:
    """Search the offline gazetteer.

    Parameters
    ----------
    store : GazetteerStore, optional
        The index to search; defaults to the shipped one.

    Examples
    --------
    >>> gaz = Gazetteer()
    >>> best = gaz.search("Miranshah")[0]
    >>> best.place.name, best.place.country, best.how
    ('Miran Shah', 'PK', 'exact')
    >>> gaz.search("Qwxzlmnop")
    []
    """

    def __init__(self, store: GazetteerStore | None = None) -> None:
        self.store = store or GazetteerStore()
        self._cache: dict[tuple, tuple[Match, ...]] = {}

    def search(self, query: str, *, country: str | None = None, limit: int = 5) -> list[Match]:
        """Return up to ``limit`` ranked matches for ``query`` (an empty list when none)."""
        country = check_country(country)
        tokens, hint = split_kind_hint(query)
        key = "".join(tokens)
        if not key:
            return []
        cache_key = (key, hint, country)
        ranked = self._cache.get(cache_key)
        if ranked is None:
            ranked = self._search(key, hint, country)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[cache_key] = ranked
        return list(ranked[:limit])

    def _search(self, key: str, hint: str | None, country: str | None) -> tuple[Match, ...]:
        def keep(rows):
            return [r for r in rows if country is None or country in _countries(r)]

        matches = [Match(r, EXACT_SCORE, "exact", key) for r in keep(self.store.exact(key))]
        if not matches:
            rows = keep(self.store.variant(skeleton_key(key)))
            matches = [Match(r, VARIANT_SCORE, "variant", key) for r in rows]
        if not matches and len(key) >= _FUZZY_MIN_LENGTH:
            matches = self._fuzzy(key, keep)
        # One place can match through several keys: keep its best.
        best: dict[int, Match] = {}
        for m in matches:
            if m.place.id not in best or m.score > best[m.place.id].score:
                best[m.place.id] = m
        return tuple(sorted(best.values(), key=lambda m: _rank(m, hint)))

    def _fuzzy(self, key: str, keep) -> list[Match]:
        from rapidfuzz import fuzz, process

        found = process.extract(
            key,
            self.store.fuzzy_bucket(key[0]),
            scorer=fuzz.ratio,
            # One edit in a short name is a large change: ask more of short keys.
            score_cutoff=FUZZY_CUTOFF if len(key) > 5 else _SHORT_CUTOFF,
            limit=_FUZZY_KEYS,
        )
        matches = []
        for other, ratio, _ in found:
            score = round(ratio * _FUZZY_SCALE, 1)
            matches.extend(Match(r, score, "fuzzy", other) for r in keep(self.store.exact(other)))
        return matches
