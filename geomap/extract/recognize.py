"""Toponym recognition: every place mention of an article, with character offsets.

Driven by the gazetteer (exact name keys, longest match first, up to five words),
with rules that keep precision high:

- only capitalised words start a name; lower-case links ("Mazar-i-Sharif") may join one;
- people are not places: a run of capitalised words after a title ("Minister",
  "Maulvi", "Mr") or starting with a given name ("Tom West", "Asif Durrani") is a
  person, and later mentions of those surnames ("Durrani said") stay persons;
  surname-like names ("Khan", "West") count only with a place cue ("in", "district");
- nationality words ("Afghan", "Pakistani") and common words ("Police", "Mobile")
  are not places, nor is a name whose lower-case form is used as a word in the
  same article, unless a place cue says otherwise;
- far-away places must be large (a small village named like a word is noise);
- "X province / district / crossing" and "the border town of X" give a kind hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from geomap.extract.lexicon import Lexicon, Place
from geomap.extract.text import Sentence, Token, tokenize
from geomap.extract.vocab import (
    ACRONYM_PLACES,
    COMMON_WORDS,
    CONNECTORS,
    DEMONYMS,
    FACILITY_WORDS,
    GIVEN_NAMES,
    KIND_WORDS,
    NAME_PREFIXES,
    ORG_WORDS,
    PERSON_WORDS,
    TITLES,
)

__all__ = ["Mention", "recognize", "name_key", "REGION", "MAX_NAME_WORDS"]

#: Countries whose places need no population to be believed.
REGION = frozenset({"AF", "PK", "IR", "IN", "CN", "TJ", "TM", "UZ"})
#: Longest name looked up, in words.
MAX_NAME_WORDS = 5
# A place outside the region must be at least this large (or a country/province).
_FOREIGN_MIN_POPULATION = 50_000
_FOREIGN_ALT_MIN_POPULATION = 500_000
_ARTICLES = frozenset("the a an in at on of this that".split())
_TRIBE_WORDS = frozenset("tribe tribes tribesmen tribal clan clans".split())
_TRIBAL_UNITS = frozenset("district districts agency region area areas belt".split())
_LOCATIVE = frozenset(
    "in at near from to into across outside inside around towards toward of hit struck "
    "shelled targeted bombed via through reached entered".split()
)


@lru_cache(maxsize=200_000)
def name_key(span: str) -> str:
    """Return the gazetteer's exact-match key for a span of text (memoised)."""
    from geomap.gazetteer.normalize import compact_key

    return compact_key(span)


@dataclass
class Mention:
    """A place mention: offsets into the article text, candidates, and later its resolution.

    ``role`` is ``event``, ``background`` or ``metonym``; ``place`` the chosen candidate.
    """

    text: str
    start: int
    end: int
    sentence: int
    candidates: tuple[Place, ...]
    kind_hint: str | None = None
    institution: bool = False
    cue: bool = False
    role: str = "background"
    place: Place | None = None
    confidence: float = 0.0
    qualifier_of: int | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)


def recognize(text: str, sentences: list[Sentence], *, lexicon: Lexicon) -> list[Mention]:
    """Return the place mentions of ``text`` in document order.

    Parameters
    ----------
    text : str
        The article text.
    sentences : list of Sentence
        Its sentences (see :func:`geomap.extract.text.split_sentences`).
    lexicon : Lexicon
        Exact name lookups.

    Examples
    --------
    >>> from geomap.extract.lexicon import default_lexicon
    >>> from geomap.extract.text import split_sentences
    >>> t = "Tom West met Asif Durrani in North Waziristan."
    >>> [m.text for m in recognize(t, split_sentences(t), lexicon=default_lexicon())]
    ['North Waziristan']
    """
    compact_key = name_key
    tokenised = [tokenize(s.text, offset=s.start) for s in sentences]
    lower_words = {t.lower for tokens in tokenised for t in tokens if not t.capitalised}
    person_words: set[str] = set()
    mentions: list[Mention] = []
    for index, tokens in enumerate(tokenised):
        title_case = _is_title_case(tokens)
        i = 0
        n = len(tokens)
        while i < n:
            if not _starts_name(tokens[i]):
                i += 1
                continue
            run_end = _run_end(text, tokens, i)
            run = tokens[i:run_end]
            if _is_person(tokens, i, run_end, text, lexicon, compact_key):
                person_words.update(
                    t.lower for t in run if t.lower not in TITLES and t.lower not in CONNECTORS
                )
                i = run_end
                continue
            pos = i
            while pos < run_end:
                if tokens[pos].lower in _ARTICLES and pos + 1 < run_end:
                    # "The Chaman crossing": the article is not part of the name.
                    pos += 1
                    continue
                found = _longest_match(text, tokens, pos, run_end, lexicon, compact_key)
                if found is None:
                    pos += 1
                    continue
                end, candidates = found
                mention = _accept(
                    text,
                    tokens,
                    pos,
                    end,
                    i,
                    run_end,
                    index,
                    candidates,
                    lower_words=lower_words,
                    person_words=person_words,
                    title_case=title_case,
                )
                if mention is not None:
                    mentions.append(mention)
                pos = end
            i = run_end
    return mentions


def _starts_name(token: Token) -> bool:
    return token.capitalised and token.lower not in CONNECTORS


def _is_title_case(tokens: list[Token]) -> bool:
    words = [t for t in tokens if len(t.text) > 3]
    return len(words) >= 3 and sum(t.capitalised for t in words) >= 0.7 * len(words)


