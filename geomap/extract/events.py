"""Classify what happened in a sentence into the incident schema's event_type.

Each event type has trigger phrases. When a sentence holds triggers of several
types, the one nearest the place mention wins ("the crossing was closed after
clashes" is a closure at the crossing); generic words of harm ("killed",
"wounded") count only when no specific trigger is present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The event_type values are the incident schema's: one list, kept with the schema.
from geomap.incidents.model import EVENT_TYPES

__all__ = [
    "EVENT_TYPES",
    "Trigger",
    "find_triggers",
    "classify_event",
    "count_fatalities",
    "clause_at",
]


_TRIGGERS: dict[str, str] = {
    "airstrike": r"air ?strikes?|air raids?|aerial (?:bombardment|attacks?|strikes?)|drones?|"
    r"drone strikes?|(?:fighter )?jets?|warplanes?|aircraft|planes|helicopters?|gunships?|"
    r"bombed from the air|air force",
    # "rocket-propelled grenades" are a gunmen's weapon, not shelling.
    "shelling": r"shell(?:ing|ed|s)?|mortars?|artillery|rockets?(?!-propelled)|rocket fire|"
    r"cross-border fire",
    "clash": r"clash(?:ed|es)?|exchanges? of fire|exchanged (?:heavy )?fire|firefights?|"
    r"gun ?battles?|gunfights?|skirmish(?:es)?|traded (?:heavy )?fire|fighting|"
    r"fire (?:was )?exchanged|border guards fired|firing|gunfire",
    "attack": r"attack(?:s|ed|ers)?|suicide (?:bomber|bombing|attack)s?|bombings?|blasts?|"
    r"explosions?|exploded|ied|roadside bombs?|ambush(?:ed)?|gunmen|stormed|assault(?:ed)?|"
    r"opened fire|raid(?:s|ed)?|grenades?|kidnapp(?:ed|ing)|abducted|targeted|bombed|bomb",
    "reopening": r"re-?open(?:ed|ing|s)?|opened again|lifted the closure|"
    r"resum(?:ed|ption of) (?:trade|traffic|movement|crossings?)|"
    r"(?:trade|traffic|movement|crossings?) (?:resum(?:ed|es|ing)|restarted)",
    "closure": r"clos(?:ed|ure|ing|es)|shut(?:s|ting)?(?: down)?|sealed|suspended|halted|blocked",
    "protest": r"protests?|protest(?:ed|ers|ing)|demonstrat(?:ion|ions|ors|ed)|sit-ins?|"
    r"rall(?:y|ies)|marched|strike by traders",
    "meeting": r"talks|met|meetings?|meet|consultations?|negotiations?|negotiated|summit|"
    r"delegations?|jirga|conference|hosted|visit(?:ed|s)?|dialogue",
    "statement": r"seminar|speech|speaking|spoke|addressed|briefing|told (?:reporters|journalists|"
    r"a news conference|a press conference)|press conference|news conference",
}
_WEAK = re.compile(
    r"\b(?:killed|killing|dead|died|wounded|injured|casualties|martyred|lost their lives)\b", re.I
)
_TRIGGER_RE = [
    (kind, re.compile(rf"\b(?:{pattern})\b", re.I)) for kind, pattern in _TRIGGERS.items()
]
# Words that make a trigger word mean something else.
_FALSE = re.compile(
    r"\b(?:rocket(?:ing|ed) (?:prices|inflation)|jet lag|closer|close to|closely|"
    r"protest(?:ed)? (?:against|over) the (?:decision|remarks)|shut out)\b",
    re.I,
)


@dataclass(frozen=True)
class Trigger:
    """A phrase signalling an event type, with offsets relative to the searched text."""

    event_type: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def find_triggers(sentence: str) -> tuple[Trigger, ...]:
    """Return every event trigger of ``sentence`` in text order.

    Examples
    --------
    >>> [(t.text, t.event_type) for t in find_triggers("Mortar shells hit Chaman.")]
    [('Mortar', 'shelling'), ('shells', 'shelling')]
    """
    blocked = [m.span() for m in _FALSE.finditer(sentence)]
    matches = [
        Trigger(kind, m.start(), m.end(), m.group(0))
        for kind, pattern in _TRIGGER_RE
        for m in pattern.finditer(sentence)
        if not any(a <= m.start() < b for a, b in blocked)
    ]
    # Longest phrase first: "news conference" is a statement, not a meeting.
    matches.sort(key=lambda t: (t.start - t.end, t.start))
    found: list[Trigger] = []
    for t in matches:
        if not any(t.start < f.end and f.start < t.end for f in found):
            found.append(t)
    found.sort(key=lambda t: t.start)
    return tuple(found)


def classify_event(sentence: str, *, near: int | None = None) -> str | None:
    """Return the event_type of ``sentence``, or None when nothing happened in it.

    Parameters
    ----------
    sentence : str
        The sentence.
    near : int, optional
        Offset (within the sentence) of the place mention; the nearest trigger wins.

    Examples
    --------
    >>> classify_event("Six civilians were killed when mortar shells hit Chaman.", near=49)
    'shelling'
    >>> classify_event("Gunmen killed two policemen in Bannu.")
    'attack'
    >>> classify_event("The weather in Kabul was mild.") is None
    True
    """
    triggers = find_triggers(sentence)
    if not triggers:
        return "attack" if _WEAK.search(sentence) else None
    if near is None:
        near = 0
    # Violent triggers outweigh meeting/statement words in the same sentence
    # ("militants attacked a jirga"), otherwise the nearest trigger wins.
    violent = [t for t in triggers if t.event_type in _VIOLENT]
    pool = violent if violent and _WEAK.search(sentence) else triggers
    best = min(pool, key=lambda t: (_gap(t, near), EVENT_TYPES.index(t.event_type)))
    if best.event_type == "closure" and best.text.lower() == "blocked":
        # "Traders blocked the road ..., the latest in a string of protests": a road
        # blocked by protesters is their protest, not a closure by the authorities.
        if any(t.event_type == "protest" for t in triggers):
            return "protest"
    if best.event_type in _VIOLENT:
        # Violence is named by its most specific means anywhere in the sentence:
        # "aircraft bombed houses" is an airstrike, "mortar shells killed" shelling.
        return min((t.event_type for t in violent), key=_VIOLENT.index)
    return best.event_type


_VIOLENT = ("airstrike", "shelling", "clash", "attack")


def _gap(trigger: Trigger, position: int) -> int:
    if trigger.start <= position < trigger.end:
        return 0
    return min(abs(trigger.start - position), abs(trigger.end - position))


_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = r"(\d{1,4}|" + "|".join(_NUMBERS) + r")"
_FATAL_PASSIVE = re.compile(
    rf"\b{_NUM}\s+(?:[A-Za-z-]+\s+){{0,3}}(?:were|was|have been|had been|are)\s+"
    r"(?:(?:reportedly|also)\s+)?(?:killed|shot dead|martyred)\b",
    re.I,
)
_FATAL_ACTIVE = re.compile(
    rf"\b(?:killed|killing|kills|left)\s+(?:at least\s+)?{_NUM}\s+(?:[A-Za-z-]+\s+){{0,2}}?"
    r"(?:people|civilians|soldiers|troops|militants|fighters|policemen|police(?:men)?|officers|"
    r"children|women|men|guards|personnel|persons|others|labourers|workers|villagers|members)"
    r"(?:\s+dead)?\b",
    re.I,
)
_CLAUSE = re.compile(r";|,\s+(?:while|whereas|but)\s+|\s+while\s+|\.\s+In a separate")


def clause_at(sentence: str, position: int) -> str:
    """Return the clause of ``sentence`` containing ``position`` (split at "while", ";").

    Examples
    --------
    >>> clause_at("Two died in A, while four were hurt in B.", 35)
    'four were hurt in B.'
    """
    start = 0
    for match in _CLAUSE.finditer(sentence):
        if match.start() > position:
            return sentence[start : match.start()]
        start = match.end()
    return sentence[start:]


_FATAL_DEAD = re.compile(
    rf"\b{_NUM}\s+(?:[A-Za-z-]+\s+){{0,2}}?(?:dead|died|lost their lives)\b", re.I
)


def count_fatalities(sentence: str) -> int | None:
    """Return the number of people the sentence reports killed, or None when it gives none.

    Examples
    --------
    >>> count_fatalities("Six civilians were killed when mortar shells hit Chaman.")
    6
    >>> count_fatalities("The strike killed at least 12 people.")
    12
    >>> count_fatalities("Hundreds of soldiers have died since 2007.") is None
    True
    """
    for pattern in (_FATAL_PASSIVE, _FATAL_ACTIVE, _FATAL_DEAD):
        match = pattern.search(sentence)
        if match:
            raw = match.group(1).lower()
            return int(raw) if raw.isdigit() else _NUMBERS[raw]
    return None
