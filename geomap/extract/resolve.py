"""Disambiguation: choose one gazetteer entry per mention, with a confidence.

Evidence, added as scores: the Afghanistan-Pakistan region prior (and its
neighbours), an exact name rather than an alternate, a qualifier nearby ("Chaman in
Balochistan", "Afghanistan's Kunar province": the candidate must lie inside it), the
kind the text names ("Tank district", "the Chaman crossing"), closeness to the other
places of the article, and population. The confidence is the chosen candidate's
share of the softmax over all candidates' scores.
"""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from geomap.extract.lexicon import Place
from geomap.extract.recognize import Mention

__all__ = ["resolve_mentions"]

_GEOD = Geod(ellps="WGS84")
_NEIGHBOURS = frozenset({"IR", "IN", "CN", "TJ", "TM", "UZ"})
_KIND_PRIOR = {
    "city": 0.4,
    "town": 0.3,
    "crossing": 0.0,
    "district": -0.1,
    "region": -0.2,
    "province": -0.3,
    "country": 0.0,
}
_HINT_MATCH = {
    "crossing": ("crossing",),
    "district": ("district",),
    "province": ("province",),
    "city": ("city", "town"),
    "town": ("town", "city"),
    "region": ("region", "district"),
}


def _km(a: Place, b: Place) -> float:
    return _GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000.0


def _inside(candidate: Place, container: Place) -> bool:
    if container.kind == "country":
        return any(c in container.countries for c in candidate.countries)
    radius = max(container.uncertainty_km * 1.5, 30.0)
    return _km(candidate, container) <= radius


def _score(place: Place, mention: Mention, qualifier: Place | None, nearest_km: float) -> float:
    score = 0.0
    countries = place.countries
    if any(c in ("AF", "PK") for c in countries):
        score += 2.5
    elif any(c in _NEIGHBOURS for c in countries) and place.population >= 100_000:
        score += 0.5
    if place.exact:
        score += 1.0
    score += _KIND_PRIOR.get(place.kind, 0.0)
    if mention.kind_hint is not None:
        if place.kind in _HINT_MATCH.get(mention.kind_hint, ()):
            score += 2.5
        elif place.kind in ("province", "district") and mention.kind_hint in ("city", "town"):
            score -= 0.5
    if qualifier is not None:
        score += 2.5 if _inside(place, qualifier) else -1.5
    if nearest_km <= 150:
        score += 1.0
    elif nearest_km <= 500:
        score += 0.5
    score += 1.5 * math.log10(place.population + 1) / 7.0
    return score


class _Anchors:
    """The article's unambiguous places, with memoised geodesic distances to them."""

    def __init__(self, places: list[Place]) -> None:
        unique = {(p.lat, p.lon): p for p in places}
        self.lons = np.array([p.lon for p in unique.values()])
        self.lats = np.array([p.lat for p in unique.values()])
        self._memo: dict[tuple[float, float], np.ndarray] = {}

    def nearest_km(self, place: Place) -> float:
        """Distance to the nearest anchor other than the place itself (inf when none)."""
        if not len(self.lons):
            return math.inf
        key = (place.lat, place.lon)
        d = self._memo.get(key)
        if d is None:
            n = len(self.lons)
            d = _GEOD.inv(np.full(n, place.lon), np.full(n, place.lat), self.lons, self.lats)[2]
            d = d / 1000.0
            self._memo[key] = d
        others = d[d > 0.001]
        return float(others.min()) if len(others) else math.inf


def _choose(mention: Mention, qualifier: Place | None, anchors: _Anchors) -> None:
    candidates = mention.candidates
    if len(candidates) == 1:
        mention.place = candidates[0]
        mention.confidence = 1.0
        return
    scores = [_score(p, mention, qualifier, anchors.nearest_km(p)) for p in candidates]
    best = max(range(len(candidates)), key=lambda k: scores[k])
    top = scores[best]
    total = sum(math.exp(s - top) for s in scores)
    mention.place = candidates[best]
    mention.confidence = round(1.0 / total, 3)


def resolve_mentions(mentions: list[Mention]) -> None:
    """Choose ``place`` and ``confidence`` for every mention, in place.

    Qualifiers are resolved first (they are larger units and usually unambiguous),
    then the mentions they qualify, with the article's unambiguous places as anchors.
    """
    qualified_by: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if m.qualifier_of is not None:
            qualified_by[m.qualifier_of] = i
    # Unambiguous regional places anchor the rest of the article.
    anchors = _Anchors(
        [
            m.candidates[0]
            for m in mentions
            if len(m.candidates) == 1 and m.candidates[0].kind not in ("country", "province")
        ]
    )
    memo: dict[tuple, tuple[Place, float]] = {}
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].qualifier_of is None)
    for i in order:
        m = mentions[i]
        q_index = qualified_by.get(i)
        qualifier = mentions[q_index].place if q_index is not None else None
        if qualifier is None and q_index is not None:
            _choose(mentions[q_index], None, anchors)
            qualifier = mentions[q_index].place
        key = (m.candidates, m.kind_hint, qualifier)
        if key in memo:
            m.place, m.confidence = memo[key]
            continue
        _choose(m, qualifier, anchors)
        memo[key] = (m.place, m.confidence)
