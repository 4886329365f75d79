"""Precedents: how alike two cases are, and why. Pure Python: no Django.

Every past case and every agenda item without a case (minutes ingested from files) has a
`Profile`: its handling types, the categories of its personal-information items, the channels
its data travels by, the kinds of party involved, its named contractors and the content words
of its text (`words`). A case's text is its title, business, summary, the text fields of its
handlings, its item names and the actions of its flow; an agenda item's text is its title and
what was said and asked on it.

Similarity is a weighted mean of one score per feature (`WEIGHTS`): for handling types and
party kinds the Jaccard index of the two sets; for item categories, channels and contractors
the share of the query's that the candidate has too (`coverage`); for the texts the cosine
of their TF-IDF vectors. A feature counts only where both sides can have it:
a dossier feature the query case lacks altogether (a case without a flow has no channels)
says nothing and is left out for every candidate; an agenda item without a dossier has only
handling types (read from its title) and text, so it is scored on those and its score is
multiplied by `WITHOUT_DOSSIER` (less is known about it). `Corpus.rank` scores every
candidate; `explain` says what a candidate shares with the query, in the words of the screen.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema
from shingikai.lib import glossary
from shingikai.search import words

# The weight of each feature in the mean (they add up to 1). Handling types first: the
# council asks different things of an outsourcing and of an external connection. Then the
# text, which carries what the business is (妊婦, 商品券, 住居表示 …), then the categories of
# items (要配慮個人情報, 個人番号), then channels and contractors, then the kinds of party.
WEIGHTS: dict[str, float] = {
    "handling": 0.30,
    "text": 0.25,
    "categories": 0.20,
    "channels": 0.10,
    "contractors": 0.10,
    "parties": 0.05,
}
FEATURES = tuple(WEIGHTS)
DOSSIER_FEATURES = ("categories", "channels", "contractors", "parties")
# An agenda item known only by its title and minutes: its score counts for less.
WITHOUT_DOSSIER = 0.8
# Content words kept per profile (the most frequent): long minutes stay small.
MAX_TERMS = 200
# Channels that say nothing about a case (every case processes data in some system).
QUIET_CHANNELS = frozenset({"in_system", "other"})
# Party kinds nearly every case has: shared, they explain nothing.
COMMON_PARTIES = frozenset({"ward_division", "data_subject"})
CONTRACTOR_KINDS = ("contractor", "subcontractor")
# Contractor names that are not names.
_NOT_A_NAME = re.compile(r"未定|記載なし|不明|未記載")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_CORPORATE = re.compile(
    r"株式会社|有限会社|合同会社|[一公]般?(?:社団|財団)法人|公益(?:社団|財団)法人|"
    r"社会福祉法人|特定非営利活動法人|NPO法人|独立行政法人|地方独立行政法人|\(株\)|\(有\)|㈱|㈲"
)


@dataclass(frozen=True)
class Profile:
    """What a case or agenda item is compared by. `key` is `case:1` or `item:5`."""

    key: str
    handling_types: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    party_kinds: frozenset[str] = frozenset()
    contractors: tuple[str, ...] = ()  # names as written
    terms: Mapping[str, int] = field(default_factory=dict)
    has_dossier: bool = True

    @property
    def contractor_keys(self) -> frozenset[str]:
        return frozenset(filter(None, map(contractor_key, self.contractors)))

    def sets(self) -> dict[str, frozenset[str]]:
        """The set features by name (contractors by their normalised names)."""
        return {
            "handling": self.handling_types,
            "categories": self.categories,
            "channels": self.channels,
            "contractors": self.contractor_keys,
            "parties": self.party_kinds,
        }

    def digest(self) -> int:
        """A 31-bit fingerprint of the whole profile (the stored profiles' sum tells a
        process whether its cached corpus is still current)."""
        data = json.dumps(
            [
                self.key,
                sorted(self.handling_types),
                sorted(self.categories),
                sorted(self.channels),
                sorted(self.party_kinds),
                list(self.contractors),
                sorted(self.terms.items()),
                self.has_dossier,
            ],
            ensure_ascii=False,
        )
        return int.from_bytes(hashlib.sha256(data.encode()).digest()[:4], "big") >> 1


# -- profiles -----------------------------------------------------------------------------


def contractor_key(name: str) -> str:
    """A contractor's name without width, spacing, brackets and corporate form
    (株式会社ＪＴＢ = 株式会社JTB = JTB); "" for a name that is not one (未定, 記載なし)."""
    if not name or _NOT_A_NAME.search(name):
        return ""
    text = unicodedata.normalize("NFKC", name)
    text = _CORPORATE.sub("", _BRACKETS.sub("", text))
    return re.sub(r"[\s・･.,、。]", "", text).casefold()


def contractors(dossier: d.Dossier) -> tuple[str, ...]:
    """The named contractors and sub-contractors of a case, in order, once each."""
    names: dict[str, str] = {}
    for party in dossier.parties:
        if party.kind in CONTRACTOR_KINDS and not party.undecided:
            key = contractor_key(party.name)
            if key:
                names.setdefault(key, party.name)
    return tuple(names.values())


def categories(dossier: d.Dossier, catalogue: Mapping[str, str]) -> frozenset[str]:
    """The catalogue categories of the items its handlings and flow name (free-text items
    have none)."""
    names = {i.name for h in dossier.handlings for i in h.items}
    names |= {name for step in dossier.flow for name in step.items}
    return frozenset(catalogue[n] for n in names if n in catalogue)


def channels(dossier: d.Dossier) -> frozenset[str]:
    """How the data travels: the flow's channels and the external connections' lines."""
    found = {step.channel for step in dossier.flow if step.channel}
    for handling in dossier.handlings:
        line = handling.fields.get("line_type")
        if isinstance(line, str) and line:
            found.add(line)
    return frozenset(found - QUIET_CHANNELS)


def dossier_texts(dossier: d.Dossier) -> list[str]:
    """The texts a case is compared by: what it is and does, not its protective boilerplate."""
    texts = [dossier.title, dossier.subtitle, dossier.business, dossier.summary]
    for handling in dossier.handlings:
        spec = schema.SPECS.get(handling.type)
        texts.append(handling.title)
        for name, value in handling.fields.items():
            kind = spec.field(name).kind if spec and _has_field(spec, name) else schema.TEXT
            if kind in (schema.TEXT, schema.LONGTEXT) and isinstance(value, str):
                texts.append(value)
        texts.extend(i.name for i in handling.items)
    texts.extend(p.name for p in dossier.parties if p.kind == "system")
    texts.extend(step.action for step in dossier.flow)
    return [t for t in texts if t]


def _has_field(spec: schema.HandlingSpec, name: str) -> bool:
    return any(f.name == name for f in spec.all_fields)


def profile_of_dossier(key: str, dossier: d.Dossier, catalogue: Mapping[str, str]) -> Profile:
    """The profile of a case."""
    return Profile(
        key=key,
        handling_types=frozenset(h.type for h in dossier.handlings),
        categories=categories(dossier, catalogue),
        channels=channels(dossier),
        party_kinds=frozenset(p.kind for p in dossier.parties),
        contractors=contractors(dossier),
        terms=words.count(dossier_texts(dossier), MAX_TERMS),
        has_dossier=True,
    )


def profile_of_item(key: str, handling_types: Iterable[str], texts: Iterable[str]) -> Profile:
    """The profile of an agenda item without a case: the handling types its title names
    and the words of its title and of what was said and asked on it."""
    return Profile(
        key=key,
        handling_types=frozenset(handling_types),
        terms=words.count(texts, MAX_TERMS),
        has_dossier=False,
    )


# -- scoring ------------------------------------------------------------------------------


def jaccard(a: Collection[str], b: Collection[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(set(a) | set(b))
    return len(set(a) & set(b)) / union if union else 0.0


def coverage(a: Collection[str], b: Collection[str]) -> float:
    """|a ∩ b| / |a|: how much of the query's `a` the candidate's `b` has (0 for empty a)."""
    return len(set(a) & set(b)) / len(a) if a else 0.0


# What kind of case it is is compared both ways (a precedent with three more handlings is
# a different kind of case); what the case handles, one way: a precedent that also handled
# other data or channels still answers the questions this case's data and channels raise.
MEASURES = {
    "handling": jaccard,
    "parties": jaccard,
    "categories": coverage,
    "channels": coverage,
    "contractors": coverage,
}


def _counted(
    feature: str, query: Profile, candidate: Profile, sets: dict[str, frozenset[str]]
) -> bool:
    """Whether `feature` takes part in comparing `candidate` with `query`."""
    if feature == "text":
        return bool(query.terms)
    if feature == "handling":
        return True
    return bool(sets[feature]) and candidate.has_dossier


def combine(query: Profile, candidate: Profile, parts: Mapping[str, float]) -> float:
    """The weighted mean of the feature scores that take part (see the module docstring)."""
    sets = query.sets()
    used = [f for f in FEATURES if _counted(f, query, candidate, sets)]
    total = sum(WEIGHTS[f] for f in used)
    if not total:
        return 0.0
    score = sum(WEIGHTS[f] * parts.get(f, 0.0) for f in used) / total
    return score if candidate.has_dossier else score * WITHOUT_DOSSIER


@dataclass(frozen=True)
class Scored:
    key: str
    score: float
    parts: Mapping[str, float]


@dataclass(frozen=True)
class _Entry:
    """What the corpus keeps of a profile: its sets (the terms live in the postings)."""

    key: str
    sets: dict[str, frozenset[str]]
    has_dossier: bool
    profile: Profile  # without terms


class Corpus:
    """Profiles ready to be ranked against a query: IDF weights and an inverted index of
    the normalised TF-IDF vectors (term → candidate positions and weights, in arrays, so a
    thousand profiles take a few megabytes)."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        entries: list[_Entry] = []
        vectors: list[dict[str, int]] = []
        df: dict[str, int] = {}
        for p in profiles:
            bare = replace(p, terms={})
            entries.append(_Entry(p.key, p.sets(), p.has_dossier, bare))
            vectors.append(dict(p.terms))
            for term in p.terms:
                df[term] = df.get(term, 0) + 1
        self.entries = entries
        self.size = len(entries)
        self.positions = {e.key: i for i, e in enumerate(entries)}
        self.idf = {t: math.log((self.size + 1) / (n + 1)) + 1.0 for t, n in df.items()}
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        for position, counts in enumerate(vectors):
            for term, weight in self.vector(counts).items():
                posting = self.postings.get(term)
                if posting is None:
                    posting = self.postings[term] = (array("i"), array("d"))
                posting[0].append(position)
                posting[1].append(weight)

    def __len__(self) -> int:
        return self.size

    def vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        """Sublinear TF × IDF, of unit length; a word the corpus never saw weighs as a
        word of one document."""
        unseen = math.log(self.size + 1) + 1.0
        raw = {t: (1.0 + math.log(n)) * self.idf.get(t, unseen) for t, n in counts.items() if n}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {t: w / norm for t, w in raw.items()} if norm else {}

    def text_scores(self, counts: Mapping[str, int]) -> list[float]:
        """The cosine of the query's vector with every candidate's."""
        scores = [0.0] * self.size
        for term, q in self.vector(counts).items():
            posting = self.postings.get(term)
            if posting is None:
                continue
            for position, weight in zip(posting[0], posting[1], strict=True):
                scores[position] += q * weight
        return scores

    def rank(self, query: Profile, exclude: Collection[str] = ()) -> list[Scored]:
        """Every candidate but `exclude`, most similar first (ties by key)."""
        text = self.text_scores(query.terms)
        sets = query.sets()
        ranked = []
        for position, entry in enumerate(self.entries):
            if entry.key in exclude:
                continue
            parts = {"text": min(text[position], 1.0)}
            for name, values in sets.items():
                parts[name] = MEASURES[name](values, entry.sets[name]) if values else 0.0
            score = combine(query, entry.profile, parts)
            ranked.append(Scored(entry.key, score, parts))
        ranked.sort(key=lambda s: (-s.score, s.key))
        return ranked


