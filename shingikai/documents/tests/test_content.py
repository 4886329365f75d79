"""What the case document says, checked on its blocks (no rendering)."""

from __future__ import annotations

from shingikai.documents.blocks import Heading, Paragraph, Table
from shingikai.documents.casedoc import DocMeta, case_docx, case_pdf
from shingikai.documents.content import DATE_PLACEHOLDER, case_document
from shingikai.documents.names import circled, party_role_name
from shingikai.documents.tests import factories
from shingikai.documents.tests.readback import read_docx, read_pdf
from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Handling, Party, Safeguard


def bare(*handlings: Handling, **extra: object) -> Dossier:
    values: dict[str, object] = {
        "council": "テスト区審議会",
        "municipality": "テスト区",
        "kind": "consultation",
        "title": "空の案件",
        "department_name": "テスト課",
        "handlings": handlings,
    }
    return Dossier(**{**values, **extra})  # type: ignore[arg-type]


def texts(dossier: Dossier, meta: DocMeta | None = None) -> list[str]:
    """Every heading, paragraph and cell line of the document, in order."""
    out: list[str] = []
    for block in case_document(dossier, meta or DocMeta()).blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [line for row in block.rows for cell in row for line in cell]
    return out


def test_it_says_kisai_nashi_for_every_empty_field_and_list() -> None:
    blocks = case_document(bare(Handling("outsourcing")), DocMeta()).blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    handling_rows = tables[1].rows
    assert all(row[1] == ("記載なし",) for row in handling_rows)
    assert handling_rows[-1][0] == ("13 委託先",)
    nones = [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "none"]
    assert nones == ["なし"] * 3 + ["記載なし"] * 2 + ["記載なし"] * 4


def test_it_renders_an_empty_case_without_blank_cells() -> None:
    dossier = bare(Handling("outsourcing"), Handling("pia_third_party_inspection"))
    word = read_docx(case_docx(dossier, meta=DocMeta()))
    assert all(cell.strip() for rows in word.tables() for row in rows for cell in row)
    pdf = read_pdf(case_pdf(dossier, meta=DocMeta()))
    assert "第2特定個人情報保護評価における第三者点検" in pdf.squeezed()


def test_it_leaves_blanks_for_the_date_of_an_undated_consultation() -> None:
    assert DATE_PLACEHOLDER in texts(bare())
    assert DATE_PLACEHOLDER not in texts(bare(kind="report"))


def test_it_groups_the_safeguards_by_kind_with_their_targets() -> None:
    dossier = factories.demo_999()
    lines = texts(dossier)
    start = lines.index("（1）運用上の対策")
    assert lines[start:] == [
        "（1）運用上の対策",
        "世田谷区情報セキュリティ対策基準及び健康推進課の情報セキュリティ実施手順書に従う",
        "案件全体",
        "（2）システム上の対策",
        "一般回線の利用時はインターネットVPNで接続する",
        "⑧ 受付・進捗状況の閲覧・入力",
        "区との授受はLGWAN回線によるデータ伝送に限る",
        "② 対象者データを連携",
        "（3）物理的な対策",
        "記載なし",
        "（4）契約上の対策",
        "特記事項",
        "個人情報の保護に関する特記事項を契約に付す",
        "委託先（未定）",
    ]


def test_it_shows_a_handlings_own_and_its_partys_safeguards_under_it() -> None:
    lines = texts(factories.demo_999())
    first = lines.index("この取扱いに係る安全管理措置")
    assert lines[first + 1 : first + 3] == [
        "契約上の対策（特記事項）",
        "個人情報の保護に関する特記事項を契約に付す",
    ]
    assert lines.count("この取扱いに係る安全管理措置") == 1


def test_it_names_an_undecided_contractor_by_its_role_in_the_flow() -> None:
    dossier = factories.demo_999()
    assert party_role_name(dossier, "contractor") == "委託先（未定）"
    assert party_role_name(dossier, "nobody") == "nobody"


def test_it_names_handling_targets_and_shows_unknown_safeguard_kinds() -> None:
    dossier = bare(
        Handling("other"),
        parties=(Party("a", "甲", "other"), Party("b", "乙", "other")),
        flow=(FlowStep(1, "a", "b", encrypted=False),),
        safeguards=(
            Safeguard("operational", "第1向けの措置", handling=1),
            Safeguard("training", "研修を行う"),
        ),
    )
    lines = texts(dossier)
    assert lines[lines.index("第1向けの措置", lines.index("安全管理措置")) + 1] == "第1 その他"
    assert "（5）training" in lines
    assert "なし" in lines  # 暗号化 of the step


def test_it_numbers_steps_with_circled_digits_beyond_twenty() -> None:
    assert [circled(n) for n in (1, 9, 20, 21, 35, 36, 50, 51)] == [
        "①",
        "⑨",
        "⑳",
        "㉑",
        "㉟",
        "㊱",
        "㊿",
        "（51）",
    ]


def test_it_puts_the_number_and_revision_in_the_header() -> None:
    doc = case_document(bare(), DocMeta(number_label="諮問第1号", revision="第2版", draft=True))
    assert doc.header == "諮問第1号　第2版"
    assert doc.draft
