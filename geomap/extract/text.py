"""Split article text into sentences and word tokens, keeping character offsets.

Rule-based and dependency-free: sentence ends are ``.``, ``!`` or ``?`` before a
capitalised word, except after abbreviations (Mr., Gen., D.I., U.S.), and blank
lines always end a sentence (headlines, paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "Token", "split_sentences", "tokenize", "quote_text"]

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt cpt sgt brig st no nos vs etc jr sr prof rev gov sen rep "
    "adm cmdr insp supt dept govt approx est fig jan feb mar apr jun jul aug sep sept oct nov "
    "dec mt ft hon u.s u.n u.k i.e e.g d.i a.m p.m".split()
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text`` equals ``article[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Token:
    """A word with its offsets in the article and a few cheap flags."""

    text: str
    start: int
    end: int
    lower: str
    capitalised: bool


_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n+")
_WORD = re.compile(r"[^\W_](?:[\w]|[-'’.](?=[^\W_]))*")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; whitespace around them is excluded.

    Examples
    --------
    >>> [s.text for s in split_sentences("Mr. Khan spoke in D.I. Khan. Then he left.")]
    ['Mr. Khan spoke in D.I. Khan.', 'Then he left.']
    >>> split_sentences("")
    []
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0)[0] == ".":
            before = text[start : match.start()]
            word = re.search(r"([\w.]+)$", before)
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        end = match.end() if match.group(0)[0] != "\n" else match.start()
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    sentences.append(Sentence(text[s:e], s, e))


def tokenize(text: str, *, offset: int = 0) -> list[Token]:
    """Return the word tokens of ``text``; hyphenated and dotted names stay one token.

    Examples
    --------
    >>> [t.text for t in tokenize("Bab-e-Dosti, D.I. Khan's gate")]
    ['Bab-e-Dosti', 'D.I', 'Khan', 's', 'gate']
    """
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.endswith(("'s", "’s")) and len(word) > 2:
            # Possessive: "Pakistan's" is the token "Pakistan" then "s".
            tokens.append(
                Token(
                    word[:-2],
                    match.start() + offset,
                    match.end() - 2 + offset,
                    word[:-2].lower(),
                    word[0].isupper(),
                )
            )
            tokens.append(Token("s", match.end() - 1 + offset, match.end() + offset, "s", False))
            continue
        tokens.append(
            Token(
                word, match.start() + offset, match.end() + offset, word.lower(), word[0].isupper()
            )
        )
    return tokens


def quote_text(text: str) -> str:
    r"""Return a sentence as quoted: its words with runs of whitespace collapsed.

    Examples
    --------
    >>> quote_text("Shells hit\n  Chaman.")
    'Shells hit Chaman.'
    """
    return " ".join(text.split())
