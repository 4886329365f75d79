"""What the case document says, in order: the cover letter, the subject, one section per
handling, the parties, the data flow with its diagram, and the safeguards by kind."""

from __future__ import annotations

from shingikai.documents import names
from shingikai.documents.blocks import (
    Block,
    Cell,
    Column,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    cell,
)
from shingikai.documents.handlings import KV_COLUMNS, NOT_STATED, handling_blocks
from shingikai.documents.meta import DocMeta
from shingikai.dossiers.structure.diagram import render_svg
from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Party, Safeguard
from shingikai.lib import glossary, wareki

KIND_HEADINGS = {"consultation": "諮問書", "report": "報告事項"}
KIND_SENTENCES = {
    "consultation": "下記の事項について、意見を求めます。",
    "report": "下記の事項について、報告します。",
}
DATE_PLACEHOLDER = "令和　　年　　月　　日"
STEP_COLUMNS = (
    Column("番号", 0.8),
    Column("送信元", 1.7),
    Column("送信先", 1.7),
    Column("内容", 2.25),
    Column("項目", 2.3),
    Column("経路・媒体", 1.6),
    Column("暗号化", 1.15),
    Column("保管", 1.5),
    Column("保管期間", 1.3),
    Column("削除・返却", 1.7),
)
PARTY_COLUMNS = (
    Column("名称", 3),
    Column("区分", 2),
    Column("所在地・取扱場所", 2.5),
    Column("認証", 3),
    Column("備考", 3.5),
)


def case_document(dossier: Dossier, meta: DocMeta) -> Document:
    """The whole case document as blocks."""
    blocks = cover_blocks(dossier, meta) + subject_blocks(dossier)
    for number, handling in enumerate(dossier.handlings, 1):
        blocks += handling_blocks(dossier, number, handling)
    blocks += party_blocks(dossier) + flow_blocks(dossier) + safeguard_blocks(dossier)
    return Document(
        title=dossier.title,
        header=meta.header,
        draft=meta.draft,
        author=meta.sender,
        blocks=tuple(blocks),
    )


def cover_blocks(dossier: Dossier, meta: DocMeta) -> list[Block]:
    """「諮問書」 or 「報告事項」, the letter's number, date, addressee and sender, and 「記」."""
    blocks: list[Block] = [Paragraph(KIND_HEADINGS.get(dossier.kind, "案件"), "doc-title")]
    if meta.number_label:
        blocks.append(Paragraph(meta.number_label, "right"))
    date = cover_date(dossier, meta)
    if date:
        blocks.append(Paragraph(date, "right"))
    if meta.addressee:
        blocks.append(Paragraph(meta.addressee))
    if meta.sender:
        blocks.append(Paragraph(meta.sender, "right"))
    if dossier.kind in KIND_SENTENCES:
        blocks.append(Paragraph(KIND_SENTENCES[dossier.kind], "sentence"))
    return [*blocks, Paragraph("記", "center")]


def cover_date(dossier: Dossier, meta: DocMeta) -> str:
    """The letter's date in 和暦; a consultation without one gets blanks to fill in."""
    if meta.date is not None:
        return wareki.format_date(meta.date, weekday=False)
    return DATE_PLACEHOLDER if dossier.kind == "consultation" else ""


def subject_blocks(dossier: Dossier) -> list[Block]:
    """The title, 事業名 in parentheses, 登録業務の名称, 担当課 (and the summary)."""
    blocks: list[Block] = [Paragraph(dossier.title, "case-title")]
    if dossier.subtitle:
        blocks.append(Paragraph(f"（{dossier.subtitle}）", "center"))
    department = " ".join(p for p in (dossier.department_division, dossier.department_name) if p)
    rows: list[tuple[Cell, ...]] = [
        (("登録業務の名称",), cell(dossier.business, NOT_STATED)),
        (("担当課",), cell(department, NOT_STATED)),
    ]
    if dossier.summary:
        rows.append((("概要",), cell(dossier.summary)))
    return [*blocks, Table(KV_COLUMNS, tuple(rows), role="kv")]


