"""Roles of place mentions: ``event``, ``background`` or ``metonym``.

- **qualifier** (a background role): a larger unit that locates a smaller one,
  "Chaman in Balochistan", "Afghanistan's Kunar province", "Khar, the main town of
  Bajaur district"; it helps disambiguation and never becomes an incident itself.
- **metonym**: a place standing for its government or an institution:
  "Islamabad maintains", "Kabul says", "the Kabul authorities", "the government in
  Islamabad", "warned Islamabad", "Khyber Pakhtunkhwa police".
- **event**: where something happened or was held: a locative phrase ("in", "at",
  "near", "hit", "the outskirts of") or the named crossing/subject of a sentence that
  reports an event, unless the sentence is history ("in 2007", "in the past") or the
  phrase only attributes a statement ("officials in Khyber said").
- everything else is **background** (countries, origins "from X", routes "to X").
"""

from __future__ import annotations

import datetime as dt
import re

from geomap.extract.dates import DateMention
from geomap.extract.events import classify_event
from geomap.extract.recognize import Mention
from geomap.extract.text import Sentence

__all__ = ["assign_roles", "link_qualifiers", "ROLES"]

#: The roles a mention can have.
ROLES = ("event", "background", "metonym")

_RANK = {
    "town": 0,
    "city": 0,
    "crossing": 0,
    "district": 1,
    "region": 2,
    "province": 2,
    "country": 3,
}
_QUALIFIER_GAP = re.compile(
    r"^(?:\s*,\s*|\s+in\s+(?:the\s+)?|\s+of\s+(?:the\s+)?|\s+(?:district|province|valley|area)"
    r"\s+(?:of|in)\s+(?:the\s+)?|,\s+(?:the|a)\s+(?:[\w-]+\s+){0,3}(?:of|in)\s+(?:the\s+)?|"
    r"\s+(?:\w+\s+)?(?:district|province|valley|area|crossing|border|town|city|village)"
    r"\s*(?:,\s*|\s+(?:in|of)\s+(?:the\s+)?))$",
    re.I,
)
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+$")
# Verbs of speech and policy: "Islamabad maintains", "Kabul has denied".
_SPEECH = (
    r"says|said|say|maintains|maintained|insists|insisted|accuses|accused|denies|denied|deny|"
    r"rejects|rejected|reject|wants|wanted|demands|demanded|urges|urged|warns|warned|claims|"
    r"claimed|blames|blamed|believes|hopes|hoped|announced|announces|condemned|condemns|"
    r"alleges|alleged|called|calls|asked|asks|expects|expected|pledged|pledges|promised|"
    r"promises|vowed|vows|reiterated|stressed|argued|argues|considers|fears|threatened|"
    r"threatens|recognised|recognized|pressed|presses|responded|summoned|agreed|agrees|"
    r"welcomed|welcomes|protested|retaliated|told|tells|sees|views|acknowledged|confirmed"
)
_SUBJECT_VERB = re.compile(
    rf"^(?:['’]s\s+\w+\s+)?\s*(?:,[^,]{{0,40}},\s*)?(?:has|have|had|is|was|also|has long|"
    rf"has repeatedly|had earlier|would|will|did not|does not|has not)?\s*(?:{_SPEECH})\b",
    re.I,
)
_OBJECT_VERB = re.compile(
    r"\b(?:accused|accuses|urged|urges|warned|warns|blamed|blames|asked|asks|pressed|presses|"
    r"told|tells|criticised|criticized|expects|expected|called on|calls on|pressured|"
    r"condemned|summoned)\s+(?:the\s+)?$",
    re.I,
)
_GOV_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:\w+\s+)?(?:authorities|government|administration|regime|rulers|"
    r"leadership|establishment|ministry|police|army|military|officials say|"
    r"foreign office|embassy|consulate)\b",
    re.I,
)
_GOV_BEFORE = re.compile(
    r"\b(?:authorities|government|administration|regime|rulers|leadership|ministry|office|"
    r"embassy|consulate|officials based|leaders)\s+in\s+$",
    re.I,
)
_BETWEEN = re.compile(r"\b(?:relations|ties|tensions|talks|dialogue|trust|rift)\b", re.I)
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|inside|outside|around|across|into|on|hit|hits|struck|strikes|strike|"
    r"shelled|shelling|targeted|targeting|bombed|attacked|raided|pounded|rocked|"
    r"outskirts of|suburbs of|parts? of|areas? of|village of|town of|city of|district of|"
    r"province of|region of|heart of|centre of|center of|streets of|east of|west of|"
    r"north of|south of|km from|kilometres from|miles from)\s+(?:the\s+)?(?:[\w-]+\s+)?$)",
    re.I,
)
_NOT_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?:from|from across|to|towards|toward|through|via|along|between|with|against|fled|"
    r"leave|left|of)\s+(?:the\s+)?|between\s+(?:the\s+)?[\w-]+\s+and\s+|"
    # The wounded taken to hospital: where they were treated, not where it happened.
    r"(?:taken|flown|rushed|shifted|moved|evacuated|airlifted|admitted)\s+to\s+(?:a\s+|the\s+)?"
    r"(?:\w+\s+)?hospitals?\s+in\s+)$",
    re.I,
)
_ATTRIBUTION_AFTER = re.compile(
    r"^\s*(?:district|province|city|town)?\s*(?:,\s*)?(?:said|say|says|told|reported|confirmed)\b",
    re.I,
)
# The speaker's place: "a Taliban spokesman in Kabul called the talks constructive".
_SPEAKER_BEFORE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|officials?|sources?|correspondents?|diplomats?|"
    r"police|residents|witnesses|elders|traders)\s+(?:based\s+)?in\s+(?:the\s+)?$",
    re.I,
)
_SPEECH_AFTER = re.compile(rf"^\s*(?:\w+\s+){{0,2}}(?:{_SPEECH})\b", re.I)
# A venue still to come: "agreed to meet again in Moscow", "the next round will be held in
# Kabul". What is planned has not happened; a map shows it when it does.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|would|to)\s+(?:\w+\s+){0,2}(?:meet|be held|hold|host|convene|visit|"
    r"travel|be hosted)\b[^.;,]{0,30}$",
    re.I,
)
# Where a clause about something else starts: "told a briefing in Washington that the talks
# had covered ...", "the TTP, which has carried out attacks in ...".
_CLAUSE_BREAK = re.compile(r"(?:\bthat\b|,\s*(?:which|who|where)\b|;)", re.I)
_HISTORY = re.compile(
    r"\b(?:in the past|previously|in recent years|over the years|for years|for decades|"
    r"historically|has carried out|have carried out|had carried out|emerged|was founded|"
    r"came to power|took power|seized power|returned to power|took over|since (?:the )?\d{4}|"
    r"since the \d{4}s|in the \d{4}s)\b",
    re.I,
)
_ANAPHOR = re.compile(
    r"^(?:the|this)\s+(?:(?:border|main|key|busy|busiest)\s+)*(crossing|gate|pass|town|city|"
    r"district|village|area|province)\b",
    re.I,
)
_ANAPHOR_KINDS = {
    "crossing": ("crossing",),
    "gate": ("crossing",),
    "pass": ("crossing",),
    "town": ("town", "city"),
    "city": ("city", "town"),
    "village": ("town", "city"),
    "district": ("district",),
    "area": ("district", "region", "town", "city"),
    "province": ("province",),
}


