"""Name lookup in the gazetteer: exact keys, transliteration variants, then fuzzy.

Lookups go from strict to loose and stop at the first level that finds something,
so fuzzy matching (rapidfuzz) only runs on misses. Results are ranked by match
quality, then a kind named in the query ("Kurram district"), then the region
(Afghanistan and Pakistan first, with countries and cities of a million; then their
neighbours and large cities; then the rest), then kind, then population.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from geomap.errors import ConfigError
from geomap.gazetteer.normalize import compact_key, skeleton_key, split_kind_hint
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
_CDIST_ROWS = 512
_FUZZY_KEYS = 8
_CACHE_SIZE = 200_000
_PROMINENT_POPULATION = 250_000
_WORLD_CITY = 1_000_000
AFPK = frozenset({"AF", "PK"})


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
    # Tier 0: Afghanistan and Pakistan, and what most people mean by a name even when
    # a village of the region shares it (a country, a city of a million: "Dubai").
    # Tier 1: the neighbours and large cities. Tier 2: the rest of the world.
    countries = _countries(p)
    if p.kind == "country" or p.population >= _WORLD_CITY or any(c in AFPK for c in countries):
        tier = 0
    elif p.population >= _PROMINENT_POPULATION or any(c in REGION for c in countries):
        tier = 1
    else:
        tier = 2
    return (
        -match.score,
        hint is None or not _hint_fits(hint, p.kind),
        tier,
        # A place's own name before another's former or alternate one: "Islamabad" is
        # the capital of Pakistan, not Chattogram (once called Islamabad).
        compact_key(p.name) != match.key,
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
            matches = self._strict(key, country)
            if not matches and len(key) >= _FUZZY_MIN_LENGTH:
                matches = self._fuzzy_matches(self._fuzzy_keys(key), country)
            ranked = self._remember(cache_key, matches)
        return list(ranked[:limit])

    def prefetch(self, queries, *, country: str | None = None) -> None:
        """Look many queries up at once, so that :meth:`search` then answers from memory.

        Exact and variant lookups go one by one; the misses are fuzzy-matched together
        with ``rapidfuzz.process.cdist`` (vectorised, on every core), which is several
        times faster than one fuzzy search per name.
        """
        from rapidfuzz import fuzz, process

        country = check_country(country)
        misses: dict[str, list[tuple]] = {}
        for query in dict.fromkeys(queries):
            tokens, hint = split_kind_hint(query)
            key = "".join(tokens)
            cache_key = (key, hint, country)
            if not key or cache_key in self._cache:
                continue
            matches = self._strict(key, country)
            if matches or len(key) < _FUZZY_MIN_LENGTH:
                self._remember(cache_key, matches)
            else:
                misses.setdefault(key[0], []).append(cache_key)
        for first, pending in misses.items():
            pool = self.store.fuzzy_pool(first)
            for chunk in range(0, len(pending), _CDIST_ROWS):
                rows = pending[chunk : chunk + _CDIST_ROWS]
                scores = process.cdist(
                    [key for key, _, _ in rows],
                    pool,
                    scorer=fuzz.ratio,
                    score_cutoff=FUZZY_CUTOFF,
                    dtype=np.uint8,
                    workers=-1,
                )
                for cache_key, row in zip(rows, scores, strict=True):
                    key = cache_key[0]
                    # uint8 scores are rounded: recompute the few survivors exactly.
                    hits = [(pool[i], fuzz.ratio(key, pool[i])) for i in np.flatnonzero(row)]
                    found = _best_keys(hits, _cutoff(key))
                    self._remember(cache_key, self._fuzzy_matches(found, country))

    def _remember(self, cache_key: tuple, matches: list[Match]) -> tuple[Match, ...]:
        # One place can match through several keys: keep its best.
        best: dict[int, Match] = {}
        for m in matches:
            if m.place.id not in best or m.score > best[m.place.id].score:
                best[m.place.id] = m
        ranked = tuple(sorted(best.values(), key=lambda m: _rank(m, cache_key[1])))
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[cache_key] = ranked
        return ranked

    @staticmethod
    def _keep(rows, country):
        return [r for r in rows if country is None or country in _countries(r)]

    def _strict(self, key: str, country: str | None) -> list[Match]:
        rows = self._keep(self.store.exact(key), country)
        if rows:
            return [Match(r, EXACT_SCORE, "exact", key) for r in rows]
        rows = self._keep(self.store.variant(skeleton_key(key)), country)
        return [Match(r, VARIANT_SCORE, "variant", key) for r in rows]

    def _fuzzy_keys(self, key: str) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        cutoff = _cutoff(key)
        # fuzz.ratio = 2*common/(len_a+len_b) caps the score by the length difference:
        # only keys of lengths within these bounds can reach the cutoff.
        c = cutoff / 100
        found = []
        for length in range(math.ceil(len(key) * c / (2 - c)), len(key) * 2):
            if 2 * len(key) / (len(key) + length) * 100 < cutoff:
                break
            found += process.extract(
                key,
                self.store.fuzzy_bucket(key[0], length),
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                limit=_FUZZY_KEYS,
            )
        return _best_keys([(other, score) for other, score, _ in found], cutoff)

    def _fuzzy_matches(self, found, country) -> list[Match]:
        matches = []
        for other, ratio in found:
            score = round(ratio * _FUZZY_SCALE, 1)
            rows = self._keep(self.store.exact(other), country)
            matches.extend(Match(r, score, "fuzzy", other) for r in rows)
        return matches


def _cutoff(key: str) -> float:
    # One edit in a short name is a large change: ask more of short keys.
    return FUZZY_CUTOFF if len(key) > 5 else _SHORT_CUTOFF


def _best_keys(hits, cutoff: float) -> list[tuple[str, float]]:
    hits = sorted((h for h in hits if h[1] >= cutoff), key=lambda h: (-h[1], h[0]))
    return hits[:_FUZZY_KEYS]
