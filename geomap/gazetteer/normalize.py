"""Spelling normalisation for place names: the keys the gazetteer index is built on.

Three levels, from strict to loose: :func:`normalize` (case, diacritics, punctuation,
the Persian/Urdu izafat "-e-" and trailing words such as "district"), :func:`compact_key`
(the same without spaces, so "Miran Shah" and "Miranshah" meet) and :func:`skeleton_key`
(a transliteration-tolerant key: "Spin Buldak"/"Spin Boldak", "Killa"/"Qila",
"Angoor"/"Angur", "Mohmand"/"Momand" meet).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize", "compact_key", "skeleton_key", "split_kind_hint"]

# Letters that Unicode decomposition does not fold to ASCII.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ə": "e",
        "ħ": "h",
    }
)
# Apostrophes and transliteration marks vanish ("Ma'ruf" -> "maruf"); other punctuation splits.
_DROP = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u02be\u02bf`´\u02b9]")
_SPLIT = re.compile(r"[\W_]+", re.UNICODE)
# Words naming the kind of place; stripped from the end and used as a ranking hint.
_KIND_WORDS = {
    "district": "district",
    "districts": "district",
    "agency": "district",
    "tehsil": "district",
    "province": "province",
    "border": "crossing",
    "crossing": "crossing",
    "city": "city",
    "town": "city",
}
# Izafat and linking vowels inside a name: "Mazar-e-Sharif", "Mazar-i-Sharif".
_LINKS = {"e", "i", "ye", "yi"}


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _DROP.sub("", folded)
    return tuple(t for t in _SPLIT.split(folded) if t)


@lru_cache(maxsize=65536)
def split_kind_hint(text: str) -> tuple[tuple[str, ...], str | None]:
    """Return the name's tokens without trailing kind words, and the kind they name.

    Examples
    --------
    >>> split_kind_hint("Torkham border crossing")
    (('torkham',), 'crossing')
    >>> split_kind_hint("District")  # a kind word alone stays a name
    (('district',), None)
    """
    tokens = list(_tokens(text))
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    hint = None
    while len(tokens) > 1 and tokens[-1] in _KIND_WORDS:
        hint = hint or _KIND_WORDS[tokens[-1]]
        tokens.pop()
    # Drop a linking vowel between two words, but not between initials ("D. I. Khan").
    kept = [
        t
        for i, t in enumerate(tokens)
        if not (
            t in _LINKS
            and 0 < i < len(tokens) - 1
            and len(tokens[i - 1]) > 1
            and len(tokens[i + 1]) > 1
        )
    ]
    return tuple(kept), hint


def normalize(text: str) -> str:
    """Return ``text`` folded to lower-case ASCII words separated by single spaces.

    Examples
    --------
    >>> normalize("  Mazār-e-Sharīf ")
    'mazar sharif'
    >>> normalize("Kurram District")
    'kurram'
    """
    return " ".join(split_kind_hint(text)[0])


def compact_key(text: str) -> str:
    """Return the exact-match key: :func:`normalize` without spaces.

    Examples
    --------
    >>> compact_key("Miran Shah") == compact_key("Miranshah")
    True
    >>> compact_key("D.I. Khan")
    'dikhan'
    """
    return "".join(split_kind_hint(text)[0])


_SKELETON_RULES = (
    (re.compile(r"q"), "k"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[kgdtb])h"), ""),  # Ghulam -> Gulam, Khost -> Kost
    (re.compile(r"ow(?=[^aeiou]|$)"), "o"),  # Khowst -> Khost
    (re.compile(r"(?<=[aeiou])h(?=[^aeiouy]|$)"), ""),  # Mohmand -> Momand, Shah -> Sha
    (re.compile(r"ou|oo|o"), "u"),
    (re.compile(r"ee|ie|e|(?<=.)y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # Killa -> Kila, Angoor -> Angur
)


@lru_cache(maxsize=65536)
def skeleton_key(key: str) -> str:
    """Return a transliteration-tolerant form of a :func:`compact_key`.

    Examples
    --------
    >>> skeleton_key(compact_key("Spin Buldak")) == skeleton_key(compact_key("Spin Boldak"))
    True
    >>> skeleton_key("killaabdullah") == skeleton_key("qilaabdullah")
    True
    """
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key