def _kind_rank(mention: Mention) -> int:
    if mention.kind_hint in _RANK:
        return _RANK[mention.kind_hint]
    return max(_RANK.get(p.kind, 0) for p in mention.candidates)


def _min_rank(mention: Mention) -> int:
    if mention.kind_hint in _RANK:
        return _RANK[mention.kind_hint]
    return min(_RANK.get(p.kind, 0) for p in mention.candidates)


def link_qualifiers(text: str, mentions: list[Mention]) -> None:
    """Mark mentions that locate a neighbouring smaller one ("Chaman in Balochistan").

    Sets ``qualifier_of`` on the larger mention (its index in ``mentions``).
    """
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        if a.sentence != b.sentence:
            continue
        gap = text[a.end : b.start]
        if _QUALIFIER_GAP.match(gap) and _kind_rank(b) > _min_rank(a):
            b.qualifier_of = i - 1
        elif _POSSESSIVE_GAP.match(gap) and _kind_rank(a) > _min_rank(b):
            a.qualifier_of = i
    # Chains ("Khar, the main town of Bajaur district, in Pakistan") resolve outward.


def assign_roles(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    *,
    sentence_dates: list[list[DateMention]],
    reference: dt.date | None,
) -> list[tuple[int, Mention | None, str]]:
    """Set ``role`` on every mention and return the event anchors.

    Returns
    -------
    list of (sentence index, mention or None, event_type)
        One entry per event mention; ``None`` marks a sentence whose subject is an
        anaphor ("The crossing ... was closed"), resolved later to an earlier place.
    """
    events: list[tuple[int, Mention | None, str]] = []
    by_sentence: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        by_sentence.setdefault(m.sentence, []).append(i)
    for s_index, sentence in enumerate(sentences):
        indexes = by_sentence.get(s_index, [])
        history = _is_history(sentence, sentence_dates[s_index], reference)
        anaphor = _ANAPHOR.match(sentence.text)
        sentence_has_event = False
        for i in indexes:
            m = mentions[i]
            role, event_type = _role(text, sentence, m, mentions, i, history)
            if anaphor and role == "event":
                # "The crossing, between Peshawar and Jalalabad, was closed": the
                # sentence is about the crossing named before; its places are context.
                role, event_type = "background", None
                m.reason = "the sentence is about an earlier place"
            m.role = role
            if role == "event":
                sentence_has_event = True
                events.append((s_index, m, event_type))
        if anaphor and not sentence_has_event and not history:
            event_type = classify_event(sentence.text, near=anaphor.end())
            if event_type is not None and event_type not in ("statement",):
                events.append((s_index, None, f"{event_type}:{anaphor.group(1).lower()}"))
    return events