def _joined(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    if gap in (". ", ".") and a.text.replace(".", "").isupper() and len(a.text) <= 4:
        return True  # initials: "D.I. Khan"
    return gap in (" ", "-", "- ", " -", "\u2011") or (gap.isspace() and "\n" not in gap)


def _run_end(text: str, tokens: list[Token], i: int) -> int:
    """End (exclusive) of the run of capitalised words (with links) starting at ``i``."""
    j = i + 1
    while j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
        tok = tokens[j]
        if tok.capitalised:
            j += 1
        elif (
            tok.lower in CONNECTORS
            and j + 1 < len(tokens)
            and tokens[j + 1].capitalised
            and _joined(text, tok, tokens[j + 1])
        ):
            j += 2
        else:
            break
    return j


def _is_acronym(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def _is_person(tokens, i, run_end, text, lexicon, compact_key) -> bool:
    """Tell whether the capitalised run starting at ``i`` names a person."""
    run = tokens[i:run_end]
    prev = tokens[i - 1] if i > 0 else None
    titled = prev is not None and prev.lower in TITLES and _joined(text, prev, run[0])
    inner_title = next((k for k, t in enumerate(run[:-1]) if t.lower in TITLES), None)
    if inner_title is not None:
        # "Foreign Minister Amir Khan Muttaqi", "Maulvi Abdul Rashid": the rest is a name.
        titled = True
        run = run[inner_title + 1 :]
    if not run:
        return False
    given = run[0].lower in GIVEN_NAMES and len(run) >= 2
    if not (titled or given):
        return False
    # A known multi-word place with a place cue stays a place ("Ghulam Khan crossing").
    whole = lexicon.lookup(compact_key(text[run[0].start : run[-1].end]))
    if whole and len(run) >= 2 and not titled:
        after = tokens[run_end] if run_end < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        if (after is not None and after.lower in KIND_WORDS) or (
            before is not None and before.lower in _LOCATIVE | {"the"}
        ):
            return False
    return True


def _longest_match(text, tokens, pos, run_end, lexicon, compact_key):
    for length in range(min(MAX_NAME_WORDS, run_end - pos), 0, -1):
        end = pos + length
        if tokens[end - 1].lower in CONNECTORS:
            continue
        span = text[tokens[pos].start : tokens[end - 1].end]
        candidates = lexicon.lookup(compact_key(span))
        if candidates:
            return end, candidates
    return None


def _accept(
    text,
    tokens,
    pos,
    end,
    run_start,
    run_end,
    sentence,
    candidates,
    *,
    lower_words,
    person_words,
    title_case,
):
    compact_key = name_key
    first = tokens[pos]
    # Trailing kind words inside the span ("Kurram District") are not part of the name,
    # unless the name needs them ("Nawa Pass").
    while end - pos > 1 and tokens[end - 1].lower in KIND_WORDS:
        shorter = text[first.start : tokens[end - 2].end]
        if compact_key(shorter) != compact_key(text[first.start : tokens[end - 1].end]):
            break
        end -= 1
    last = tokens[end - 1]
    single = end - pos == 1
    word = first.lower
    before = tokens[pos - 1] if pos > 0 else None
    after = tokens[end] if end < len(tokens) else None
    kind_hint = None
    # "the Kurram tribal district", "the Khyber tribal region": "tribal" describes the
    # unit that follows, so the name is that unit's, not a tribe's.
    tribal_unit = (
        after is not None
        and after.lower == "tribal"
        and end + 1 < len(tokens)
        and tokens[end + 1].lower in _TRIBAL_UNITS
    )
    if tribal_unit:
        kind_hint = KIND_WORDS.get(tokens[end + 1].lower, "district")
        after = None
    elif after is not None and after.lower in KIND_WORDS:
        kind_hint = KIND_WORDS[after.lower]
    elif pos >= 2 and tokens[pos - 1].lower == "of" and tokens[pos - 2].lower in KIND_WORDS:
        kind_hint = KIND_WORDS[tokens[pos - 2].lower]  # "the border town of X"
    cue = kind_hint is not None or (before is not None and before.lower in _LOCATIVE)

    if single and _is_acronym(first) and word not in ACRONYM_PLACES:
        return None
    if single and (word in DEMONYMS or word in COMMON_WORDS):
        return None
    if after is not None and after.lower in _TRIBE_WORDS:
        return None  # "Mohmand tribesmen": a tribe named like its district
    if single and not cue and (word in lower_words or word in PERSON_WORDS or word in person_words):
        return None
    # Unmatched capitalised words before the name inside one run: part of a person's
    # or an organisation's name ("Hamid Karzai", "Bacha Khan") unless they are
    # prefixes such as "Northern" or a headline in title case.
    if pos > run_start and not title_case:
        prefix = tokens[run_start:pos]
        if not all(t.lower in NAME_PREFIXES or t.lower in COMMON_WORDS for t in prefix):
            return None
    institution = False
    if after is not None and after.capitalised and end < run_end:
        if after.lower in ORG_WORDS:
            institution = True
        elif after.lower not in FACILITY_WORDS and not title_case and not cue:
            # "Peshawar Zalmi", "Kabul Times": a name containing a place.
            institution = True
    kept = _plausible(candidates, kind_hint)
    if not kept:
        return None
    start, stop = first.start, last.end
    return Mention(
        text=text[start:stop],
        start=start,
        end=stop,
        sentence=sentence,
        candidates=kept,
        kind_hint=kind_hint,
        institution=institution,
        cue=cue,
    )


def _plausible(candidates: tuple[Place, ...], kind_hint: str | None) -> tuple[Place, ...]:
    """Drop far-away small places: a word that names a village abroad is not a mention."""
    kept = []
    for place in candidates:
        regional = any(c in REGION for c in place.countries)
        large = place.kind in ("country", "province") or place.population >= (
            _FOREIGN_MIN_POPULATION if place.exact else _FOREIGN_ALT_MIN_POPULATION
        )
        if regional or large:
            kept.append(place)
    return tuple(kept)
