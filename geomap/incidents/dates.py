"""Dates as ISO 8601 text whose form matches what the source knows.

A day is ``2023-05-08``, an ISO week ``2023-W19``, a month ``2023-05``, a year
``2023``, and a span the source gives as two days an interval
``2023-05-01/2023-05-06``. A date is never made finer than its source: "on
Thursday" without the report's date stays empty with precision ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import re

from geomap.incidents.model import DATE_PRECISIONS

__all__ = ["normalize_date", "DateProblem"]

_RANK = {name: i for i, name in enumerate(DATE_PRECISIONS)}
_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (
        dt.date(2000, i, 1).strftime("%B").lower(),
        dt.date(2000, i, 1).strftime("%b").lower(),
    )
}
_MONTHS["sept"] = 9

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?")
_WEEK = re.compile(r"(\d{4})-?W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ ,-]+(\d{4})")  # 08 May 2023 (ACLED)
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")  # May 8, 2023
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.? (\d{4})")  # May 2023
_SLASHED = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


class DateProblem(ValueError):
    """A date or a date precision that cannot be used as given."""


def normalize_date(value, precision=None) -> tuple[str | None, str]:
    """Return ``(iso_text, precision)`` for a date as a source gives it.

    Parameters
    ----------
    value : str, datetime.date, or None
        ISO 8601 (day, ``YYYY-Www``, ``YYYY-MM``, ``YYYY``, or ``start/end``),
        or a spelled-out day such as ``08 May 2023``.
    precision : str, optional
        One of ``day, week, month, year, unknown``; inferred when missing. It
        may be coarser than the written form (a day standing for its week) but
        never finer.

    Returns
    -------
    tuple of (str or None, str)

    Raises
    ------
    DateProblem
        The text is not a date, is ambiguous (``05/08/2023``), or is coarser
        than the precision claimed.

    Examples
    --------
    >>> normalize_date("08 May 2023")
    ('2023-05-08', 'day')
    >>> normalize_date("2023-05-01/2023-05-06")
    ('2023-05-01/2023-05-06', 'week')
    >>> normalize_date(None)
    (None, 'unknown')
    >>> normalize_date("2023-05", "day")
    Traceback (most recent call last):
    ...
    geomap.incidents.dates.DateProblem: date '2023-05' is coarser than date_precision 'day'
    """
    if precision is not None:
        precision = str(precision).strip().lower() or None
        if precision is not None and precision not in _RANK:
            raise DateProblem(
                f"date_precision {precision!r} is not one of {', '.join(DATE_PRECISIONS)}"
            )
    if value is None or (isinstance(value, str) and not value.strip()):
        if precision not in (None, "unknown"):
            raise DateProblem(f"date_precision {precision!r} is given without a date")
        return None, "unknown"
    text, form = _parse(value)
    if precision is None:
        return text, form
    if _RANK[precision] < _RANK[form]:
        raise DateProblem(f"date {text!r} is coarser than date_precision {precision!r}")
    return text, precision


def _parse(value) -> tuple[str, str]:
    if isinstance(value, dt.datetime):
        return _day_text(value.date(), value.time()), "day"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return f"{value:04d}", "year"
    text = str(value).strip()
    if "/" in text and not _SLASHED.fullmatch(text):
        return _interval(text)
    if m := _DAY.fullmatch(text):
        day = _date(text, int(m[1]), int(m[2]), int(m[3]))
        time = None
        if m[4] is not None:
            time = _time(text, int(m[4]), int(m[5]), int(m[6] or 0))
        return _day_text(day, time), "day"
    if m := _WEEK.fullmatch(text):
        try:
            dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise DateProblem(f"{text!r} is not a valid ISO week") from None
        return f"{m[1]}-W{m[2]}", "week"
    if m := _MONTH.fullmatch(text):
        _date(text, int(m[1]), int(m[2]), 1)
        return text, "month"
    if m := _YEAR.fullmatch(text):
        return text, "year"
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        return _date(text, int(m[3]), _month(text, m[2]), int(m[1])).isoformat(), "day"
    if m := _MONTH_DAY_YEAR.fullmatch(text):
        return _date(text, int(m[3]), _month(text, m[1]), int(m[2])).isoformat(), "day"
    if m := _MONTH_YEAR.fullmatch(text):
        return f"{int(m[2]):04d}-{_month(text, m[1]):02d}", "month"
    if _SLASHED.fullmatch(text):
        raise DateProblem(f"ambiguous date {text!r}: write it as YYYY-MM-DD")
    raise DateProblem(f"not an ISO 8601 date: {text!r}")


def _interval(text: str) -> tuple[str, str]:
    start_text, _, end_text = text.partition("/")
    start, start_form = _parse(start_text)
    end, end_form = _parse(end_text)
    if start_form != "day" or end_form != "day":
        raise DateProblem(f"an interval must join two days (YYYY-MM-DD/YYYY-MM-DD): {text!r}")
    a, b = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    if b < a:
        raise DateProblem(f"interval {text!r} ends before it starts")
    if a == b:
        return start, "day"
    span_days = (b - a).days + 1
    form = "week" if span_days <= 7 else "month" if span_days <= 31 else "year"
    if span_days > 366:
        form = "unknown"
    return f"{start}/{end}", form


def _day_text(day: dt.date, time: dt.time | None) -> str:
    # Midnight is how many exports write "no time"; a real time is kept.
    if time is None or time == dt.time(0, 0):
        return day.isoformat()
    return f"{day.isoformat()}T{time.isoformat(timespec='seconds')}"


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"not a calendar date: {text!r}") from None


def _time(text: str, hour: int, minute: int, second: int) -> dt.time:
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        raise DateProblem(f"not a time of day: {text!r}") from None


def _month(text: str, name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise DateProblem(f"unknown month name in {text!r}") from None
