"""Process-wide defaults, validated when set.

Each option can also come from an environment variable, read when the option
is first used, so that ``GEOMAP_USER_AGENT=... geomap geocode ...`` works.

Examples
--------
>>> from geomap.options import options
>>> options.timeout_s
10.0
>>> options.timeout_s = -1
Traceback (most recent call last):
...
geomap.errors.ConfigError: timeout_s must be a positive number of seconds, got -1
"""

from __future__ import annotations

import os
from pathlib import Path

from geomap.errors import ConfigError

__all__ = ["Options", "options", "DEFAULT"]


class _Default:
    """Sentinel meaning "use the process-wide option", so that ``None`` can mean "off"."""

    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT = _Default()


def _env_cache_dir() -> Path:
    if "GEOMAP_CACHE_DIR" in os.environ:
        return Path(os.environ["GEOMAP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geomap"


class Options:
    """Validated process-wide settings; use the module-level ``options`` instance."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every value set in this process and re-read the environment."""
        self._user_agent = os.environ.get("GEOMAP_USER_AGENT") or None
        self._nominatim_url = os.environ.get(
            "GEOMAP_NOMINATIM_URL", "https://nominatim.openstreetmap.org"
        )
        self._timeout_s = 10.0
        self._min_delay_s = 1.0
        self._cache_dir = _env_cache_dir()

    @property
    def user_agent(self) -> str | None:
        """User-Agent sent to online geocoders; required by Nominatim's policy."""
        return self._user_agent

    @user_agent.setter
    def user_agent(self, value: str | None) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError("user_agent must be a non-empty string naming your application")
        if value is not None and value.lower().startswith("geopy/"):
            raise ConfigError("user_agent must name your application, not geopy's default")
        self._user_agent = value

    @property
    def nominatim_url(self) -> str:
        """Base URL of the Nominatim server, e.g. a self-hosted one."""
        return self._nominatim_url

    @nominatim_url.setter
    def nominatim_url(self, value: str) -> None:
        if not isinstance(value, str) or not value.startswith(("http://", "https://")):
            raise ConfigError(f"nominatim_url must be an http(s) URL, got {value!r}")
        self._nominatim_url = value.rstrip("/")

    @property
    def timeout_s(self) -> float:
        """Seconds to wait for one online geocoder answer (>= 10 s suits Nominatim)."""
        return self._timeout_s

    @timeout_s.setter
    def timeout_s(self, value: float) -> None:
        self._timeout_s = _positive(value, "timeout_s", "a positive number of seconds")

    @property
    def min_delay_s(self) -> float:
        """Smallest delay between two online requests; Nominatim's policy asks for 1 s."""
        return self._min_delay_s

    @min_delay_s.setter
    def min_delay_s(self, value: float) -> None:
        self._min_delay_s = _positive(value, "min_delay_s", "a positive number of seconds")

    @property
    def cache_dir(self) -> Path:
        """Where the geocoder cache and downloaded map assets are kept."""
        return self._cache_dir

    @cache_dir.setter
    def cache_dir(self, value: str | os.PathLike) -> None:
        self._cache_dir = Path(value)


def _positive(value, name: str, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be {what}, got {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ConfigError(f"{name} must be {what}, got {value!r}")
    return number


options = Options()
