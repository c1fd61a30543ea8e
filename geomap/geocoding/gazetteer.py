"""The offline default backend: geomap's embedded gazetteer, no network."""

from __future__ import annotations

from geomap.gazetteer import default_gazetteer
from geomap.gazetteer.search import Gazetteer, Match
from geomap.geocoding.base import Candidate

__all__ = ["GazetteerGeocoder", "to_candidate"]


def to_candidate(match: Match) -> Candidate:
    """Return a gazetteer :class:`Match` as a :class:`Candidate`."""
    p = match.place
    return Candidate(
        name=p.name,
        lat=p.lat,
        lon=p.lon,
        country=p.country,
        kind=p.kind,
        precision=p.precision,
        uncertainty_km=p.uncertainty_km,
        source=p.source,
        score=match.score,
        backend="gazetteer",
        raw={
            "id": p.id,
            "geonameid": p.geonameid,
            "population": p.population,
            "note": p.note,
            "alt_names": list(p.alt_names),
            "matched": match.how,
            "matched_key": match.key,
        },
    )


class GazetteerGeocoder:
    """Geocode with the embedded gazetteer (GeoNames, Natural Earth, our Af-Pak layer).

    Examples
    --------
    >>> best = GazetteerGeocoder().geocode("D.I. Khan", limit=1)[0]
    >>> best.name, best.country, best.precision
    ('Dera Ismail Khan', 'PK', 1)
    >>> GazetteerGeocoder().geocode("Washington", country="GB", limit=1)[0].country
    'GB'
    """

    name = "gazetteer"

    def __init__(self, *, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def geocode(self, text: str, *, country: str | None = None, limit: int = 5) -> list[Candidate]:
        """Return up to ``limit`` ranked candidates for ``text`` (empty when none)."""
        return [to_candidate(m) for m in self.gazetteer.search(text, country=country, limit=limit)]