# "KABUL (Reuters) -", "PESHAWAR, Pakistan (AP) —", "QUETTA, Aug. 18 -",
# "DERA ISMAIL KHAN, Pakistan, June 8 (Agency) —": the place, then up to two comma
# parts (a country or province, a date), an optional agency, then a dash or colon.
_DATELINE = re.compile(
    r"^(?:\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})){0,2}"
    r"\s*(?:\([^)]{1,40}\))?\s*[-\u2013\u2014:]"
)


def _role(text, sentence, m, mentions, i, history):
    if m.start == sentence.start and _DATELINE.match(text[m.end : m.end + 60]):
        m.reason = "dateline: where the report was filed"
        return "background", None
    if m.institution:
        m.reason = "institution named after the place"
        return "metonym", None
    before = text[max(sentence.start, m.start - 60) : m.start]
    after = text[m.end : min(sentence.end, m.end + 60)]
    # A preceding possessive qualifier ("Afghanistan's Kunar") moves "before" back to it.
    if i > 0 and mentions[i - 1].qualifier_of == i:
        q = mentions[i - 1]
        before = text[max(sentence.start, q.start - 60) : q.start]
    if _GOV_AFTER.match(after) or _GOV_BEFORE.search(before):
        m.reason = "stands for a government or institution"
        return "metonym", None
    capital_like = any(p.kind in ("city", "country", "province") for p in m.candidates)
    locative = _is_locative(before)
    if capital_like and not locative and _SUBJECT_VERB.match(after):
        m.reason = "subject of a verb of speech or policy"
        return "metonym", None
    if capital_like and _OBJECT_VERB.search(before) and not re.search(r"\bwith\s+$", before):
        m.reason = "object of a political verb"
        return "metonym", None
    if re.search(r"\bbetween\s+$", before) and _BETWEEN.search(sentence.text):
        nxt = text[m.end : m.end + 6]
        if re.match(r"\s+and\s", nxt):
            m.reason = "one side of a relation"
            return "metonym", None
    if m.qualifier_of is not None:
        m.reason = "locates another mention"
        return "background", None
    if all(p.kind == "country" for p in m.candidates):
        m.reason = "a country"
        return "background", None
    if history and _history_reaches(sentence, m):
        m.reason = "history"
        return "background", None
    # Coordination: "in Khost and Paktika" — the second inherits the first's status.
    if i > 0 and mentions[i - 1].sentence == m.sentence:
        gap = text[mentions[i - 1].end : m.start]
        if re.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*", gap):
            prev = mentions[i - 1]
            if prev.role == "event":
                return "event", classify_event(sentence.text, near=m.start - sentence.start)
            before = text[max(sentence.start, prev.start - 60) : prev.start]
            locative = _is_locative(before)
    event_type = classify_event(sentence.text, near=m.start - sentence.start)
    if event_type is None:
        m.reason = "no event in the sentence"
        return "background", None
    if _NOT_LOCATIVE_BEFORE.search(before) and not locative:
        m.reason = "origin, route or relation, not a location"
        return "background", None
    if locative and _ATTRIBUTION_AFTER.match(after):
        # "officials in Khyber said" names the speakers' place; "ambushed near Alizai,
        # said a police officer" attributes the whole clause, the place stays its venue.
        inverted = re.match(r"^\s*,", after) and not _SPEAKER_BEFORE.search(before)
        if not inverted:
            m.reason = "attributes a statement"
            return "background", None
    if _SPEAKER_BEFORE.search(before) and _SPEECH_AFTER.match(after):
        m.reason = "attributes a statement"
        return "background", None
    if locative and _FUTURE_BEFORE.search(before):
        m.reason = "a venue still to come"
        return "background", None
    crossing = m.kind_hint == "crossing" or any(p.kind == "crossing" for p in m.candidates)
    subject = m.start - sentence.start <= 24 and not _SUBJECT_VERB.match(after)
    if locative or (crossing and event_type not in ("statement",)) or subject:
        if event_type == "statement" and not locative:
            m.reason = "a statement without a venue"
            return "background", None
        m.reason = "where the event happened"
        return "event", event_type
    m.reason = "not in a locative phrase"
    return "background", None


