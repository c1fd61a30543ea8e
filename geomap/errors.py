"""The exceptions and warnings geomap raises: one root, leaves that also subclass builtins."""

from __future__ import annotations

__all__ = [
    "GeomapError",
    "ConfigError",
    "InputError",
    "CoordinateError",
    "PlaceNotFound",
    "UnknownBackendError",
    "GeocoderError",
    "GeocoderTimeout",
    "GeocoderUnavailable",
    "RateLimited",
    "BorderDataError",
    "ExportError",
    "AssetsMissing",
    "GeomapWarning",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose.

    The CLI prints ``str(error)`` on one line and exits with ``exit_status``
    instead of showing a traceback.
    """

    exit_status = 2


class ConfigError(GeomapError, ValueError):
    """An option or setting has an invalid value."""


class InputError(GeomapError, ValueError):
    """User-supplied data cannot be used.

    Parameters
    ----------
    message : str
        What is wrong, in a few words.
    path : str, optional
        The file the problem is in.
    row : int, optional
        The 1-based data row (header excluded) or line number.
    field : str, optional
        The column or property at fault.

    Examples
    --------
    >>> str(InputError("not a number: 'abc'", path="pts.csv", row=7, field="lat"))
    "pts.csv: row 7: field 'lat': not a number: 'abc'"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.row = row
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.path is not None:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return ": ".join([*where, self.message])


class CoordinateError(InputError):
    """A latitude/longitude is missing, not finite, or out of range."""


class PlaceNotFound(GeomapError, LookupError):
    """No gazetteer or geocoder entry matches a place name."""

    exit_status = 1


class UnknownBackendError(ConfigError):
    """A geocoder backend name is not registered."""


class GeocoderError(GeomapError):
    """An online geocoder failed."""


class GeocoderTimeout(GeocoderError, TimeoutError):
    """An online geocoder did not answer within ``timeout_s``."""


class GeocoderUnavailable(GeocoderError, OSError):
    """An online geocoder cannot be reached or answered with a server error."""


class RateLimited(GeocoderError):
    """An online geocoder refused a request for exceeding its rate limit (HTTP 429)."""

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class BorderDataError(GeomapError):
    """The shipped or user-supplied border data is missing or invalid."""


class ExportError(GeomapError, OSError):
    """An output file could not be written."""


class AssetsMissing(ExportError):
    """A map asset needed for an offline build is not in the cache (or fails its hash)."""


class GeomapWarning(UserWarning):
    """A warning the user can act on (for example: a row kept without coordinates)."""
