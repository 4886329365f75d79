"""A case as one structured value: what the case file holds, what a revision keeps, what the
documents, the diagram and the precheck read. Pure Python: no Django.

`Dossier.to_dict()` gives the case file's shape (docs/case-file.md); `parse` (in
`casefile`) builds a Dossier back from it, reporting every problem with its path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from shingikai.lib import glossary

FORMAT = "shingikai-case/1"


@dataclass(frozen=True)
class Certification:
    """A contractor's certification (ISMS, Pマーク, ISMAP …)."""

    type: str
    number: str = ""
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class Party:
    """Someone data passes through: a ward division, contractor, sub-contractor, another
    public body, the data subjects, or a system. `key` names it within the case."""

    key: str
    name: str
    kind: str
    undecided: bool = False
    selection_method: str = ""
    certifications: tuple[Certification, ...] = ()
    parent: str = ""
    prior_approval_required: bool | None = None
    location: str = ""
    note: str = ""

    @property
    def kind_label(self) -> str:
        """区（担当課等）, 委託先 …; 「委託先（未定）」 while the party is not yet chosen."""
        kind = glossary.label(glossary.PARTY_KINDS, self.kind)
        return f"{kind}（未定）" if self.undecided else kind

    @property
    def display_name(self) -> str:
        """The name people read: an undecided party named only 「未定」 is 「委託先（未定）」."""
        if self.undecided and self.name in ("", "未定"):
            return self.kind_label
        return self.name


@dataclass(frozen=True)
class Item:
    """A personal-information item a handling deals with. `source` is one of the outsourcing
    form's three sub-lists; `free_text` marks an item not in the catalogue."""

    name: str
    source: str = ""
    necessity: str = ""
    free_text: bool = False


@dataclass(frozen=True)
class Handling:
    """One handling (外部委託, 外部結合 …) with its form fields and items."""

    type: str
    title: str = ""
    legal_basis: str = ""
    party: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class FlowStep:
    """A numbered step of the data flow (①②③…): who sends which items to whom, how."""

    number: int
    source: str
    target: str
    action: str = ""
    items: tuple[str, ...] = ()
    channel: str = ""
    encrypted: bool | None = None
    kept: str = ""
    retention: str = ""
    disposal: str = ""


@dataclass(frozen=True)
class Safeguard:
    """A protective measure, attached to the case or to one handling, party or flow step."""

    kind: str
    text: str
    clause: str = ""
    handling: int | None = None  # 1-based position among the handlings
    party: str = ""
    step: int | None = None

    @property
    def target(self) -> tuple[str, object] | None:
        if self.handling is not None:
            return ("handling", self.handling)
        if self.party:
            return ("party", self.party)
        if self.step is not None:
            return ("step", self.step)
        return None


@dataclass(frozen=True)
class Attachment:
    kind: str
    name: str
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class Dossier:
    """Everything a case says about how personal information is handled."""

    council: str
    municipality: str
    kind: str
    title: str
    department_name: str
    department_division: str = ""
    number: int | None = None
    fiscal_year: int | None = None
    consulted_on: dt.date | None = None  # the day the council hears the case
    subtitle: str = ""
    business: str = ""
    summary: str = ""
    parties: tuple[Party, ...] = ()
    handlings: tuple[Handling, ...] = ()
    flow: tuple[FlowStep, ...] = ()
    safeguards: tuple[Safeguard, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def party(self, key: str) -> Party | None:
        return next((p for p in self.parties if p.key == key), None)

    def step(self, number: int) -> FlowStep | None:
        return next((s for s in self.flow if s.number == number), None)

    def declared_items(self) -> dict[str, Item]:
        """Every item named in a handling, first declaration first."""
        items: dict[str, Item] = {}
        for handling in self.handlings:
            for item in handling.items:
                items.setdefault(item.name, item)
        return items

    def safeguards_for(self, kind: str, key: object) -> list[Safeguard]:
        return [s for s in self.safeguards if s.target == (kind, key)]

    def to_dict(self) -> dict[str, Any]:
        """The case file's shape, with empty values left out."""
        return _prune(
            {
                "format": FORMAT,
                "council": self.council,
                "municipality": self.municipality,
                "kind": self.kind,
                "number": self.number,
                "fiscal_year": self.fiscal_year,
                "consulted_on": self.consulted_on,
                "title": self.title,
                "subtitle": self.subtitle,
                "business": self.business,
                "department": {"division": self.department_division, "name": self.department_name},
                "summary": self.summary,
                "parties": [_party_dict(p) for p in self.parties],
                "handlings": [_handling_dict(h) for h in self.handlings],
                "flow": [_step_dict(s) for s in self.flow],
                "safeguards": [_safeguard_dict(s) for s in self.safeguards],
                "attachments": [
                    {"kind": a.kind, "name": a.name, "sha256": a.sha256, "size": a.size}
                    for a in self.attachments
                ],
            }
        )


def _party_dict(p: Party) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "kind": p.kind,
        "undecided": p.undecided or None,
        "selection_method": p.selection_method,
        "certifications": [
            {"type": c.type, "number": c.number, "expires_on": c.expires_on}
            for c in p.certifications
        ],
        "parent": p.parent,
        "prior_approval_required": p.prior_approval_required,
        "location": p.location,
        "note": p.note,
    }


def _handling_dict(h: Handling) -> dict[str, Any]:
    return {
        "type": h.type,
        "title": h.title,
        "legal_basis": h.legal_basis,
        "party": h.party,
        "fields": dict(h.fields),
        "items": [
            {
                "name": i.name,
                "source": i.source,
                "necessity": i.necessity,
                "free_text": i.free_text or None,
            }
            for i in h.items
        ],
    }


def _step_dict(s: FlowStep) -> dict[str, Any]:
    return {
        "number": s.number,
        "from": s.source,
        "to": s.target,
        "action": s.action,
        "items": list(s.items),
        "channel": s.channel,
        "encrypted": s.encrypted,
        "kept": s.kept,
        "retention": s.retention,
        "disposal": s.disposal,
    }


def _safeguard_dict(s: Safeguard) -> dict[str, Any]:
    target = s.target
    return {
        "kind": s.kind,
        "clause": s.clause,
        "text": s.text,
        "target": {target[0]: target[1]} if target else None,
    }


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _prune(value: Any) -> Any:
    """Drop empty strings, None, empty lists and dicts, recursively (False and 0 stay)."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if not _empty(v)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
