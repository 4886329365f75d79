"""Between the database rows of a case and its Dossier value (structure.dossier).

`dossier_of` reads a case whole; `write_dossier` replaces a case's parties, handlings,
items, flow and safeguards with a Dossier's, keeping existing handling rows (decisions
point at them) where the position and type still match.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shingikai.dossiers.models import (
    Case,
    DataItem,
    FlowStep,
    Handling,
    HandlingItem,
    Party,
    Safeguard,
)
from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema, values
from shingikai.lib import textnorm


def catalogue() -> dict[str, str]:
    """Item name → category, for validation."""
    return dict(DataItem.objects.values_list("name", "category"))


# -- reading --------------------------------------------------------------------------------


def _certifications(raw: list[dict[str, Any]]) -> tuple[d.Certification, ...]:
    return tuple(
        d.Certification(
            type=c.get("type", ""),
            number=c.get("number", ""),
            expires_on=dt.date.fromisoformat(c["expires_on"]) if c.get("expires_on") else None,
        )
        for c in raw
    )


def _party(p: Party) -> d.Party:
    return d.Party(
        key=p.key,
        name=p.name,
        kind=p.kind,
        undecided=p.undecided,
        selection_method=p.selection_method,
        certifications=_certifications(p.certifications or []),
        parent=p.parent.key if p.parent_id else "",
        prior_approval_required=p.prior_approval_required,
        location=p.location,
        note=p.note,
    )


def decode_fields(handling_type: str, stored: dict[str, Any]) -> dict[str, Any]:
    spec = schema.SPECS[handling_type]
    known = {f.name: f for f in spec.all_fields}
    return {k: values.decode(known[k], v) for k, v in stored.items() if k in known}


def encode_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: values.encode(v) for k, v in fields.items() if v is not None}


def _handling(h: Handling) -> d.Handling:
    return d.Handling(
        type=h.type,
        title=h.title,
        legal_basis=h.legal_basis,
        party=h.party.key if h.party_id else "",
        fields=decode_fields(h.type, h.fields or {}),
        items=tuple(
            d.Item(name=i.name, source=i.source, necessity=i.necessity, free_text=i.free_text)
            for i in h.items.all()
        ),
    )


def _step(s: FlowStep) -> d.FlowStep:
    return d.FlowStep(
        number=s.number,
        source=s.source.key,
        target=s.target.key,
        action=s.action,
        items=tuple(s.items or ()),
        channel=s.channel,
        encrypted=s.encrypted,
        kept=s.kept,
        retention=s.retention,
        disposal=s.disposal,
    )


def _safeguard(s: Safeguard, handling_order: dict[int, int]) -> d.Safeguard:
    return d.Safeguard(
        kind=s.kind,
        clause=s.clause,
        text=s.text,
        handling=handling_order.get(s.handling_id) if s.handling_id else None,
        party=s.party.key if s.party_id else "",
        step=s.step.number if s.step_id else None,
    )


def dossier_of(case: Case) -> d.Dossier:
    """The whole case as one value."""
    handlings = list(
        case.handlings.select_related("party").prefetch_related("items").order_by("order", "id")
    )
    positions = {h.pk: i for i, h in enumerate(handlings, 1)}
    return d.Dossier(
        council=case.council.name,
        municipality=case.council.municipality.name,
        kind=case.kind,
        title=case.title,
        department_name=case.department.name,
        department_division=case.department.division,
        number=case.number,
        fiscal_year=case.fiscal_year,
        consulted_on=case.consulted_on,
        subtitle=case.subtitle,
        business=case.business,
        summary=case.summary,
        parties=tuple(_party(p) for p in case.parties.select_related("parent")),
        handlings=tuple(_handling(h) for h in handlings),
        flow=tuple(_step(s) for s in case.flow_steps.select_related("source", "target")),
        safeguards=tuple(
            _safeguard(s, positions)
            for s in case.safeguards.select_related("party", "step").order_by("order", "id")
        ),
        attachments=tuple(
            d.Attachment(kind=a.kind, name=a.name, sha256=a.sha256, size=a.size)
            for a in case.attachments.all()
        ),
    )


# -- writing --------------------------------------------------------------------------------


def _write_parties(case: Case, parties: tuple[d.Party, ...]) -> dict[str, Party]:
    case.parties.all().delete()
    rows: dict[str, Party] = {}
    for order, p in enumerate(parties, 1):
        rows[p.key] = Party.objects.create(
            case=case,
            key=p.key,
            order=order,
            name=p.name,
            kind=p.kind,
            undecided=p.undecided,
            selection_method=p.selection_method,
            certifications=[
                {
                    "type": c.type,
                    "number": c.number,
                    "expires_on": c.expires_on.isoformat() if c.expires_on else None,
                }
                for c in p.certifications
            ],
            prior_approval_required=p.prior_approval_required,
            location=p.location,
            note=p.note,
        )
    for p in parties:
        if p.parent:
            rows[p.key].parent = rows[p.parent]
            rows[p.key].save(update_fields=["parent"])
    return rows


class DecidedHandling(Exception):
    """An edit would remove or retype a handling the council has decided on."""


def _check_decided(existing: list[Handling], handlings: tuple[d.Handling, ...]) -> None:
    for position, row in enumerate(existing):
        changed = position >= len(handlings) or handlings[position].type != row.type
        if changed and row.decisions.exists():
            raise DecidedHandling(f"第{position + 1} {row.get_type_display()}には議決があります。")


def _write_handlings(
    case: Case, handlings: tuple[d.Handling, ...], parties: dict[str, Party]
) -> list[Handling]:
    """Rows are kept by position, so decisions keep pointing at their handling; a change
    that would move a decided handling is refused (DecidedHandling)."""
    existing = list(case.handlings.order_by("order", "id"))
    _check_decided(existing, handlings)
    rows = []
    for order, h in enumerate(handlings, 1):
        row = existing[order - 1] if order <= len(existing) else Handling(case=case)
        row.type, row.order, row.title, row.legal_basis = h.type, order, h.title, h.legal_basis
        row.party = parties.get(h.party) if h.party else None
        row.fields = encode_fields(h.fields)
        row.save()
        row.items.all().delete()
        rows.append(row)
    for row in existing[len(handlings) :]:
        row.delete()
    return rows


def _write_items(rows: list[Handling], handlings: tuple[d.Handling, ...]) -> None:
    known = {textnorm.normalize(n): pk for n, pk in DataItem.objects.values_list("name", "pk")}
    HandlingItem.objects.bulk_create(
        HandlingItem(
            handling=row,
            order=order,
            name=i.name,
            data_item_id=known.get(textnorm.normalize(i.name)),
            source=i.source,
            necessity=i.necessity,
            free_text=i.free_text,
        )
        for row, h in zip(rows, handlings, strict=True)
        for order, i in enumerate(h.items, 1)
    )


def _write_flow(
    case: Case, flow: tuple[d.FlowStep, ...], parties: dict[str, Party]
) -> dict[int, FlowStep]:
    case.flow_steps.all().delete()
    return {
        s.number: FlowStep.objects.create(
            case=case,
            number=s.number,
            source=parties[s.source],
            target=parties[s.target],
            action=s.action,
            items=list(s.items),
            channel=s.channel,
            encrypted=s.encrypted,
            kept=s.kept,
            retention=s.retention,
            disposal=s.disposal,
        )
        for s in flow
    }


def _write_safeguards(
    case: Case,
    safeguards: tuple[d.Safeguard, ...],
    handlings: list[Handling],
    parties: dict[str, Party],
    steps: dict[int, FlowStep],
) -> None:
    case.safeguards.all().delete()
    Safeguard.objects.bulk_create(
        Safeguard(
            case=case,
            order=order,
            kind=s.kind,
            clause=s.clause,
            text=s.text,
            handling=handlings[s.handling - 1] if s.handling else None,
            party=parties.get(s.party) if s.party else None,
            step=steps.get(s.step) if s.step is not None else None,
        )
        for order, s in enumerate(safeguards, 1)
    )


CASE_TEXT_FIELDS = ("title", "subtitle", "business", "summary")


@transaction.atomic
def write_dossier(case: Case, dossier: d.Dossier) -> Case:
    """Replace the case's structured content with `dossier` (validated by the caller).

    The case's own identity (council, department, number, status) is left to the caller.
    """
    for name in CASE_TEXT_FIELDS:
        setattr(case, name, getattr(dossier, name))
    case.kind = dossier.kind
    if dossier.consulted_on is not None:
        case.consulted_on = dossier.consulted_on
    case.save()
    parties = _write_parties(case, dossier.parties)
    handlings = _write_handlings(case, dossier.handlings, parties)
    _write_items(handlings, dossier.handlings)
    steps = _write_flow(case, dossier.flow, parties)
    _write_safeguards(case, dossier.safeguards, handlings, parties, steps)
    return case
