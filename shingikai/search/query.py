"""The search box's language, parsed into a `Query`. Pure Python: no Django.

- words separated by spaces must all occur (AND): `外部 委託`
- `OR` (upper case) between words: either may occur: `USB OR メモリ`
- a leading minus excludes: `委託 -再委託`
- quotes make a phrase, spaces inside ignored: `"外部 委託"` finds 外部委託 (and 外部 委託)
  but not 委託…外部; 「」, 『』 and “” work as quotes too.

Every term is folded like the text (`tokens.fold`), and a document matches a term when the
term is a substring of its folded text: `matches` is that rule in plain Python, the
reference both database backends are tested against.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from shingikai.search.tokens import fold

MAX_LENGTH = 400
MAX_TERMS = 16
OR = "OR"
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?|(\S+))')


class QueryError(ValueError):
    """A query that cannot be run; the message is Japanese."""


@dataclass(frozen=True)
class Term:
    """One word or phrase: `text` folded, `raw` as typed (after NFKC)."""

    text: str
    raw: str
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    """All `groups` must match (each by one of its terms); no `excluded` term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def highlight_terms(self) -> tuple[str, ...]:
        """The folded positive terms, longest first (what snippets mark)."""
        texts = {t.text for group in self.groups for t in group}
        return tuple(sorted(texts, key=lambda t: (-len(t), t)))


@dataclass(frozen=True)
class _Word:
    raw: str
    negated: bool
    phrase: bool


def _words(text: str) -> list[_Word]:
    words = []
    for match in _TOKEN.finditer(text):
        minus, *quoted, bare = match.groups()
        inner = next((q for q in quoted if q is not None), None)
        if inner is not None:
            words.append(_Word(inner, bool(minus), True))
        else:
            words.append(_Word(bare, bool(minus), False))
    return [w for w in words if fold(w.raw)]


def _is_operator(word: _Word) -> bool:
    return word.raw == OR and not (word.phrase or word.negated)


def _is_or(words: list[_Word], i: int) -> bool:
    """Whether word i is the OR operator: a bare OR between two positive terms."""
    if not _is_operator(words[i]) or i == 0 or i + 1 == len(words):
        return False
    return all(not w.negated and not _is_operator(w) for w in (words[i - 1], words[i + 1]))


def parse(text: str) -> Query:
    """The query typed in the search box; empty when nothing searchable was typed."""
    text = unicodedata.normalize("NFKC", text or "")[:MAX_LENGTH]
    words = _words(text)
    groups: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    joining = False
    for i, word in enumerate(words):
        if _is_or(words, i):
            joining = True
            continue
        term = Term(fold(word.raw), word.raw, word.phrase)
        if word.negated:
            excluded.append(term)
        elif joining and groups:
            groups[-1] = (*groups[-1], term)
        else:
            groups.append((term,))
        joining = False
    if len(excluded) + sum(len(g) for g in groups) > MAX_TERMS:
        raise QueryError(f"検索語が多すぎます（{MAX_TERMS}語まで）。")
    if excluded and not groups:
        raise QueryError("除外する語（-語）だけでは検索できません。探す語も入力してください。")
    return Query(tuple(groups), tuple(excluded))


def matches(query: Query, folded: str) -> bool:
    """Whether a document whose folded text is `folded` matches `query` (the reference)."""
    if query.is_empty:
        return False
    found = all(any(t.text in folded for t in group) for group in query.groups)
    return found and not any(t.text in folded for t in query.excluded)


# bm25's constants: how soon repeating a term stops adding, and how much length weighs.
K1, B = 1.2, 0.75


def rank(counts: list[list[int]], lengths: list[int]) -> list[int]:
    """Positions of documents best first, by bm25 over these documents alone: `counts[d][t]`
    is how often term t occurs in document d, `lengths[d]` its length. A term found in fewer
    of them weighs more; ties keep the given order."""
    if not counts:
        return []
    size = len(counts)
    average = max(1.0, sum(lengths) / size)
    found = [sum(1 for row in counts if row[t]) for t in range(len(counts[0]))]
    weights = [math.log(1 + (size - n + 0.5) / (n + 0.5)) for n in found]
    # norm(d) = K1 * (1 - B + B * lengths[d] / average), as one multiply and one add
    scale, base = K1 * B / average, K1 * (1 - B)
    lift = [w * (K1 + 1) for w in weights]
    scores = [
        sum(v * c / (c + base + scale * length) for v, c in zip(lift, row, strict=True) if c)
        for row, length in zip(counts, lengths, strict=True)
    ]
    return sorted(range(size), key=scores.__getitem__, reverse=True)
