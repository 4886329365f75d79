"""What the case page shows of a dossier: display rows with labels and formatted values.

Built once per request from the Dossier value, so templates only loop and print.
"""

from __future__ import annotations

from dataclasses import dataclass

from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema, values
from shingikai.lib import glossary


@dataclass(frozen=True)
class Row:
    number: str
    label: str
    value: str


@dataclass(frozen=True)
class ItemGroup:
    label: str
    items: tuple[d.Item, ...]


@dataclass(frozen=True)
class HandlingView:
    position: int
    handling: d.Handling
    spec: schema.HandlingSpec
    rows: tuple[Row, ...]
    party: d.Party | None
    item_groups: tuple[ItemGroup, ...]
    safeguards: tuple[tuple[int, d.Safeguard], ...]

    @property
    def anchor(self) -> str:
        return f"handling-{self.position}"


def handling_views(dossier: d.Dossier) -> list[HandlingView]:
    numbered = list(enumerate(dossier.safeguards, 1))
    return [
        HandlingView(
            position=i,
            handling=h,
            spec=schema.SPECS[h.type],
            rows=_rows(h),
            party=dossier.party(h.party) if h.party else None,
            item_groups=_item_groups(h),
            safeguards=tuple((n, s) for n, s in numbered if s.handling == i),
        )
        for i, h in enumerate(dossier.handlings, 1)
    ]


def _rows(h: d.Handling) -> tuple[Row, ...]:
    spec = schema.SPECS[h.type]
    return tuple(
        Row(f.number, f.label, values.display(f, h.fields.get(f.name))) for f in spec.all_fields
    )


def _item_groups(h: d.Handling) -> tuple[ItemGroup, ...]:
    spec = schema.SPECS[h.type]
    if not spec.has_items:
        return ()
    if not spec.item_sources:
        return (ItemGroup("個人情報の項目", h.items),)
    return tuple(
        ItemGroup(label, tuple(i for i in h.items if i.source == code))
        for code, label in spec.item_sources
    )


@dataclass(frozen=True)
class StepView:
    step: d.FlowStep
    source: str
    target: str
    channel: str
    safeguards: tuple[d.Safeguard, ...]


def step_views(dossier: d.Dossier) -> list[StepView]:
    def name(key: str) -> str:
        party = dossier.party(key)
        return party.display_name if party else key

    return [
        StepView(
            step=s,
            source=name(s.source),
            target=name(s.target),
            channel=glossary.label(glossary.CHANNELS, s.channel),
            safeguards=tuple(dossier.safeguards_for("step", s.number)),
        )
        for s in sorted(dossier.flow, key=lambda s: s.number)
    ]


@dataclass(frozen=True)
class SafeguardView:
    index: int
    safeguard: d.Safeguard
    kind: str
    clause: str
    target: str


def safeguard_views(dossier: d.Dossier) -> list[SafeguardView]:
    return [
        SafeguardView(
            index=i,
            safeguard=s,
            kind=glossary.label(glossary.SAFEGUARD_KINDS, s.kind),
            clause=glossary.label(glossary.CONTRACT_CLAUSES, s.clause),
            target=_target_label(dossier, s),
        )
        for i, s in enumerate(dossier.safeguards, 1)
    ]


def _target_label(dossier: d.Dossier, s: d.Safeguard) -> str:
    if s.handling is not None and s.handling <= len(dossier.handlings):
        h_type = dossier.handlings[s.handling - 1].type
        return f"第{s.handling} {glossary.label(glossary.HANDLING_TYPES, h_type)}"
    if s.party:
        party = dossier.party(s.party)
        return f"関係者：{party.display_name if party else s.party}"
    if s.step is not None:
        return f"流れ {s.step}"
    return "案件全体"
