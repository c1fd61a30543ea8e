"""Nominatim (OpenStreetMap) through geopy: opt-in, polite, cached.

Nominatim's usage policy asks for a user agent naming the application, at most one
request per second, and caching. geomap refuses to run without a user agent, spaces
requests with geopy's ``RateLimiter``, retries 429 and 5xx answers with exponential
backoff, and keeps every answer in an on-disk cache consulted before the rate
limiter, so a repeated run sends nothing.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from geomap.errors import (
    ConfigError,
    GeocoderError,
    GeocoderTimeout,
    GeocoderUnavailable,
    RateLimited,
)
from geomap.gazetteer.search import check_country
from geomap.geocoding.base import Candidate
from geomap.geocoding.cache import GeocodeCache
from geomap.options import DEFAULT, options

__all__ = ["NominatimGeocoder", "candidate_from_raw"]

_JITTER_MARGIN_S = 0.05

# One geopy RateLimiter per endpoint and settings, shared by every instance in the
# process: the one-request-per-second limit is for the whole application.
_LIMITERS: dict[tuple, object] = {}
_LIMITERS_LOCK = threading.Lock()
_MAX_RETRY_AFTER_S = 120.0


def _opt(value, default):
    return default if value is DEFAULT else value


class NominatimGeocoder:
    """Geocode through a Nominatim server (the public one or a self-hosted one).

    Parameters
    ----------
    user_agent : str, optional
        Names your application (Nominatim's policy); defaults to ``options.user_agent``
        (``GEOMAP_USER_AGENT``). Required: geopy's default agent is refused.
    url : str, optional
        Base URL of the server, e.g. ``http://127.0.0.1:8080``; defaults to
        ``options.nominatim_url`` (``GEOMAP_NOMINATIM_URL``).
    timeout_s : float, optional
        Seconds to wait for one answer; defaults to ``options.timeout_s`` (10 s).
    min_delay_s : float, optional
        Smallest gap between two requests; defaults to ``options.min_delay_s`` (1 s).
    cache_dir : str or path-like, optional
        Where answers are cached; defaults to ``options.cache_dir``.
    max_retries : int, default 3
        Retries after a 429, a 5xx or a timeout.
    backoff_s : float, default 2.0
        Wait before the first retry; doubled each time (a 429's Retry-After wins
        when longer, up to 120 s).

    Examples
    --------
    >>> NominatimGeocoder(user_agent=None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap.errors.ConfigError: Nominatim needs a user agent naming your application: ...
    """

    name = "nominatim"

    def __init__(
        self,
        *,
        user_agent=DEFAULT,
        url=DEFAULT,
        timeout_s=DEFAULT,
        min_delay_s=DEFAULT,
        cache_dir=DEFAULT,
        max_retries: int = 3,
        backoff_s: float = 2.0,
    ) -> None:
        user_agent = _opt(user_agent, options.user_agent)
        if not user_agent or not str(user_agent).strip():
            raise ConfigError(
                "Nominatim needs a user agent naming your application: pass --user-agent, "
                "set GEOMAP_USER_AGENT or geomap.options.user_agent"
            )
        if str(user_agent).lower().startswith("geopy/"):
            raise ConfigError("user agent must name your application, not geopy's default")
        url = str(_opt(url, options.nominatim_url)).rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"Nominatim URL must be an http(s) URL, got {url!r}")
        self.user_agent = str(user_agent)
        self.url = url
        self.timeout_s = float(_opt(timeout_s, options.timeout_s))
        self.min_delay_s = float(_opt(min_delay_s, options.min_delay_s))
        if not self.timeout_s > 0 or not self.min_delay_s > 0:
            raise ConfigError("timeout_s and min_delay_s must be positive numbers of seconds")
        self.max_retries = int(max_retries)
        self.backoff_s = float(backoff_s)
        self.cache = GeocodeCache(_opt(cache_dir, options.cache_dir))
        self.requests_made = 0

    def _limited(self):
        key = (self.url, self.user_agent, self.timeout_s, self.min_delay_s)
        with _LIMITERS_LOCK:
            limiter = _LIMITERS.get(key)
            if limiter is None:
                from geopy.adapters import URLLibAdapter
                from geopy.extra.rate_limiter import RateLimiter
                from geopy.geocoders import Nominatim

                parts = urlsplit(self.url)
                client = Nominatim(
                    user_agent=self.user_agent,
                    domain=parts.netloc + parts.path,
                    scheme=parts.scheme,
                    timeout=self.timeout_s,
                    # urllib makes exactly one request per call; geopy's requests adapter
                    # would silently retry timeouts, bypassing the rate limiter.
                    adapter_factory=URLLibAdapter,
                )
                # Retries are ours (with backoff); the limiter only spaces requests.
                limiter = RateLimiter(
                    client.geocode,
                    # The server sees arrivals, not our calls: network jitter can bring
                    # two requests closer than we sent them, so keep a small margin.
                    min_delay_seconds=self.min_delay_s + _JITTER_MARGIN_S,
                    max_retries=0,
                    swallow_exceptions=False,
                )
                _LIMITERS[key] = limiter
        return limiter

    def geocode(self, text: str, *, country: str | None = None, limit: int = 5) -> list[Candidate]:
        """Return up to ``limit`` candidates for ``text``, from the cache when possible."""
        country = check_country(country)
        payload = self.cache.get(self.name, self.url, text, country, limit)
        if payload is None:
            payload = self._fetch(text, country, limit)
            self.cache.put(self.name, self.url, text, country, limit, payload)
        return [candidate_from_raw(raw, endpoint=self.url) for raw in payload][:limit]

    def _fetch(self, text: str, country: str | None, limit: int) -> list[dict]:
        limited = self._limited()
        for attempt in range(self.max_retries + 1):
            try:
                self.requests_made += 1
                found = limited(
                    text,
                    exactly_one=False,
                    limit=limit,
                    addressdetails=True,
                    country_codes=country.lower() if country else None,
                )
                return [location.raw for location in found or ()]
            except Exception as error:  # geopy's errors, translated below
                mapped, retry = _translate(error, self.url, self.timeout_s)
                if mapped is None:
                    raise
                if not retry or attempt == self.max_retries:
                    raise mapped from error
                wait = self.backoff_s * 2**attempt
                if isinstance(mapped, RateLimited) and mapped.retry_after_s:
                    wait = max(wait, min(mapped.retry_after_s, _MAX_RETRY_AFTER_S))
                time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _translate(error: Exception, url: str, timeout_s: float):
    """Return (geomap error, retry?) for a geopy error, or (None, False) for others."""
    from geopy import exc

    status = getattr(error.__cause__, "status_code", None)
    if isinstance(error, exc.GeocoderRateLimited):
        return RateLimited(
            f"{url} refused the request: rate limited (HTTP 429)",
            retry_after_s=error.retry_after,
        ), True
    if status is not None and status >= 500:
        return GeocoderUnavailable(f"{url} answered HTTP {status}"), True
    if isinstance(error, exc.GeocoderTimedOut):
        return GeocoderTimeout(f"{url} did not answer within {timeout_s:g} s"), True
    if isinstance(error, exc.GeocoderUnavailable | exc.GeocoderServiceError) and status is None:
        return GeocoderUnavailable(f"{url} cannot be reached: {error}"), True
    if isinstance(error, exc.GeopyError):
        return GeocoderError(f"{url}: {error}"), False
    return None, False


_KIND_BY_TYPE = {
    "country": ("country", 6),
    "state": ("province", 4),
    "province": ("province", 4),
    "region": ("province", 4),
    "state_district": ("district", 3),
    "county": ("district", 3),
    "district": ("district", 3),
    "city": ("city", 1),
}


def _uncertainty_km(box) -> float | None:
    try:
        south, north, west, east = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    from pyproj import Geod

    _, _, diagonal_m = Geod(ellps="WGS84").inv(west, south, east, north)
    return round(max(diagonal_m / 2000.0, 0.5), 1)


def candidate_from_raw(raw: dict, *, endpoint: str) -> Candidate:
    """Return a :class:`Candidate` from one Nominatim ``/search`` JSON result.

    Kind and precision come from the result's ``addresstype`` and ``place_rank``;
    ``uncertainty_km`` is half the bounding box's geodesic diagonal.

    Examples
    --------
    >>> c = candidate_from_raw({"lat": "34.0", "lon": "71.5", "display_name": "Peshawar, PK",
    ...     "addresstype": "city", "boundingbox": ["33.9", "34.1", "71.4", "71.6"],
    ...     "address": {"country_code": "pk"}}, endpoint="http://127.0.0.1")
    >>> c.name, c.country, c.kind, c.precision, c.uncertainty_km
    ('Peshawar', 'PK', 'city', 1, 14.4)
    """
    addresstype = raw.get("addresstype") or raw.get("type") or ""
    rank = int(raw.get("place_rank") or 30)
    if raw.get("class") == "barrier" and raw.get("type") == "border_control":
        kind, precision = "crossing", 1
    elif addresstype in _KIND_BY_TYPE:
        kind, precision = _KIND_BY_TYPE[addresstype]
    elif rank <= 4:
        kind, precision = "country", 6
    elif rank <= 9:
        kind, precision = "province", 4
    elif rank <= 12:
        kind, precision = "district", 3
    else:
        kind, precision = "town", 1
    uncertainty = _uncertainty_km(raw.get("boundingbox"))
    if uncertainty is None:
        uncertainty = {1: 2.0, 3: 50.0, 4: 200.0, 6: 1000.0}[precision]
    if precision == 1 and uncertainty > 25:
        precision = 2
    country = (raw.get("address") or {}).get("country_code")
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip()
    osm = f"{raw.get('osm_type', '')} {raw.get('osm_id', '')}".strip()
    importance = raw.get("importance")
    return Candidate(
        name=name,
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country=country.upper() if country else None,
        kind=kind,
        precision=precision,
        uncertainty_km=uncertainty,
        source=f"Nominatim {endpoint} (OpenStreetMap contributors, ODbL)"
        + (f": {osm}" if osm else ""),
        score=round(float(importance) * 100, 1) if importance is not None else 0.0,
        backend="nominatim",
        raw=raw,
    )
