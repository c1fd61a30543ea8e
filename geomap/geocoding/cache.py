"""A persistent on-disk cache of online geocoder answers (one SQLite file).

Consulted before any request (and before the rate limiter), and written as soon as
each answer arrives, so a repeated run makes no requests and a failure part-way
through a batch never loses the answers already obtained.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from geomap.errors import ConfigError

__all__ = ["GeocodeCache", "CACHE_FILE"]

CACHE_FILE = "geocode-cache.sqlite"


class GeocodeCache:
    """Answers of online geocoders, keyed by backend, endpoint, query, country and limit.

    Parameters
    ----------
    directory : str or path-like
        Where the cache file lives (created if missing).

    Examples
    --------
    >>> import tempfile
    >>> cache = GeocodeCache(tempfile.mkdtemp())
    >>> cache.get("nominatim", "http://x", "Wana", None, 5) is None
    True
    >>> cache.put("nominatim", "http://x", "Wana", None, 5, [])
    >>> cache.get("nominatim", "http://x", " wana ", None, 5)
    []
    """

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / CACHE_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answer (backend TEXT, endpoint TEXT, query TEXT, "
                "country TEXT, lim INTEGER, fetched REAL, payload TEXT, "
                "PRIMARY KEY (backend, endpoint, query, country, lim))"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as error:
            raise ConfigError(f"cannot use the geocoder cache {self.path}: {error}") from error

    @staticmethod
    def _key(backend, endpoint, query, country, limit):
        return (backend, endpoint, " ".join(query.split()).casefold(), country or "", int(limit))

    def get(self, backend: str, endpoint: str, query: str, country: str | None, limit: int):
        """Return the cached payload (a JSON value) or None when absent."""
        row = self._db.execute(
            "SELECT payload FROM answer WHERE backend=? AND endpoint=? AND query=? "
            "AND country=? AND lim=?",
            self._key(backend, endpoint, query, country, limit),
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, backend, endpoint, query, country, limit, payload) -> None:
        """Store ``payload`` (JSON-serialisable) and commit at once."""
        self._db.execute(
            "INSERT OR REPLACE INTO answer VALUES (?,?,?,?,?,?,?)",
            (
                *self._key(backend, endpoint, query, country, limit),
                time.time(),
                json.dumps(payload),
            ),
        )
        self._db.commit()

    def close(self) -> None:
        """Close the cache file."""
        self._db.close()