def _is_locative(before: str) -> bool:
    """Tell whether the words before a mention make it a location ("in", "near", "hit").

    The longer of two competing phrases wins: "from across the" is an origin,
    "the outskirts of" a location.
    """
    yes = _LOCATIVE_BEFORE.search(before)
    no = _NOT_LOCATIVE_BEFORE.search(before)
    if yes is None:
        return False
    return no is None or yes.start() <= no.start()


def _history_reaches(sentence: Sentence, m: Mention) -> bool:
    """Tell whether the sentence's history marker covers ``m``.

    A marker in a later clause ("told a briefing in Washington that the talks had ...,
    which has carried out attacks in Kabul") leaves the earlier clause's places alone.
    """
    offset = m.end - sentence.start
    found = list(_HISTORY.finditer(sentence.text))
    if not found:
        return True  # dated history ("in 2007"): the whole sentence
    for h in found:
        if h.start() < offset or not _CLAUSE_BREAK.search(sentence.text[offset : h.start()]):
            return True
    return False


def _is_history(sentence: Sentence, dates: list[DateMention], reference: dt.date | None) -> bool:
    if _HISTORY.search(sentence.text):
        return True
    for d in dates:
        if d.relative or d.date is None:
            continue
        if reference is not None and (reference - d.date).days > 365:
            return True
    return False


def anaphor_kinds(word: str) -> tuple[str, ...]:
    """Kinds of place an anaphor such as "the crossing" can refer to."""
    return _ANAPHOR_KINDS.get(word, ())