def party_blocks(dossier: Dossier) -> list[Block]:
    """「関係者」: everyone the data passes through."""
    if not dossier.parties:
        return [Heading("関係者"), Paragraph(NOT_STATED, "none")]
    rows = tuple(party_row(dossier, p) for p in dossier.parties)
    return [Heading("関係者"), Table(PARTY_COLUMNS, rows, role="small")]


def party_row(dossier: Dossier, party: Party) -> tuple[Cell, ...]:
    certs = "\n".join(names.certification(c) for c in party.certifications)
    return (
        (names.party_name(party),),
        (glossary.label(glossary.PARTY_KINDS, party.kind),),
        cell(party.location),
        cell(certs),
        cell("\n".join(party_remarks(dossier, party))),
    )


def party_remarks(dossier: Dossier, party: Party) -> list[str]:
    """Selection method, parent contractor, prior approval and note of a party."""
    remarks = []
    if party.selection_method:
        remarks.append(f"選定方法：{party.selection_method}")
    if party.parent:
        remarks.append(f"再委託元：{names.party_role_name(dossier, party.parent)}")
        remarks.append(f"再委託の事前承認：{names.approval(party.prior_approval_required)}")
    if party.note:
        remarks.append(party.note)
    return remarks


def flow_blocks(dossier: Dossier) -> list[Block]:
    """「個人情報の流れ」: the diagram and a table of the numbered steps."""
    if not dossier.flow:
        return [Heading("個人情報の流れ"), Paragraph(NOT_STATED, "none")]
    rows = tuple(step_row(dossier, s) for s in dossier.flow)
    return [
        Heading("個人情報の流れ"),
        Figure(render_svg(dossier), alt="個人情報の流れ図"),
        Table(STEP_COLUMNS, rows, role="small"),
    ]


def step_row(dossier: Dossier, step: FlowStep) -> tuple[Cell, ...]:
    encrypted = {True: "あり", False: "なし", None: "—"}[step.encrypted]
    return (
        (names.circled(step.number),),
        (names.party_role_name(dossier, step.source),),
        (names.party_role_name(dossier, step.target),),
        cell(step.action),
        cell("、".join(step.items)),
        cell(glossary.label(glossary.CHANNELS, step.channel) if step.channel else ""),
        (encrypted,),
        cell(step.kept),
        cell(step.retention),
        cell(step.disposal),
    )


def safeguard_blocks(dossier: Dossier) -> list[Block]:
    """「安全管理措置」: every safeguard of the case, grouped by kind in the form's order."""
    blocks: list[Block] = [Heading("安全管理措置")]
    kinds = list(glossary.SAFEGUARD_KINDS)
    known = {code for code, _ in kinds}
    kinds += [(s.kind, s.kind) for s in dossier.safeguards if s.kind not in known]
    for position, (code, label) in enumerate(dict(kinds).items(), 1):
        found = [s for s in dossier.safeguards if s.kind == code]
        blocks.append(Heading(f"（{position}）{label}", 2))
        blocks.append(safeguard_table(dossier, code, found))
    return blocks


def safeguard_table(dossier: Dossier, kind: str, found: list[Safeguard]) -> Block:
    """A kind's safeguards with what each protects; contract ones with their clause."""
    if not found:
        return Paragraph(NOT_STATED, "none")
    if kind == "contractual":
        columns = (Column("種別", 2), Column("内容", 6), Column("対象", 3))
        rows = tuple((clause_cell(s), cell(s.text), target_cell(dossier, s)) for s in found)
        return Table(columns, rows)
    rows2 = tuple((cell(s.text), target_cell(dossier, s)) for s in found)
    return Table((Column("内容", 8), Column("対象", 3)), rows2)


def clause_cell(safeguard: Safeguard) -> Cell:
    return cell(glossary.label(glossary.CONTRACT_CLAUSES, safeguard.clause))


def target_cell(dossier: Dossier, safeguard: Safeguard) -> Cell:
    return (names.safeguard_target(dossier, safeguard),)
