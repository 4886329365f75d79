"""Search text: folding and the token streams the index stores. Pure Python: no Django.

Folding makes variants one string: NFKC (ＵＳＢ → USB, ｶﾅ → カナ), lower case, the long vowel
mark ー dropped (サーバー = サーバ), a few look-alikes unified (`VARIANTS`) and white space
removed, so a search term matches wherever it is a substring of the folded text.

The index holds two streams of the folded text: every character (unigrams, for one-character
terms) and every pair of neighbouring characters (bigrams: a longer term is the phrase of its
consecutive bigrams, which is exact adjacency). Tokens are written as hexadecimal code points
(外部 → 5916x90e8), so no tokenizer or query syntax of either database can split or misread
them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import chain, pairwise, repeat

# Applied after NFKC and case folding; a character mapped to "" is ignored for matching.
VARIANTS: dict[str, str] = {
    "ー": "",  # long vowel mark (ｰ becomes ー by NFKC): サーバー = サーバ
    "ヶ": "ケ",  # small ke and ka: 3ヶ月 = 3ケ月
    "ヵ": "カ",
    "〜": "~",  # wave dash = full-width tilde (NFKC makes the latter ~)
    "‐": "-",  # hyphens and dashes
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
}
# Voiced sound marks that belong to the character before them (ｶﾞ is one letter, ガ).
_MARKS = frozenset("\uff9e\uff9f\u3099\u309a")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

# A folded document is cut into chunks the PostgreSQL tsvector can hold exactly: positions
# stop at 16383, and a lexeme keeps at most 256 of them.
MAX_CHUNK = 8000
MAX_REPEAT = 250
OVERLAP = 32
TABLE_SIZE = 65536  # characters whose folded form is kept (hostile text cannot grow it more)


@cache
def _marks() -> str:
    """The combining marks of the BMP (the Japanese, Latin and symbol ranges that matter)
    and the half-width voiced sound marks, as a regular expression character class."""
    marks = {i for i in range(0x10000) if unicodedata.combining(chr(i))}
    marks |= {ord(c) for c in _MARKS}
    return "[" + "".join(f"\\u{i:04x}" for i in sorted(marks)) + "]"


@cache
def _cluster() -> re.Pattern[str]:
    """One base character and the combining marks after it (built once, on first use)."""
    return re.compile("(?s)." + _marks() + "*")


@cache
def _has_mark() -> re.Pattern[str]:
    return re.compile(_marks())


@lru_cache(maxsize=16384)
def _fold_cluster(cluster: str) -> str:
    folded = unicodedata.normalize("NFKC", cluster).casefold()
    return "".join(
        VARIANTS.get(c, c)
        for c in folded
        if not c.isspace() and unicodedata.category(c) not in _DROPPED_CATEGORIES
    )


class _FoldTable(dict[int, str]):
    """`str.translate` table of single characters to their folded form, filled as
    characters are met: text without combining marks is one cluster per character, so
    translating it is folding it, in C."""

    def __missing__(self, code: int) -> str:
        folded = _fold_cluster(chr(code))
        if len(self) < TABLE_SIZE:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The folded form of `text` (what is indexed and what terms are matched against)."""
    if not _has_mark().search(text):
        return text.translate(_FOLD)
    return "".join(map(_fold_cluster, _cluster().findall(text)))


def fold_map(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """The folded text and, for each of its characters, the span of `text` it came from."""
    if not _has_mark().search(text):
        pieces = list(map(_FOLD.__getitem__, map(ord, text)))
        starts = list(chain.from_iterable(map(repeat, range(len(text)), map(len, pieces))))
        return "".join(pieces), starts, list(map((1).__add__, starts))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _cluster().finditer(text):
        for c in _fold_cluster(match.group()):
            chars.append(c)
            starts.append(match.start())
            ends.append(match.end())
    return "".join(chars), starts, ends


@lru_cache(maxsize=65536)
def encode(chars: str) -> str:
    """The token of one or two characters: code points in hex, joined by x."""
    return "x".join(f"{ord(c):x}" for c in chars)


def unigrams(folded: str) -> list[str]:
    return list(map(encode, folded))


def bigrams(folded: str) -> list[str]:
    return [f"{a}x{b}" for a, b in pairwise(unigrams(folded))]


def term_tokens(term: str) -> tuple[str, ...]:
    """The tokens a folded term is looked up by: its unigram, or its consecutive bigrams."""
    if len(term) == 1:
        return (encode(term),)
    return tuple(bigrams(term))


def _chunk_end(folded: str, start: int) -> int:
    limit = min(len(folded), start + MAX_CHUNK)
    seen: Counter[str] = Counter()
    for i in range(start, limit - 1):
        pair = folded[i : i + 2]
        seen[pair] += 1
        if seen[pair] > MAX_REPEAT:
            return i + 1
    return limit


def chunk_bounds(folded: str) -> list[tuple[int, int]]:
    """Spans of the folded text to index as separate documents (one span when short);
    neighbours overlap by `OVERLAP` characters so short phrases across a cut still match."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while True:
        end = _chunk_end(folded, start)
        bounds.append((start, end))
        if end >= len(folded):
            return bounds
        start = max(end - OVERLAP, start + 1)


def _one_chunk(folded: str) -> bool:
    if len(folded) > MAX_CHUNK:
        return False
    if len(folded) <= MAX_REPEAT + 1:
        return True
    return max(Counter(pairwise(folded)).values()) <= MAX_REPEAT


def split_text(text: str) -> list[str]:
    """`text` cut into the pieces `chunk_bounds` gives, as original text."""
    if _one_chunk(fold(text)):
        return [text]
    folded, starts, ends = fold_map(text)
    return [text[starts[a] : ends[b - 1]] for a, b in chunk_bounds(folded)]
