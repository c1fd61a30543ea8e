"""Collect row-level problems: raise the first under ``strict``, otherwise report and go on.

Bad rows are never dropped: a reader keeps them (without geometry when their
coordinates are unusable) and records what was wrong here, so that the caller
decides whether to report it (a warning, a stderr line) or refuse the input.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from geomap.errors import GeomapWarning, InputError

__all__ = ["Problems", "warn_reporter"]


def warn_reporter(error: InputError) -> None:
    """Report a problem as a :class:`~geomap.errors.GeomapWarning`."""
    warnings.warn(str(error), GeomapWarning, stacklevel=4)


class Problems:
    """A list of :class:`~geomap.errors.InputError` found while reading or enriching.

    Parameters
    ----------
    strict : bool
        Raise the first problem instead of recording it.
    report : callable, optional
        Called with each problem as it is recorded (default: a warning).

    Examples
    --------
    >>> p = Problems(strict=False, report=lambda e: None)
    >>> p.add("latitude 95.0 is outside [-90, 90]", path="a.csv", row=7, field="lat")
    >>> [str(e) for e in p]
    ["a.csv: row 7: field 'lat': latitude 95.0 is outside [-90, 90]"]
    >>> Problems(strict=True).add("bad", row=2)
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: row 2: bad
    """

    def __init__(
        self, *, strict: bool = False, report: Callable[[InputError], None] | None = None
    ) -> None:
        self.strict = strict
        self.report = warn_reporter if report is None else report
        self._items: list[InputError] = []

    def add(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        field: str | None = None,
        then: str | None = None,
        error_class: type[InputError] = InputError,
    ) -> None:
        """Record one problem (or raise it under ``strict``).

        ``then`` says what happens to the row when it is kept (for example
        "kept without coordinates"); it is left out of the strict refusal.
        """
        if self.strict:
            raise error_class(message, path=path, row=row, field=field)
        if then:
            message = f"{message} ({then})"
        error = error_class(message, path=path, row=row, field=field)
        self._items.append(error)
        self.report(error)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
