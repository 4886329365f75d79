"""The vocabulary of concern conditions: named tests over a case's facts.

Concern definitions (YAML) combine these with `all`, `any` and `not`; each test returns the
places of the case that satisfy it (empty: the test does not hold), which become the
finding's evidence. Every parameter is checked when definitions load, so a typo is reported
with its file and entry, never at precheck time. Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shingikai.dossiers.structure import schema
from shingikai.dossiers.structure.dossier import FlowStep
from shingikai.lib import glossary, textnorm, wareki
from shingikai.review.facts import Facts, Ref

Test = Callable[[Facts, Any], list[Ref]]


@dataclass(frozen=True)
class Predicate:
    name: str
    test: Test
    check: Callable[[Any], Any]  # validates and normalises the YAML parameter
    doc: str


REGISTRY: dict[str, Predicate] = {}


def predicate(name: str, check: Callable[[Any], Any]) -> Callable[[Test], Test]:
    def register(test: Test) -> Test:
        REGISTRY[name] = Predicate(name, test, check, (test.__doc__ or "").strip())
        return test

    return register


# -- parameter checks ------------------------------------------------------------------------


def codes(vocabulary: glossary.Vocabulary) -> Callable[[Any], tuple[str, ...]]:
    known = glossary.codes(vocabulary)

    def check(value: Any) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        unknown = [v for v in values if v not in known]
        if unknown or not values:
            raise ValueError(f"unknown code(s) {unknown}; expected some of {', '.join(known)}")
        return tuple(values)

    return check


def words(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError("expected a word or a list of words")
    return tuple(textnorm.normalize(v) for v in values)


def count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a whole number ≥ 0")
    return value


def flag(value: Any) -> bool:
    if value is not True:
        raise ValueError("expected `true`")
    return True


def field_spec(value: Any) -> dict[str, Any]:
    """{name: field, type?: handling type, is?: value | missing | present, mentions?: words}"""
    if not isinstance(value, dict) or "name" not in value:
        raise ValueError("expected {name: <field>, ...}")
    allowed = {"name", "type", "is", "missing", "mentions", "at_least"}
    extra = set(value) - allowed
    if extra:
        raise ValueError(f"unknown keys {sorted(extra)}")
    names = {f.name for spec in schema.SPECS.values() for f in spec.all_fields}
    if value["name"] not in names:
        raise ValueError(f"no handling has a field named {value['name']!r}")
    if "type" in value:
        codes(glossary.HANDLING_TYPES)(value["type"])
    if "mentions" in value:
        value = {**value, "mentions": words(value["mentions"])}
    return value


# -- helpers ---------------------------------------------------------------------------------


def _mentions(text: str, needles: tuple[str, ...]) -> bool:
    normal = textnorm.normalize(text)
    return any(n in normal for n in needles)


def _handlings(facts: Facts, types: tuple[str, ...] | None = None) -> list[int]:
    return [p for p, h in facts.handlings() if types is None or h.type in types]


# -- handlings and fields --------------------------------------------------------------------


@predicate("handling", codes(glossary.HANDLING_TYPES))
def handling(facts: Facts, types: tuple[str, ...]) -> list[Ref]:
    """Handlings of the given types."""
    return [facts.handling_ref(p) for p in _handlings(facts, types)]


@predicate("handlings_at_least", count)
def handlings_at_least(facts: Facts, n: int) -> list[Ref]:
    """The case has at least n handlings."""
    refs = [facts.handling_ref(p) for p in _handlings(facts)]
    return refs if len(refs) >= n else []


@predicate("field", field_spec)
def field_test(facts: Facts, spec: dict[str, Any]) -> list[Ref]:
    """A handling field that is missing, has a value, mentions words or is at least n."""
    types = spec.get("type")
    types = (types,) if isinstance(types, str) else tuple(types) if types else None
    found = []
    for position in _handlings(facts, types):
        h = facts.dossier.handlings[position - 1]
        known = {f.name for f in schema.SPECS[h.type].all_fields}
        if spec["name"] not in known:
            continue
        value = h.fields.get(spec["name"])
        if _field_matches(value, spec):
            found.append(facts.field_ref(position, spec["name"]))
    return found


def _field_matches(value: Any, spec: dict[str, Any]) -> bool:
    if spec.get("missing"):
        return value in (None, "", [])
    if value in (None, "", []):
        return False
    if "is" in spec:
        wanted = spec["is"]
        return wanted in value if isinstance(value, list) else value == wanted
    if "mentions" in spec:
        return isinstance(value, str) and _mentions(value, spec["mentions"])
    if "at_least" in spec:
        return isinstance(value, int) and value >= spec["at_least"]
    return True


# -- items ----------------------------------------------------------------------------------


@predicate("item_category", codes(glossary.ITEM_CATEGORIES))
def item_category(facts: Facts, categories: tuple[str, ...]) -> list[Ref]:
    """Items whose catalogue category is one of these."""
    return [i.ref for i in facts.items if i.category in categories]


@predicate("item_named", words)
def item_named(facts: Facts, needles: tuple[str, ...]) -> list[Ref]:
    """Items whose name contains one of these words (等, その他, 状況 …)."""
    return [i.ref for i in facts.items if _mentions(i.item.name, needles)]


@predicate("item_source", codes(glossary.ITEM_SOURCES))
def item_source(facts: Facts, sources: tuple[str, ...]) -> list[Ref]:
    """Outsourcing items from these sources."""
    return [i.ref for i in facts.items if i.item.source in sources]


@predicate("item_free_text", flag)
def item_free_text(facts: Facts, _: bool) -> list[Ref]:
    """Items outside the catalogue."""
    return [i.ref for i in facts.items if i.item.free_text]


@predicate("no_items_from", codes(glossary.ITEM_SOURCES))
def no_items_from(facts: Facts, sources: tuple[str, ...]) -> list[Ref]:
    """Outsourcing handlings that list no item from these sources."""
    return [
        facts.handling_ref(p)
        for p in _handlings(facts, ("outsourcing",))
        if not any(i.source in sources for i in facts.dossier.handlings[p - 1].items)
    ]


@predicate("items_without_necessity", codes(glossary.ITEM_CATEGORIES))
def items_without_necessity(facts: Facts, categories: tuple[str, ...]) -> list[Ref]:
    """Items of these categories with no stated necessity."""
    return [i.ref for i in facts.items if i.category in categories and not i.item.necessity]


@predicate("items_named_without_necessity", words)
def items_named_without_necessity(facts: Facts, needles: tuple[str, ...]) -> list[Ref]:
    """Items whose name contains one of these words (生年月日, 性別 …) with no stated necessity."""
    return [i.ref for i in facts.items if _mentions(i.item.name, needles) and not i.item.necessity]


@predicate("items_from_both_sides", flag)
def items_from_both_sides(facts: Facts, _: bool) -> list[Ref]:
    """Items one outsourcing lists both as provided by the ward and as collected again from
    the subject."""
    found = []
    for p in _handlings(facts, ("outsourcing",)):
        items = facts.dossier.handlings[p - 1].items
        given = {textnorm.normalize(i.name) for i in items if i.source == "ward_to_contractor"}
        found += [
            i.ref
            for i in facts.items
            if i.handling == p
            and i.item.source == "from_subject"
            and textnorm.normalize(i.item.name) in given
        ]
    return found


@predicate("item_lists_differ", flag)
def item_lists_differ(facts: Facts, _: bool) -> list[Ref]:
    """Handlings of one case whose item lists differ (an item in one part, not in another)."""
    lists = {
        p: {textnorm.normalize(i.name) for i in h.items}
        for p, h in facts.handlings()
        if schema.SPECS[h.type].has_items and h.items
    }
    if len(lists) < 2:
        return []
    union = set().union(*lists.values())
    return [facts.handling_ref(p) for p, names in lists.items() if names != union]


@predicate("count_at_least", count)
def count_at_least(facts: Facts, n: int) -> list[Ref]:
    """Handlings whose count (件数) is at least n."""
    return [
        facts.field_ref(p, "count")
        for p, h in facts.handlings()
        if isinstance(h.fields.get("count"), int) and h.fields["count"] >= n
    ]


@predicate("counts_disagree", flag)
def counts_disagree(facts: Facts, _: bool) -> list[Ref]:
    """Handlings of the case that state different counts for their subjects."""
    counts = {
        p: h.fields["count"] for p, h in facts.handlings() if isinstance(h.fields.get("count"), int)
    }
    if len(set(counts.values())) < 2:
        return []
    return [facts.field_ref(p, "count") for p in counts]


@predicate("count_without_basis", flag)
def count_without_basis(facts: Facts, _: bool) -> list[Ref]:
    """Handlings with items but no count, or a count without its derivation."""
    found = []
    for p, h in facts.handlings():
        if not schema.SPECS[h.type].has_items or not h.items:
            continue
        if h.fields.get("count") is None or not h.fields.get("count_note"):
            found.append(facts.field_ref(p, "count"))
    return found


# -- parties --------------------------------------------------------------------------------


@predicate("party", codes(glossary.PARTY_KINDS))
def party(facts: Facts, kinds: tuple[str, ...]) -> list[Ref]:
    """Parties of these kinds."""
    return [facts.party_ref(p) for p in facts.parties_of(*kinds)]


def _party_spec(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= {"kind", "mentions", "at_least"}:
        raise ValueError("expected {kind?: <party kinds>, mentions?: [words], at_least?: n}")
    checked: dict[str, Any] = {"at_least": count(value.get("at_least", 1))}
    if "kind" in value:
        checked["kind"] = codes(glossary.PARTY_KINDS)(value["kind"])
    if "mentions" in value:
        checked["mentions"] = words(value["mentions"])
    return checked


@predicate("parties", _party_spec)
def parties(facts: Facts, spec: dict[str, Any]) -> list[Ref]:
    """Parties of these kinds whose name mentions a word, when at least n of them match."""
    found = [
        facts.party_ref(p)
        for p in facts.dossier.parties
        if ("kind" not in spec or p.kind in spec["kind"])
        and ("mentions" not in spec or _mentions(p.name, spec["mentions"]))
    ]
    return found if len(found) >= spec["at_least"] else []


def _handling_party_spec(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not set(value) <= {"type", "kind"} or "kind" not in value:
        raise ValueError("expected {type?: <handling types>, kind: <party kinds>}")
    checked = {"kind": codes(glossary.PARTY_KINDS)(value["kind"])}
    if "type" in value:
        checked["type"] = codes(glossary.HANDLING_TYPES)(value["type"])
    return checked


@predicate("handling_party", _handling_party_spec)
def handling_party(facts: Facts, spec: dict[str, tuple[str, ...]]) -> list[Ref]:
    """Handlings (of these types) whose counterpart party is of these kinds."""
    return [
        facts.handling_ref(p)
        for p in _handlings(facts, spec.get("type"))
        if facts.kind_of(facts.dossier.handlings[p - 1].party) in spec["kind"]
    ]


@predicate("contractor_undecided", flag)
def contractor_undecided(facts: Facts, _: bool) -> list[Ref]:
    """Contractors not yet chosen."""
    return [
        facts.party_ref(p) for p in facts.parties_of("contractor", "subcontractor") if p.undecided
    ]


@predicate("contractor_without_certification", flag)
def contractor_without_certification(facts: Facts, _: bool) -> list[Ref]:
    """Chosen contractors that state no certification (ISMS, Pマーク, ISMAP …)."""
    return [
        facts.party_ref(p)
        for p in facts.parties_of("contractor", "subcontractor")
        if not p.undecided and not p.certifications
    ]


@predicate("certification", codes(glossary.CERTIFICATIONS))
def certification(facts: Facts, types: tuple[str, ...]) -> list[Ref]:
    """Parties holding one of these certifications."""
    return [
        facts.party_ref(p)
        for p in facts.dossier.parties
        if any(c.type in types for c in p.certifications)
    ]


@predicate("subcontractor_without_approval", flag)
def subcontractor_without_approval(facts: Facts, _: bool) -> list[Ref]:
    """Sub-contractors for which prior approval is not stated as required."""
    return [
        facts.party_ref(p)
        for p in facts.parties_of("subcontractor")
        if p.prior_approval_required is not True
    ]


@predicate("subcontract_chain_at_least", count)
def subcontract_chain_at_least(facts: Facts, n: int) -> list[Ref]:
    """Sub-contracting chains with at least n links (ward → contractor → sub → …)."""
    found = []
    for p in facts.parties_of("subcontractor"):
        depth, current, seen = 1, p, set()
        while current.parent and current.key not in seen:
            seen.add(current.key)
            parent = facts.dossier.party(current.parent)
            if parent is None:
                break
            depth, current = depth + 1, parent
        if depth + 1 >= n:  # the ward is the first link
            found.append(facts.party_ref(p))
    return found


# -- flow -----------------------------------------------------------------------------------


@predicate("channel", codes(glossary.CHANNELS))
def channel(facts: Facts, channels: tuple[str, ...]) -> list[Ref]:
    """Flow steps over these channels or media."""
    return [facts.step_ref(s) for s in facts.dossier.flow if s.channel in channels]


@predicate("line_type", codes(glossary.LINE_TYPES))
def line_type(facts: Facts, types: tuple[str, ...]) -> list[Ref]:
    """External connections over these kinds of line."""
    return [
        facts.field_ref(p, "line_type")
        for p, h in facts.handlings()
        if h.fields.get("line_type") in types
    ]


@predicate("step_between", lambda v: _between(v))
def step_between(facts: Facts, ends: dict[str, tuple[str, ...]]) -> list[Ref]:
    """Flow steps from a party of one kind to a party of another ({from: kinds, to: kinds})."""
    return [
        facts.step_ref(s)
        for s in facts.dossier.flow
        if facts.kind_of(s.source) in ends.get("from", glossary.codes(glossary.PARTY_KINDS))
        and facts.kind_of(s.target) in ends.get("to", glossary.codes(glossary.PARTY_KINDS))
    ]


def _between(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not set(value) <= {"from", "to"} or not value:
        raise ValueError("expected {from: <party kinds>, to: <party kinds>}")
    return {k: codes(glossary.PARTY_KINDS)(v) for k, v in value.items()}


def _step_spec(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value or not set(value) <= {"from", "to", "channel"}:
        raise ValueError("expected {from?: <party kinds>, to?: <party kinds>, channel?: …}")
    checked = {k: codes(glossary.PARTY_KINDS)(v) for k, v in value.items() if k != "channel"}
    if "channel" in value:
        checked["channel"] = codes(glossary.CHANNELS)(value["channel"])
    return checked


@predicate("step", _step_spec)
def step(facts: Facts, spec: dict[str, tuple[str, ...]]) -> list[Ref]:
    """Flow steps matching every given part: from and to party kinds, and channels."""
    return [
        facts.step_ref(s)
        for s in facts.dossier.flow
        if ("from" not in spec or facts.kind_of(s.source) in spec["from"])
        and ("to" not in spec or facts.kind_of(s.target) in spec["to"])
        and ("channel" not in spec or s.channel in spec["channel"])
    ]


# How a step's description names each channel, to find steps that use more channels than
# the one recorded (「電話及びFAX」 recorded as FAX).
_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "lgwan": ("LGWAN",),
    "internet_vpn": ("VPN",),
    "internet": ("インターネット", "一般回線"),
    "email": ("メール",),
    "mail": ("郵送", "葉書", "はがき"),
    "electronic_media": ("USB", "電子記録媒体"),
    "fax": ("FAX", "ファクス", "ファックス"),
    "phone": ("電話",),
}
_SAME_FAMILY = {"internet_vpn": "internet", "internet_tls": "internet", "cloud": "internet"}


@predicate("steps_naming_other_channels", flag)
def steps_naming_other_channels(facts: Facts, _: bool) -> list[Ref]:
    """Steps whose description names a channel other than the one recorded (「電話及びFAX」
    recorded as FAX; 「LGWANまたは一般回線」)."""
    found = []
    for s in facts.dossier.flow:
        if not s.channel:
            continue
        recorded = {s.channel, _SAME_FAMILY.get(s.channel, s.channel)}
        named = {c for c, needles in _CHANNEL_WORDS.items() if _mentions(s.action, needles)}
        if named - recorded - {c for c in named if _SAME_FAMILY.get(c) in recorded}:
            found.append(facts.step_ref(s))
    return found


@predicate("steps_same_delivery", flag)
def steps_same_delivery(facts: Facts, _: bool) -> list[Ref]:
    """Steps from different parties that send the same items to the data subjects: one
    notice drawn as sent from two places (the flow and the per-device table disagree)."""
    seen: dict[tuple[str, frozenset[str]], list[FlowStep]] = {}
    for s in facts.dossier.flow:
        if s.items and facts.kind_of(s.target) == "data_subject":
            names = frozenset(textnorm.normalize(n) for n in s.items)
            seen.setdefault((s.target, names), []).append(s)
    return [
        facts.step_ref(s)
        for steps in seen.values()
        if len({s.source for s in steps}) > 1
        for s in steps
    ]


@predicate("unencrypted_step", codes(glossary.CHANNELS))
def unencrypted_step(facts: Facts, channels: tuple[str, ...]) -> list[Ref]:
    """Steps over these channels not stated to be encrypted."""
    return [
        facts.step_ref(s)
        for s in facts.dossier.flow
        if s.channel in channels and s.encrypted is not True
    ]


@predicate("no_flow", flag)
def no_flow(facts: Facts, _: bool) -> list[Ref]:
    """The case draws no data flow although it handles items."""
    return [facts.case_ref] if not facts.dossier.flow and facts.items else []


@predicate("steps_without_retention", flag)
def steps_without_retention(facts: Facts, _: bool) -> list[Ref]:
    """Steps into a contractor or system with no retention period stated."""
    return [
        facts.step_ref(s)
        for s in facts.dossier.flow
        if facts.kind_of(s.target) in ("contractor", "subcontractor", "system") and not s.retention
    ]


@predicate("flow_items_undeclared", flag)
def flow_items_undeclared(facts: Facts, _: bool) -> list[Ref]:
    """Steps moving items that no handling lists."""
    declared = {textnorm.normalize(i.item.name) for i in facts.items}
    return [
        facts.step_ref(s)
        for s in facts.dossier.flow
        if any(textnorm.normalize(n) not in declared for n in s.items)
    ]


@predicate("declared_items_not_in_flow", flag)
def declared_items_not_in_flow(facts: Facts, _: bool) -> list[Ref]:
    """Items the handlings list that no flow step moves (when a flow is drawn)."""
    if not any(s.items for s in facts.dossier.flow):
        return []
    moved = {textnorm.normalize(n) for s in facts.dossier.flow for n in s.items}
    return [i.ref for i in facts.items if textnorm.normalize(i.item.name) not in moved]


# -- safeguards and text ---------------------------------------------------------------------


def _safeguard_filter(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not value or not set(value) <= {"kind", "clause", "mentions"}:
        raise ValueError("expected {kind?: …, clause?: …, mentions?: […]}")
    checked: dict[str, Any] = {}
    if "kind" in value:
        checked["kind"] = codes(glossary.SAFEGUARD_KINDS)(value["kind"])
    if "clause" in value:
        checked["clause"] = codes(glossary.CONTRACT_CLAUSES)(value["clause"])
    if "mentions" in value:
        checked["mentions"] = words(value["mentions"])
    return checked


def _safeguards_matching(facts: Facts, spec: dict[str, Any]) -> list[Ref]:
    found = []
    for index, s in enumerate(facts.dossier.safeguards, 1):
        if "kind" in spec and s.kind not in spec["kind"]:
            continue
        if "clause" in spec and s.clause not in spec["clause"]:
            continue
        if "mentions" in spec and not _mentions(s.text, spec["mentions"]):
            continue
        found.append(facts.safeguard_ref(index))
    return found


@predicate("safeguard", _safeguard_filter)
def safeguard(facts: Facts, spec: dict[str, Any]) -> list[Ref]:
    """Safeguards of a kind, clause, or mentioning words."""
    return _safeguards_matching(facts, spec)


@predicate("no_safeguard", _safeguard_filter)
def no_safeguard(facts: Facts, spec: dict[str, Any]) -> list[Ref]:
    """No safeguard of that kind, clause or wording is stated (evidence: the case)."""
    return [] if _safeguards_matching(facts, spec) else [facts.case_ref]


@predicate("mentions", words)
def mentions(facts: Facts, needles: tuple[str, ...]) -> list[Ref]:
    """Places whose text mentions one of these words."""
    return [ref for ref, text in facts.texts if _mentions(text, needles)]


@predicate("handling_mentions", words)
def handling_mentions(facts: Facts, needles: tuple[str, ...]) -> list[Ref]:
    """Handling titles, bases and fields that mention one of these words (not notes elsewhere)."""
    return [
        ref
        for ref, text in facts.texts
        if ref.kind in ("handling", "field") and _mentions(text, needles)
    ]


@predicate("never_mentions", words)
def never_mentions(facts: Facts, needles: tuple[str, ...]) -> list[Ref]:
    """No text of the case mentions any of these words (evidence: the case)."""
    return [] if mentions(facts, needles) else [facts.case_ref]


# -- dates -----------------------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


@predicate("starts_before_consultation", flag)
def starts_before_consultation(facts: Facts, _: bool) -> list[Ref]:
    """A handling (or the process a PIA covers) starts before the council hears the case."""
    heard = facts.dossier.consulted_on
    if heard is None:
        return []
    found = []
    for p, h in facts.handlings():
        for name in ("start_on", "started_on"):
            start = _date(h.fields.get(name))
            if start is not None and start < heard:
                found.append(facts.field_ref(p, name))
    return found


@predicate("period_not_covering", flag)
def period_not_covering(facts: Facts, _: bool) -> list[Ref]:
    """Dates in a period note (the service period) fall outside start_on–end_on (the
    contract period), as in Shinjuku's 資料19."""
    found = []
    for p, h in facts.handlings():
        start, end = _date(h.fields.get("start_on")), _date(h.fields.get("end_on"))
        note = h.fields.get("period_note") or ""
        if not (start or end) or not note:
            continue
        dates = [d for _s, _e, d in wareki.find_dates(note)]
        if any((start and d < start) or (end and d > end) for d in dates) or (
            dates and start and min(dates) != start
        ):
            found.append(facts.field_ref(p, "period_note"))
    return found


