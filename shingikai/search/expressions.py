"""A `Query` in each database's full-text language. Pure Python: no Django.

A one-character term is its unigram token; a longer term is the phrase of its bigram tokens
(exact adjacency). SQLite FTS5 keeps the two streams in columns `uni` and `bi`; PostgreSQL
keeps both in one tsvector (the tokens differ: a bigram token contains an x), where a
phrase is `a <-> b <-> c`.
"""

from __future__ import annotations

from shingikai.search.query import Query, Term
from shingikai.search.tokens import encode, term_tokens


def _fts5_term(term: Term) -> str:
    tokens = term_tokens(term.text)
    column = "uni" if len(term.text) == 1 else "bi"
    return f'{column} : "{" ".join(tokens)}"'


def _fts5_any(terms: tuple[Term, ...]) -> str:
    return "(" + " OR ".join(_fts5_term(t) for t in terms) + ")"


def fts5(query: Query, lane: str = "") -> str:
    """The FTS5 MATCH expression of a non-empty query; within the documents carrying the
    token `lane`, when given and the query has more than one token.

    FTS5 looks for the next row where all the tokens of an AND, a phrase or a NOT agree,
    and only then compares it with the upper bound of the rowid range: a lane where they
    agree rarely is read to the end of the token lists, past the lane. The lane's own token
    ends where the lane ends, so an AND with it stops there. One token stops at the range
    by itself."""
    wanted = " AND ".join(_fts5_any(group) for group in query.groups)
    if query.excluded:
        wanted = f"({wanted}) NOT {_fts5_any(query.excluded)}"
    terms = [t for group in query.groups for t in group] + list(query.excluded)
    if not lane or sum(len(term_tokens(t.text)) for t in terms) <= 1:
        return wanted
    return f"({wanted}) AND uni : {lane}"


def _ts_term(term: Term) -> str:
    return "(" + " <-> ".join(f"'{t}'" for t in term_tokens(term.text)) + ")"


def _ts_any(terms: tuple[Term, ...]) -> str:
    return "(" + " | ".join(_ts_term(t) for t in terms) + ")"


def tsquery(query: Query) -> str:
    """The PostgreSQL tsquery (input syntax) of a non-empty query."""
    parts = [_ts_any(group) for group in query.groups]
    parts += [f"!{_ts_any(query.excluded)}"] if query.excluded else []
    return " & ".join(parts)


def tsvector(folded: str) -> str:
    """The tsvector (input syntax) of a folded text: unigrams without positions, bigrams
    at their positions (1-based)."""
    positions: dict[str, list[int]] = {}
    for i in range(len(folded) - 1):
        positions.setdefault(encode(folded[i : i + 2]), []).append(i + 1)
    unis = " ".join(f"'{encode(c)}'" for c in dict.fromkeys(folded))
    pairs = " ".join(f"'{tok}':{','.join(map(str, pos))}" for tok, pos in positions.items())
    return f"{unis} {pairs}".strip()
