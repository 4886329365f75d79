"""What the precheck reads: a case's dossier with each place it can point at.

`Facts` wraps a Dossier and the data-item categories, and names every part of the case as
a `Ref` (a handling, an item, a party, a flow step, a safeguard, or a field) with a
Japanese label and the anchor of that part on the case page, so a finding can say exactly
what triggered it. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from shingikai.dossiers.structure import schema
from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Handling, Item, Party
from shingikai.lib import glossary, textnorm
from shingikai.lib.jpnum import circled


@dataclass(frozen=True, order=True)
class Ref:
    """One place of the case: kind (case, handling, item, party, step, safeguard, field),
    a key unique within the kind, a Japanese label, and the case-page anchor."""

    kind: str
    key: str
    label: str = field(compare=False)
    anchor: str = field(compare=False, default="")


@dataclass(frozen=True)
class ItemRef:
    """An item as declared in one handling."""

    handling: int
    index: int
    item: Item
    category: str

    @property
    def ref(self) -> Ref:
        return Ref(
            "item",
            f"{self.handling}.{self.index}",
            f"第{self.handling}の項目「{self.item.name}」",
            f"handling-{self.handling}",
        )


@dataclass
class Facts:
    """The dossier, the catalogue's categories, and derived views used by predicates."""

    dossier: Dossier
    categories: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def _category_index(self) -> dict[str, str]:
        return {textnorm.normalize(k): v for k, v in self.categories.items()}

    def category(self, name: str) -> str:
        """The catalogue category of an item name; free-text items are "other"."""
        return self._category_index.get(textnorm.normalize(name), "other")

    @property
    def case_ref(self) -> Ref:
        return Ref("case", "case", "案件全体", "dossier")

    def handlings(self) -> Iterator[tuple[int, Handling]]:
        return enumerate(self.dossier.handlings, 1)

    def handling_ref(self, position: int) -> Ref:
        h = self.dossier.handlings[position - 1]
        label = glossary.label(glossary.HANDLING_TYPES, h.type)
        return Ref("handling", str(position), f"第{position} {label}", f"handling-{position}")

    def field_ref(self, position: int, name: str) -> Ref:
        h = self.dossier.handlings[position - 1]
        spec = schema.SPECS[h.type]
        label = spec.field(name).label
        return Ref(
            "field", f"{position}.{name}", f"第{position}の「{label}」", f"handling-{position}"
        )

    @cached_property
    def items(self) -> list[ItemRef]:
        return [
            ItemRef(position, index, item, self.category(item.name))
            for position, h in self.handlings()
            for index, item in enumerate(h.items, 1)
        ]

    def party_ref(self, party: Party) -> Ref:
        label = f"関係者「{party.display_name}」"
        return Ref("party", party.key, label, f"party-{party.key}")

    def step_ref(self, step: FlowStep) -> Ref:
        label = f"流れ{circled(step.number)}（{step.action or '内容未記載'}）"
        return Ref("step", str(step.number), label, f"step-{step.number}")

    def safeguard_ref(self, index: int) -> Ref:
        s = self.dossier.safeguards[index - 1]
        return Ref("safeguard", str(index), f"安全管理措置「{s.text[:30]}」", f"safeguard-{index}")

    def parties_of(self, *kinds: str) -> list[Party]:
        return [p for p in self.dossier.parties if p.kind in kinds]

    def kind_of(self, key: str) -> str:
        party = self.dossier.party(key)
        return party.kind if party else ""

    @cached_property
    def texts(self) -> list[tuple[Ref, str]]:
        """Every piece of free text in the case with where it stands, for keyword rules."""
        d = self.dossier
        found: list[tuple[Ref, str]] = [(self.case_ref, f"{d.title} {d.subtitle} {d.summary}")]
        for position, h in self.handlings():
            spec = schema.SPECS[h.type]
            for f in spec.all_fields:
                value = h.fields.get(f.name)
                if isinstance(value, str):
                    found.append((self.field_ref(position, f.name), value))
            found.append((self.handling_ref(position), f"{h.title} {h.legal_basis}"))
        for party in d.parties:
            text = " ".join((party.name, party.selection_method, party.location, party.note))
            found.append((self.party_ref(party), text))
        for step in d.flow:
            text = " ".join((step.action, step.kept, step.retention, step.disposal))
            found.append((self.step_ref(step), text))
        for index, s in enumerate(d.safeguards, 1):
            found.append((self.safeguard_ref(index), s.text))
        return found
