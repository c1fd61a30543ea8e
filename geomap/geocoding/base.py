"""What every geocoder returns (:class:`Candidate`) and the protocol backends follow."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

__all__ = ["Candidate", "Geocoder", "PRECISION"]

# UCDP GED ``where_prec`` codes geomap uses, and what they mean.
PRECISION = {
    1: "exact place",
    2: "within about 25 km",
    3: "district (ADM2)",
    4: "province (ADM1)",
    6: "country",
}


@dataclass(frozen=True)
class Candidate:
    """One possible location for a place name.

    Attributes
    ----------
    name : str
        The place's name in the source.
    lat, lon : float
        WGS84 degrees.
    country : str or None
        ISO 3166-1 alpha-2 code; two codes joined by ``','`` for places on the
        border itself (crossings, the Durand Line).
    kind : str
        city, town, crossing, district, region, province or country.
    precision : int
        UCDP GED ``where_prec``: 1 exact place, 2 within ~25 km, 3 district,
        4 province, 6 country.
    uncertainty_km : float
        Radius within which the place (or most of its area) lies.
    source : str
        Provenance of the coordinates.
    score : float
        Match quality, 0-100 (100: exact name).
    backend : str
        The geocoder that produced it ("gazetteer", "nominatim").
    raw : dict
        Backend details (GeoNames id, population, note, what matched, ...).

    Examples
    --------
    >>> c = Candidate("Wana", 32.29889, 69.5725, "PK", "town", 1, 2.0, "GeoNames 1162634",
    ...               100.0, "gazetteer")
    >>> c.lonlat
    LonLat(lon=69.5725, lat=32.29889)
    """

    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    precision: int
    uncertainty_km: float
    source: str
    score: float
    backend: str
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def lonlat(self):
        """The position as a :class:`~geomap.coords.LonLat` (x, y order)."""
        from geomap.coords import LonLat

        return LonLat(self.lon, self.lat)

    def to_dict(self, *, raw: bool = False) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (``raw`` left out unless asked)."""
        data = asdict(self)
        if not raw:
            data.pop("raw")
        return data


class Geocoder(Protocol):
    """What a geocoding backend provides."""

    name: str

    def geocode(self, text: str, *, country: str | None = None, limit: int = 5) -> list[Candidate]:
        """Return up to ``limit`` ranked candidates for ``text`` (empty when none)."""
        ...