@predicate("period_days_at_most", count)
def period_days_at_most(facts: Facts, days: int) -> list[Ref]:
    """Handlings whose stated period is at most this many days."""
    return [
        facts.field_ref(p, "end_on")
        for p, h in facts.handlings()
        if _date(h.fields.get("start_on"))
        and _date(h.fields.get("end_on"))
        and (h.fields["end_on"] - h.fields["start_on"]).days <= days
    ]


@predicate("consultation_kind", codes(glossary.CASE_KINDS))
def consultation_kind(facts: Facts, kinds: tuple[str, ...]) -> list[Ref]:
    """The case is a consultation or a report."""
    return [facts.case_ref] if facts.dossier.kind in kinds else []


def _contradiction_spec(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or set(value) != {"all", "elsewhere"}:
        raise ValueError("expected {all: [words that must all appear], elsewhere: [words]}")
    return {"all": words(value["all"]), "elsewhere": words(value["elsewhere"])}


@predicate("says_all_and_elsewhere", _contradiction_spec)
def says_all_and_elsewhere(facts: Facts, spec: dict[str, tuple[str, ...]]) -> list[Ref]:
    """One place says all of some words while another says one of other words: e.g. an
    end-of-work report saying everything was returned (すべて・提出・残って) while the
    procedure has the contractor destroy data (廃棄・消去)."""
    first = [
        ref for ref, text in facts.texts if all(w in textnorm.normalize(text) for w in spec["all"])
    ]
    second = [
        ref for ref, text in facts.texts if ref not in first and _mentions(text, spec["elsewhere"])
    ]
    return first + second if first and second else []
