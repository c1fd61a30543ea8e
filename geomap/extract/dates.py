"""Find date expressions in a sentence and resolve them against the publication date.

Absolute dates ("8 May 2023", "May 8, 2023", "2023-05-08", "August 2021", "in 2007")
are parsed as written. Relative ones ("on Thursday", "yesterday", "last week",
"on Sunday night", "two days ago") need the publication date; without it they
stay unresolved (``date=None``, precision ``unknown``): a date is never invented.
Week precision dates are the Monday that starts the week; month and year
precision dates are the first day of the period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "parse_absolute_date", "PRECISIONS"]

#: The date_precision values of the incident schema, finest first.
PRECISIONS = ("day", "week", "month", "year", "unknown")

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple of": 2,
    "few": 3,
}

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19|20)\d\d"

# Order matters: the longest, most specific forms first; matches never overlap.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR_RE})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "dmy",
        re.compile(
            rf"\b(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?(?P<d>{_DAY_RE})\s+(?:of\s+)?"
            rf"(?P<mon>{_MONTH_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?\b",
            re.I,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?:{_WEEKDAY_RE},?\s+)?(?P<mon>{_MONTH_RE})\s+(?P<d>{_DAY_RE})\b"
            rf"(?:,?\s+(?P<y>{_YEAR_RE}))?",
            re.I,
        ),
    ),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?:of\s+)?(?P<y>{_YEAR_RE})\b", re.I)),
    ("y", re.compile(rf"\b(?:in|since|during|by|of|from|until)\s+(?P<y>{_YEAR_RE})\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<which>last|this|next|past)\s+)?(?P<wd>{_WEEKDAY_RE})"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
            r"(?:\s+(?P<lastweek>last week))?\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|[a-z]+|couple of)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)),
    (
        "period",
        re.compile(
            r"\b(?P<which>last|this|earlier this|later this|past|previous)\s+"
            r"(?P<unit>week|month|year)(?:end)?\b",
            re.I,
        ),
    ),
    (
        "monthonly",
        re.compile(
            rf"\b(?:in|since|during|early|late|mid-?)\s+(?P<mon>{_MONTH_RE})\b(?!\s+\d)", re.I
        ),
    ),
]


# Cheap pre-check: most sentences hold no date word at all.
_ANY_DATE = re.compile(
    rf"\d|\b{_MONTH_RE}|{_WEEKDAY_RE}|yesterday|today|tonight|\bago\b|"
    r"\b(?:last|this|next|past|previous)\s+(?:week|month|year|morning|afternoon|evening)",
    re.I,
)


_MONTH_WORD = re.compile(rf"\b{_MONTH_RE}", re.I)
# Cheap tests that let find_dates skip patterns which cannot match a sentence.
_GATES = {
    "iso": lambda low, digit, month: digit and "-" in low,
    "dmy": lambda low, digit, month: digit and month,
    "mdy": lambda low, digit, month: digit and month,
    "my": lambda low, digit, month: digit and month,
    "y": lambda low, digit, month: digit,
    "weekday": lambda low, digit, month: "day" in low,
    "ago": lambda low, digit, month: "ago" in low,
    "yesterday": lambda low, digit, month: "yesterday" in low or "last night" in low,
    "today": lambda low, digit, month: "today" in low or "tonight" in low or "this " in low,
    "period": lambda low, digit, month: any(w in low for w in ("last", "this", "past", "previous")),
    "monthonly": lambda low, digit, month: month,
}


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text.

    Attributes
    ----------
    text : str
        The expression as written.
    start, end : int
        Character offsets in the text that was searched.
    date : datetime.date or None
        The resolved date (start of the period for coarser precisions), or None.
    precision : str
        One of day, week, month, year, unknown.
    relative : bool
        True when the expression needs the publication date.
    """

    text: str
    start: int
    end: int
    date: dt.date | None
    precision: str
    relative: bool


def parse_absolute_date(text: str) -> dt.date | None:
    """Parse a full calendar date such as "8 May 2023" or "May 8, 2023".

    Examples
    --------
    >>> parse_absolute_date("May 8, 2023")
    datetime.date(2023, 5, 8)
    >>> parse_absolute_date("Thursday") is None
    True
    """
    for found in find_dates(text, published=None):
        if found.precision == "day" and not found.relative and found.date is not None:
            return found.date
    return None