# -- why ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reasons:
    """What a candidate shares with the query, as codes and names."""

    handling_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    contractors: tuple[str, ...] = ()
    party_kinds: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def lines(self) -> list[tuple[str, str]]:
        """(heading, text) pairs for the screen: 同じ取扱い：外部委託、外部結合 …"""
        shown = [
            ("同じ取扱い", _labels(glossary.HANDLING_TYPES, self.handling_types)),
            ("共通の項目区分", _labels(glossary.ITEM_CATEGORIES, self.categories)),
            ("共通の経路・媒体", _labels(glossary.CHANNELS, self.channels)),
            ("同じ委託先", "、".join(self.contractors)),
            ("共通の関係者", _labels(glossary.PARTY_KINDS, self.party_kinds)),
            ("共通の語", "、".join(f"「{display_word(w)}」" for w in self.words)),
        ]
        return [(heading, text) for heading, text in shown if text]


def _labels(vocabulary: glossary.Vocabulary, codes: Iterable[str]) -> str:
    return "、".join(glossary.label(vocabulary, c) for c in codes)


def _in_order(vocabulary: glossary.Vocabulary, codes: Collection[str]) -> tuple[str, ...]:
    """`codes` in the vocabulary's order (unknown codes last)."""
    order = {code: i for i, (code, _label) in enumerate(vocabulary)}
    return tuple(sorted(codes, key=lambda c: (order.get(c, len(order)), c)))


