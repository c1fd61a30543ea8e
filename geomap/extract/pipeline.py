"""The extraction pipeline: article -> mentions -> roles -> places -> cited incidents.

Incidents come out in the incident schema (``geomap.incidents.model.COLUMNS``), so
``extract -> enrich -> map/export`` is one pipeline. Distance, side and nearest
crossing are left empty here; :func:`geomap.enrich` fills them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import Geod

from geomap.extract.article import ARTICLE_SUFFIXES, Article, parse_article, read_article
from geomap.extract.dates import DateMention, find_dates
from geomap.extract.events import clause_at, count_fatalities
from geomap.extract.lexicon import Lexicon, default_lexicon
from geomap.extract.recognize import Mention, recognize
from geomap.extract.resolve import resolve_mentions
from geomap.extract.roles import anaphor_kinds, assign_roles, link_qualifiers
from geomap.extract.text import Sentence, quote_text, split_sentences

__all__ = [
    "Extraction",
    "extract_article",
    "extract_incidents",
    "extract_mentions",
    "incidents_from_article",
    "incidents_frame",
    "is_article_path",
]

_GEOD = Geod(ellps="WGS84")
_VIOLENT = ("clash", "attack", "shelling", "airstrike")
# A province's point stands for a polygon hundreds of km across.
_PROVINCE_KM = 300.0
_LABELS = {
    "clash": "Clash",
    "attack": "Attack",
    "shelling": "Shelling",
    "airstrike": "Airstrike",
    "closure": "Closure",
    "reopening": "Reopening",
    "meeting": "Meeting",
    "statement": "Statement",
    "protest": "Protest",
    "other": "Incident",
}
# A date right after a verb of reporting dates the report, not the event.
_REPORT_DATE = re.compile(
    r"\b(?:said|says|told|reported|announced|confirmed|added|stated)\s+(?:\w+\s+){0,1}$", re.I
)


@dataclass
class Extraction:
    """What one article yields.

    Attributes
    ----------
    article : Article
        The article read.
    incidents : list of dict
        Records in the incident schema (plus ``article`` when read from a file).
    mentions : list of dict
        Every place mention: text, start, end, role, name, lat, lon, country, kind,
        confidence, reason (and ``article``).
    incident_mentions : list of list of int
        For each incident, the indexes of the mentions it was built from.
    """

    article: Article
    incidents: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    incident_mentions: list[list[int]] = field(default_factory=list)


def is_article_path(path: str | os.PathLike) -> bool:
    """Tell whether the file's suffix marks a news article (.txt, .md, .html).

    Examples
    --------
    >>> is_article_path("report.html"), is_article_path("points.csv")
    (True, False)
    """
    return Path(path).suffix.lower() in ARTICLE_SUFFIXES


def _as_article(text_or_path, *, published, source_url, title) -> Article:
    if isinstance(text_or_path, Article):
        article = text_or_path
        return parse_article(
            article.text,
            title=title if title is not None else article.title,
            source_url=source_url if source_url is not None else article.url,
            published=published if published is not None else article.published,
            path=article.path,
        )
    if isinstance(text_or_path, os.PathLike) or (
        # A single word ending in .txt/.md/.html is a file name, not an article.
        isinstance(text_or_path, str)
        and len(text_or_path) < 4096
        and not any(c.isspace() for c in text_or_path.strip())
        and is_article_path(text_or_path.strip())
    ):
        return read_article(text_or_path, published=published, source_url=source_url, title=title)
    return parse_article(str(text_or_path), published=published, source_url=source_url, title=title)


def extract_article(
    text_or_path,
    *,
    published=None,
    source_url: str | None = None,
    title: str | None = None,
    lexicon: Lexicon | None = None,
) -> Extraction:
    """Extract mentions and incidents from one article (text, path or :class:`Article`).

    Parameters
    ----------
    text_or_path : str, path-like or Article
        Article text, or a .txt/.md/.html file (its header block is honoured).
    published : str or datetime.date, optional
        Publication date; overrides the header. Relative dates stay open without it.
    source_url, title : str, optional
        Override the header's ``url`` and ``title``.
    lexicon : Lexicon, optional
        Name lookups; by default the shipped gazetteer.

    Returns
    -------
    Extraction

    Examples
    --------
    >>> x = extract_article("Six civilians were killed when mortar shells hit Chaman "
    ...                     "in Balochistan on Sunday night.", published="2023-09-05")
    >>> [(i["place"], i["event_type"], i["date"]) for i in x.incidents]
    [('Chaman', 'shelling', '2023-09-03')]
    """
    article = _as_article(text_or_path, published=published, source_url=source_url, title=title)
    lexicon = lexicon or default_lexicon()
    text = article.text
    sentences = split_sentences(text)
    sentence_dates = [
        find_dates(s.text, published=article.published, offset=s.start) for s in sentences
    ]
    reference = article.published or _latest_date(sentence_dates)
    mentions = recognize(text, sentences, lexicon=lexicon)
    link_qualifiers(text, mentions)
    resolve_mentions(mentions)
    anchors = assign_roles(
        text, sentences, mentions, sentence_dates=sentence_dates, reference=reference
    )
    result = Extraction(article=article)
    result.mentions = [_mention_record(m) for m in mentions]
    index_of = {id(m): k for k, m in enumerate(mentions)}
    drafts = []
    for s_index, mention, event_type in anchors:
        if mention is None:
            event_type, _, word = event_type.partition(":")
            mention = _antecedent(mentions, s_index, word)
            if mention is None:
                continue
            position = sentences[s_index].start
        else:
            position = mention.start
        drafts.append(
            _draft(
                article,
                sentences[s_index],
                s_index,
                mention,
                event_type,
                position,
                sentence_dates[s_index],
                index_of[id(mention)],
                mentions,
            )
        )
    merged = _merge(drafts)
    for draft in merged:
        result.incidents.append(_finish(article, draft))
        result.incident_mentions.append(sorted(set(draft["_mentions"])))
    return result


def _latest_date(sentence_dates: list[list[DateMention]]) -> dt.date | None:
    found = [d.date for ds in sentence_dates for d in ds if d.date is not None and not d.relative]
    return max(found) if found else None


def _antecedent(mentions: list[Mention], s_index: int, word: str) -> Mention | None:
    kinds = anaphor_kinds(word)
    for m in reversed(mentions):
        if m.sentence >= s_index or m.place is None:
            continue
        kind = m.kind_hint if m.kind_hint in kinds else m.place.kind
        if kind in kinds and m.role != "metonym":
            return m
    return None


def _is_headline(sentence: Sentence) -> bool:
    return not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", "'"))


def _draft(article, sentence, s_index, mention, event_type, position, dates, m_index, mentions):
    date = _event_date(dates, position, sentence)
    qualifier = next(
        (q for q in mentions if q.qualifier_of is not None and mentions[q.qualifier_of] is mention),
        None,
    )
    return {
        "place": mention.place,
        "mention": mention,
        "qualifier": qualifier,
        "event_type": event_type or "other",
        "date": date,
        "sentence": sentence,
        "s_index": s_index,
        "headline": _is_headline(sentence),
        "fatalities": (
            count_fatalities(clause_at(sentence.text, position - sentence.start))
            if event_type in _VIOLENT
            else None
        ),
        "_mentions": [m_index],
    }


def _event_date(dates: list[DateMention], position: int, sentence: Sentence):
    usable = [
        d
        for d in dates
        if not _REPORT_DATE.search(sentence.text[: d.start - sentence.start])
        and d.precision != "year"
    ]
    if not usable:
        return None
    return min(usable, key=lambda d: abs(d.start - position))


def _merge(drafts: list[dict]) -> list[dict]:
    """One incident per place and event type; coarse duplicates fold into finer places."""
    groups: dict[tuple, list[dict]] = {}
    for d in drafts:
        p = d["place"]
        groups.setdefault((p.name, round(p.lat, 4), round(p.lon, 4), d["event_type"]), []).append(d)
    merged = []
    for items in groups.values():
        body = [d for d in items if not d["headline"]] or items
        lead = body[0]
        dated = next((d for d in body if d["date"] is not None), None) or next(
            (d for d in items if d["date"] is not None), None
        )
        if dated is not None and lead["date"] is None:
            lead = dated
        fatalities = [d["fatalities"] for d in items if d["fatalities"] is not None]
        combined = dict(lead)
        combined["fatalities"] = max(fatalities) if fatalities else None
        combined["_mentions"] = [k for d in items for k in d["_mentions"]]
        combined["qualifier"] = next((d["qualifier"] for d in items if d["qualifier"]), None)
        combined["headline_only"] = all(d["headline"] for d in items)
        merged.append(combined)
    # A province- or region-level event that contains a finer one of the same type is
    # the same report at a coarser scale (a headline "Attacks across Khyber Pakhtunkhwa").
    kept = []
    for d in merged:
        p = d["place"]
        finer = [
            o
            for o in merged
            if o is not d
            and o["event_type"] == d["event_type"]
            and o["place"].precision < p.precision
            and _GEOD.inv(p.lon, p.lat, o["place"].lon, o["place"].lat)[2] / 1000.0
            <= max(p.uncertainty_km, _PROVINCE_KM if p.precision >= 4 else 0.0)
        ]
        if finer and (p.precision >= 4 or (p.precision >= 3 and d["headline_only"])):
            finer[0].setdefault("_folded", []).append(d)
            continue
        kept.append(d)
    kept.sort(key=lambda d: d["sentence"].start)
    return kept


def _finish(article: Article, d: dict) -> dict:
    place = d["place"]
    mention: Mention = d["mention"]
    sentence: Sentence = d["sentence"]
    date: DateMention | None = d["date"]
    event_type = d["event_type"]
    quote = quote_text(sentence.text)
    where = "at" if place.kind == "crossing" else "in"
    notes = [
        f"extracted from the article text (characters {sentence.start}-{sentence.end}); "
        f"place '{mention.text}' resolved to {place.name} ({place.kind}, {place.source}) "
        f"with confidence {mention.confidence:.2f}"
    ]
    qualifier = d["qualifier"]
    if qualifier is not None and qualifier.place is not None:
        notes.append(f"located by '{qualifier.text}'")
    for folded in d.get("_folded", ()):
        notes.append(f"also reported at a coarser scale: '{quote_text(folded['sentence'].text)}'")
    if date is None:
        notes.append("no date in the sentence")
    elif date.date is None:
        notes.append(f"date '{date.text}' left open: the article has no published date")
    elif date.relative:
        notes.append(f"date '{date.text}' resolved against the published date")
    admin1 = None
    if qualifier is not None and qualifier.place is not None and qualifier.place.kind == "province":
        admin1 = qualifier.place.name
    ident = hashlib.sha1(
        f"{article.url or article.path or ''}|{place.name}|{event_type}|{sentence.start}".encode()
    ).hexdigest()[:12]
    return {
        "id": f"x-{ident}",
        "title": f"{_LABELS.get(event_type, 'Incident')} {where} {place.name}",
        "event_type": event_type,
        "date": date.date.isoformat() if date is not None and date.date is not None else None,
        "date_precision": date.precision if date is not None else "unknown",
        "place": place.name,
        "country": place.country,
        "admin1": admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geo_precision": place.precision,
        "uncertainty_km": place.uncertainty_km,
        "distance_to_border_km": None,
        "side": None,
        "nearest_crossing": None,
        "nearest_crossing_km": None,
        "source_title": article.title,
        "source_url": article.url,
        "source_published": article.published.isoformat() if article.published else None,
        "quote": quote,
        "fatalities": d["fatalities"],
        "notes": "; ".join(notes),
        "quote_start": sentence.start,
        "quote_end": sentence.end,
    }


def _mention_record(m: Mention) -> dict:
    p = m.place
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "role": m.role,
        "name": p.name if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "country": p.country if p else None,
        "kind": p.kind if p else None,
        "confidence": m.confidence,
        "reason": m.reason,
    }


def extract_mentions(text_or_path, *, published=None, lexicon: Lexicon | None = None) -> list[dict]:
    """Return every place mention of an article with its role and resolution.

    Examples
    --------
    >>> [(m["text"], m["role"]) for m in extract_mentions("Islamabad maintains it was not "
    ...  "consulted on the talks held in Kabul.")]
    [('Islamabad', 'metonym'), ('Kabul', 'event')]
    """
    return extract_article(text_or_path, published=published, lexicon=lexicon).mentions


def incidents_frame(records: list[dict]):
    """Return incident records as a GeoDataFrame in the incident schema (EPSG:4326).

    Extra keys (``article``, ``quote_start``, ``quote_end``) are kept as columns.

    Examples
    --------
    >>> len(incidents_frame([]))
    0
    """
    import pandas as pd

    from geomap.incidents.model import COLUMNS
    from geomap.incidents.normalize import conform, empty_incidents

    if not records:
        return empty_incidents()
    frame = pd.DataFrame.from_records(records)
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return conform(frame)


def extract_incidents(
    text_or_path,
    *,
    published=None,
    source_url: str | None = None,
    title: str | None = None,
    lexicon: Lexicon | None = None,
):
    """Return the incidents an article reports, as a GeoDataFrame in the incident schema.

    Parameters
    ----------
    text_or_path : str, path-like or Article
        Article text, or a .txt/.md/.html file whose header block is honoured.
    published : str or datetime.date, optional
        Publication date (overrides the header); relative dates stay open without it.
    source_url, title : str, optional
        Override the header's ``url`` and ``title``.
    lexicon : Lexicon, optional
        Name lookups; by default the shipped gazetteer.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident; only ``event`` mentions become incidents.

    Examples
    --------
    >>> gdf = extract_incidents("Talks were held in Kabul on Thursday. "
    ...                         "Islamabad says it wants results.")
    >>> gdf[["place", "event_type", "date_precision"]].values.tolist()
    [['Kabul', 'meeting', 'unknown']]

    .. versionadded:: 0.1.0
    """
    result = extract_article(
        text_or_path, published=published, source_url=source_url, title=title, lexicon=lexicon
    )
    records = result.incidents
    if result.article.path is not None:
        records = [{**r, "article": result.article.path} for r in records]
    return incidents_frame(records)


def incidents_from_article(
    path: str | os.PathLike,
    *,
    published=None,
    source_url: str | None = None,
    title: str | None = None,
):
    r"""Read an article file as incidents: the hook for incident readers (.txt/.md/.html).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("published: 2023-09-05\n\nMortar shells hit Chaman on Sunday.")
    >>> incidents_from_article(p)[["place", "date"]].values.tolist()
    [['Chaman', '2023-09-03']]
    """
    return extract_incidents(Path(path), published=published, source_url=source_url, title=title)
