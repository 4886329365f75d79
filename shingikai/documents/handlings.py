"""One handling's part of the case document: 「第1 外部委託に伴う個人情報の保護措置」 with its
form fields, its party, its personal-information items and its own safeguards."""

from __future__ import annotations

from shingikai.documents import names
from shingikai.documents.blocks import Block, Cell, Column, Heading, Paragraph, Table, cell
from shingikai.dossiers.structure import schema, values
from shingikai.dossiers.structure.dossier import Dossier, Handling, Item, Party

NOT_STATED = "記載なし"
NONE = "なし"
KV_COLUMNS = (Column("項目", 3.5), Column("内容", 6.5))

# The party's number on the council's form, where the form numbers it.
PARTY_NUMBERS = {"outsourcing": "13"}


def handling_blocks(dossier: Dossier, number: int, handling: Handling) -> list[Block]:
    """Heading, lead lines, the field table, the items and the handling's safeguards."""
    spec = schema.SPECS[handling.type]
    blocks: list[Block] = [Heading(f"第{number} {spec.heading}")]
    if handling.title and handling.title != spec.heading:
        blocks.append(Paragraph(f"件名：{handling.title}", "lead"))
    if handling.legal_basis:
        blocks.append(Paragraph(f"根拠規定：{handling.legal_basis}", "lead"))
    rows = field_rows(spec, handling) + party_rows(dossier, spec, handling)
    blocks.append(Table(KV_COLUMNS, tuple(rows), role="kv"))
    blocks += item_blocks(spec, handling)
    blocks += safeguard_blocks(dossier, number, handling)
    return blocks


def field_rows(spec: schema.HandlingSpec, handling: Handling) -> list[tuple[Cell, ...]]:
    """Every field of the form in its order, numbered, with its displayed value."""
    return [
        (
            (names.numbered(field.number, field.label),),
            cell(values.display(field, handling.fields.get(field.name)), NOT_STATED),
        )
        for field in spec.all_fields
    ]


def party_rows(
    dossier: Dossier, spec: schema.HandlingSpec, handling: Handling
) -> list[tuple[Cell, ...]]:
    """The row naming the handling's party (「13 委託先」), when the form has one."""
    if not (spec.party_label or handling.party):
        return []
    label = names.numbered(PARTY_NUMBERS.get(spec.type, ""), spec.party_label or "相手方")
    party = dossier.party(handling.party)
    lines = party_lines(dossier, party) if party is not None else (NOT_STATED,)
    return [((label,), lines)]


def party_lines(dossier: Dossier, party: Party) -> Cell:
    """Name, selection, place, certifications, sub-contractors and note of a party."""
    lines = [f"名称：{names.party_name(party)}"]
    if party.selection_method:
        lines.append(f"選定方法：{party.selection_method}")
    if party.location:
        lines.append(f"所在地・取扱場所：{party.location}")
    if party.certifications or party.kind == "contractor":
        lines += certification_lines(party)
    if party.kind == "contractor":
        lines += subcontract_lines(dossier, party)
    if party.note:
        lines.append(f"備考：{party.note}")
    return tuple(lines)


def certification_lines(party: Party) -> list[str]:
    """「認証：…」 for each certification, or 「認証：記載なし」."""
    if not party.certifications:
        return [f"認証：{NOT_STATED}"]
    return [f"認証：{names.certification(c)}" for c in party.certifications]


def subcontract_lines(dossier: Dossier, party: Party) -> list[str]:
    """The parties whose parent is `party`, each with whether its use needs prior approval."""
    subs = [p for p in dossier.parties if p.parent == party.key]
    if not subs:
        return [f"再委託：{NONE}"]
    return [
        f"再委託先：{names.party_name(sub)}（再委託の事前承認：{names.approval(sub.prior_approval_required)}）"
        for sub in subs
    ]


def item_blocks(spec: schema.HandlingSpec, handling: Handling) -> list[Block]:
    """「個人情報の項目」: one table, or for outsourcing one per source (①②③)."""
    if not spec.has_items:
        return []
    blocks: list[Block] = [Heading("個人情報の項目", 2)]
    if not spec.item_sources:
        return blocks + item_table(handling.items)
    for position, (label, items) in enumerate(source_groups(spec, handling.items), 1):
        blocks.append(Heading(f"{names.circled(position)} {label}", 3))
        blocks += item_table(items)
    return blocks


def source_groups(
    spec: schema.HandlingSpec, items: tuple[Item, ...]
) -> list[tuple[str, list[Item]]]:
    """The form's sub-lists in order; items with no known source follow as 「区分なし」."""
    groups = [(label, [i for i in items if i.source == code]) for code, label in spec.item_sources]
    known = {code for code, _ in spec.item_sources}
    rest = [i for i in items if i.source not in known]
    return groups + ([("区分なし", rest)] if rest else [])


def item_table(items: list[Item] | tuple[Item, ...]) -> list[Block]:
    """Items with their necessity where any is given; 「なし」 for no items."""
    if not items:
        return [Paragraph(NONE, "none")]
    names_ = [item.name + ("（自由記述）" if item.free_text else "") for item in items]
    if not any(item.necessity for item in items):
        rows = tuple(((name,),) for name in names_)
        return [Table((Column("項目", 1),), rows, width=0.5)]
    rows = tuple(((name,), cell(i.necessity)) for name, i in zip(names_, items, strict=True))
    return [Table((Column("項目", 2), Column("必要性・理由", 3)), rows)]


def safeguard_blocks(dossier: Dossier, number: int, handling: Handling) -> list[Block]:
    """The safeguards attached to this handling or to its party, if any."""
    found = dossier.safeguards_for("handling", number)
    if handling.party:
        found += dossier.safeguards_for("party", handling.party)
    if not found:
        return []
    rows = tuple(((names.safeguard_kind(s),), cell(s.text, NOT_STATED)) for s in found)
    columns = (Column("区分", 3.5), Column("内容", 6.5))
    return [Heading("この取扱いに係る安全管理措置", 2), Table(columns, rows)]