def find_dates(
    text: str, *, published: dt.date | None = None, offset: int = 0
) -> list[DateMention]:
    """Return the date expressions of ``text``, resolved against ``published``.

    Parameters
    ----------
    text : str
        Usually one sentence.
    published : datetime.date, optional
        The publication date; relative expressions stay unresolved without it.
    offset : int
        Added to the reported offsets (the sentence's start in the article).

    Examples
    --------
    >>> import datetime as dt
    >>> fri = dt.date(2023, 8, 18)
    >>> [(d.date, d.precision) for d in find_dates("Talks were held on Thursday.", published=fri)]
    [(datetime.date(2023, 8, 17), 'day')]
    >>> [(d.date, d.precision) for d in find_dates("Talks were held on Thursday.")]
    [(None, 'unknown')]
    """
    if not _ANY_DATE.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    lower = text.lower()
    has_digit = any(c.isdigit() for c in text)
    has_month = _MONTH_WORD.search(text) is not None
    for kind, pattern in _PATTERNS:
        gate = _GATES[kind]
        if not gate(lower, has_digit, has_month):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is None:
                continue
            date, precision, relative = resolved
            taken.append((start, end))
            found.append(
                DateMention(
                    text=match.group(0),
                    start=start + offset,
                    end=end + offset,
                    date=date,
                    precision=precision if date is not None else "unknown",
                    relative=relative,
                )
            )
    found.sort(key=lambda d: d.start)
    return found


def _resolve(kind: str, m: re.Match, published: dt.date | None):
    """Return (date or None, precision, relative), or None when the match is not a date."""
    if kind == "iso":
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]), "day", False)
    if kind in ("dmy", "mdy"):
        day = int(re.match(r"\d+", m["d"]).group(0))
        month = _MONTHS[m["mon"].lower().rstrip(".")]
        if kind == "mdy" and m["mon"].lower().rstrip(".") == "may" and not m["y"]:
            # "may 5" is too often the verb ("may 5 ...") to trust without a year.
            if m["mon"][0].islower():
                return None
        if m["y"]:
            return _safe_date(int(m["y"]), month, day, "day", False)
        if published is None:
            return (None, "unknown", True)
        # No year: the most recent such day on or before publication.
        year = published.year
        candidate = _safe_date(year, month, day, "day", True)
        if candidate is None:
            return None
        if candidate[0] is not None and candidate[0] > published:
            candidate = _safe_date(year - 1, month, day, "day", True)
        return candidate
    if kind == "my":
        return (dt.date(int(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], 1), "month", False)
    if kind == "y":
        return (dt.date(int(m["y"]), 1, 1), "year", False)
    if kind == "monthonly":
        if published is None:
            return (None, "unknown", True)
        month = _MONTHS[m["mon"].lower().rstrip(".")]
        year = published.year if month <= published.month else published.year - 1
        return (dt.date(year, month, 1), "month", True)
    if kind == "weekday":
        if published is None:
            return (None, "unknown", True)
        target = _WEEKDAYS[m["wd"].lower()]
        which = (m["which"] or "").lower()
        back = (published.weekday() - target) % 7
        if which == "next":
            ahead = (target - published.weekday()) % 7 or 7
            return (published + dt.timedelta(days=ahead), "day", True)
        if which in ("last", "past") and back == 0:
            back = 7
        if m["lastweek"]:
            # "Thursday last week": that weekday in the previous calendar week.
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return (monday + dt.timedelta(days=target), "day", True)
        return (published - dt.timedelta(days=back), "day", True)
    if kind == "ago":
        if published is None:
            return (None, "unknown", True)
        raw = m["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        if n is None:
            return None
        unit = m["unit"].lower().rstrip("s")
        if unit == "day":
            return (published - dt.timedelta(days=n), "day", True)
        if unit == "week":
            day = published - dt.timedelta(weeks=n)
            return (day - dt.timedelta(days=day.weekday()), "week", True)
        if unit == "month":
            y, mo = divmod(published.year * 12 + published.month - 1 - n, 12)
            return (dt.date(y, mo + 1, 1), "month", True)
        return (dt.date(published.year - n, 1, 1), "year", True)
    if kind == "yesterday":
        if published is None:
            return (None, "unknown", True)
        return (published - dt.timedelta(days=1), "day", True)
    if kind == "today":
        if published is None:
            return (None, "unknown", True)
        return (published, "day", True)
    if kind == "period":
        if published is None:
            return (None, "unknown", True)
        which = m["which"].lower()
        previous = which in ("last", "past", "previous")
        unit = m["unit"].lower()
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday())
            return (monday - dt.timedelta(days=7) if previous else monday, "week", True)
        if unit == "month":
            y, mo = published.year, published.month
            if previous:
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            return (dt.date(y, mo, 1), "month", True)
        return (dt.date(published.year - previous, 1, 1), "year", True)
    raise AssertionError(kind)


def _safe_date(year: int, month: int, day: int, precision: str, relative: bool):
    try:
        return (dt.date(year, month, day), precision, relative)
    except ValueError:
        return None