def display_word(word: str) -> str:
    """A normalised word as people write it (lgwan → LGWAN)."""
    return word.upper() if word.isascii() and word.isalpha() else word


def explain(query: Profile, candidate: Profile, corpus: Corpus, max_words: int = 5) -> Reasons:
    """What `candidate` (with its terms) shares with `query`: the shared codes of each set
    feature, the candidate's names of shared contractors, and the shared words that add most
    to the text score."""
    shared_contractors = query.contractor_keys & candidate.contractor_keys
    q = corpus.vector(query.terms)
    c = corpus.vector(candidate.terms)
    contributions = sorted(
        ((q[t] * c[t], t) for t in q.keys() & c.keys()), key=lambda pair: (-pair[0], pair[1])
    )
    return Reasons(
        handling_types=_in_order(
            glossary.HANDLING_TYPES, query.handling_types & candidate.handling_types
        ),
        categories=_in_order(glossary.ITEM_CATEGORIES, query.categories & candidate.categories),
        channels=_in_order(glossary.CHANNELS, query.channels & candidate.channels),
        contractors=tuple(
            n for n in candidate.contractors if contractor_key(n) in shared_contractors
        ),
        party_kinds=_in_order(
            glossary.PARTY_KINDS, (query.party_kinds & candidate.party_kinds) - COMMON_PARTIES
        ),
        words=tuple(t for _w, t in contributions[:max_words]),
    )
