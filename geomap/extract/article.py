"""Read a news article (.txt, .md, .html) into plain text plus its title, URL and date.

A leading header block of ``title:``, ``url:`` and ``published:`` lines (or the
same keys in ``---`` front matter) is honoured and removed from the text;
explicit arguments override it. Character offsets reported by the extractor
refer to :attr:`Article.text`, the body after the header and markup are removed.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from geomap.errors import InputError

__all__ = ["Article", "ARTICLE_SUFFIXES", "read_article", "parse_article", "parse_published"]

#: File suffixes treated as articles by the readers and the CLI.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "source_url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "source_published": "published",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Article:
    """One article: body text and what is known about its source.

    Attributes
    ----------
    text : str
        The body; mention and quote offsets refer to it.
    title, url : str or None
        Source title and URL.
    published : datetime.date or None
        Publication date; relative dates stay unresolved without it.
    path : str or None
        The file the article was read from.
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    path: str | None = None


def parse_published(value, *, path: str | None = None) -> dt.date | None:
    """Parse a publication date given as a date, ISO text or "8 May 2023".

    Examples
    --------
    >>> parse_published("2023-08-18T09:30:00Z")
    datetime.date(2023, 8, 18)
    >>> parse_published("18 August 2023")
    datetime.date(2023, 8, 18)
    >>> parse_published(None) is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$", text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            pass
    else:
        from geomap.extract.dates import parse_absolute_date

        found = parse_absolute_date(text)
        if found is not None:
            return found
    raise InputError(f"not a date: {text!r} (use YYYY-MM-DD)", path=path, field="published")


def parse_article(
    text: str,
    *,
    kind: str = "txt",
    title: str | None = None,
    source_url: str | None = None,
    published=None,
    path: str | None = None,
) -> Article:
    r"""Build an :class:`Article` from raw text of the given ``kind`` (txt, md or html).

    Examples
    --------
    >>> a = parse_article("title: Talks\npublished: 2023-08-18\n\nTalks were held in Kabul.")
    >>> a.title, a.published.isoformat(), a.text
    ('Talks', '2023-08-18', 'Talks were held in Kabul.')
    >>> parse_article("No header here.", published="2023-08-18").published
    datetime.date(2023, 8, 18)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    header, body = _split_header(text)
    meta: dict[str, str] = {}
    if kind == "html":
        body, meta = _html_to_text(body)
    elif kind == "md":
        body = _markdown_to_text(body)
    meta.update(header)
    article = Article(
        text=body,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        published=parse_published(meta.get("published"), path=path),
        path=path,
    )
    overrides = {}
    if title is not None:
        overrides["title"] = title
    if source_url is not None:
        overrides["url"] = source_url
    if published is not None:
        overrides["published"] = parse_published(published, path=path)
    return replace(article, **overrides) if overrides else article


def read_article(
    path: str | os.PathLike,
    *,
    title: str | None = None,
    source_url: str | None = None,
    published=None,
) -> Article:
    r"""Read an article file (.txt, .md or .html); arguments override its header block.

    Raises
    ------
    InputError
        The file is missing, empty, not text, or its ``published`` value is not a date.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("url: https://example.org/a\n\nShelling hit Chaman.")
    >>> read_article(p).url
    'https://example.org/a'
    """
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    kind = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix, "txt")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an article file", path=name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=name) from None
    if b"\x00" in raw[:4096]:
        raise InputError("not a text file (binary content)", path=name)
    text = _decode(raw, name)
    if not text.strip():
        raise InputError("empty article", path=name)
    article = parse_article(
        text, kind=kind, title=title, source_url=source_url, published=published, path=name
    )
    if not article.text.strip():
        raise InputError("the article has no text after its header", path=name)
    return article


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what non-UTF-8 news text almost always is.
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 or Windows-1252 text (byte {error.start}); convert it to UTF-8",
            path=name,
        ) from None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``key: value`` block (optionally fenced by ``---``) from the body."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    fenced = i < len(lines) and lines[i].strip() == "---"
    start = i + 1 if fenced else i
    header: dict[str, str] = {}
    j = start
    while j < len(lines):
        line = lines[j]
        if fenced and line.strip() == "---":
            j += 1
            break
        match = _HEADER_LINE.match(line)
        key = match and _HEADER_KEYS.get(match.group(1).lower())
        if not key:
            if fenced and match:  # other front-matter keys are ignored
                j += 1
                continue
            break
        header[key] = match.group(2).strip().strip("\"'")
        j += 1
    else:
        if fenced:
            return {}, text
    if not header:
        return {}, text
    if not fenced and j < len(lines) and lines[j].strip():
        # A header block must be followed by a blank line or end the file; otherwise
        # the first line ("Date: ..." in prose) is body text.
        return {}, text
    body = "\n".join(lines[j:]).lstrip("\n")
    return header, body


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def _markdown_to_text(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return text


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer "
    "blockquote figcaption figure pre hr dd dt dl main aside nav".split()
)
_SKIP_TAGS = frozenset("script style noscript template head svg iframe object button".split())


class _TextExtractor(HTMLParser):
    """Collect visible text; scripts, styles and the head are dropped, never executed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            value = attrs.get("content", "").strip()
            if key in ("article:published_time", "date", "dc.date", "pubdate") and value:
                self.meta.setdefault("published", value)
            elif key in ("og:title",) and value:
                self.meta.setdefault("title", value)
            elif key in ("og:url",) and value:
                self.meta.setdefault("url", value)
        elif tag == "link" and attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            self.meta.setdefault("url", attrs["href"].strip())
        elif tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIP_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self._title.append(data)
        if not self._skip:
            self.parts.append(data)


def _html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    meta = dict(parser.meta)
    title = html.unescape(" ".join("".join(parser._title).split()))
    if title:
        meta.setdefault("title", title)
    return text, meta
