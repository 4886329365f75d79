"""Inputs for the minutes readers: invented minutes (架空市, made-up people) written as text
in every Japanese encoding, as HTML, Word and PDF; byte-level and ZIP-aware mutations of
those; and hostile files. Everything is generated from a `random.Random`, so the same code
feeds atheris (seed corpus, custom mutator) and hypothesis (`st.randoms`).

Nothing here is copied from the seed minutes in ../shared/seeds; `shared_seeds` reads them
at run time, when present, to add to a corpus that stays outside the repository.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from fuzz import hostile

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

MUNICIPALITIES = ("架空市", "仮名区", "見本町", "試験村")
BODIES = ("個人情報保護審議会", "情報公開・個人情報保護審議会", "情報公開審査会")
SURNAMES = ("青木", "井上", "上田", "江藤", "大野", "加藤", "木下", "久保", "小池", "佐野")
DEPARTMENTS = ("情報政策課", "区政情報課", "健康推進課", "子ども家庭課", "総務課", "市民課")
LABELS = ("名称", "会議名", "日時", "開催日時", "場所", "開催場所", "会場", "出席者", "出席委員")
MORE_LABELS = ("欠席委員", "事務局", "傍聴者", "議題", "案件", "開催形態", "次第", "配付資料")
SEPARATORS = ("\t", "　", "：", ":", "  ", " ", "", "\t\t", "｜")
ERAS = ("令和", "平成", "昭和", "R", "H", "")
WEEKDAYS = "月火水木金土日"
OUTCOMES = (
    "原案のとおり承認します。",
    "了承します。",
    "継続審議とします。",
    "条件付きで承認します。",
    "賛成多数で可決しました。",
    "不承認とします。",
)
SPEECH = (
    "それでは、定刻になりましたので開会いたします。",
    "資料１の２について質問します。委託先はどこですか。",
    "株式会社架空システムでございます。",
    "個人情報の取扱いについて、契約で安全管理措置を定めています。",
    "ほかにご質問はありますか。",
    "（「なし」の声あり）",
    "以上で本日の会議を終了します。",
    "再委託はありません。データは国内のサーバに保管します。",
)
JUNK = "\t\u3000\x00\x0b\x0c\x1b\u200b\ufeff\ufffd\ud800\ue000①Ⅱ㈱～〜－―‐ーｶﾅＡ１<>&\"'\\/%$#"
TOKENS = (
    b"%PDF-1.7\n",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"xref",
    b"trailer",
    b"startxref",
    b"/Type /Page",
    b"<w:p>",
    b"</w:p>",
    b"<w:t>",
    b"<w:tbl>",
    b"<w:tr>",
    b"<w:tc>",
    b"<w:sdt>",
    b"<w:del>",
    b"<table>",
    b"<tr><td>",
    b"<dl><dt>",
    b"<br>",
    b"<pre>",
    b'<meta charset="shift_jis">',
    "会議録".encode(),
    "委員".encode(),
    "諮問第".encode(),
    "令和".encode(),
    b"\t",
    b"\x1b$B",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"PK\x03\x04",
)


# -- invented minutes -------------------------------------------------------------------------


def _number(rnd: random.Random) -> str:
    value = rnd.choice((0, 1, 2, 3, 9, 10, 12, 31, 99, 100, 9999, rnd.randint(0, 10**6)))
    text = str(value)
    if rnd.random() < 0.3:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if rnd.random() < 0.1:
        text = rnd.choice(("元", "十二", "三十一", "百"))
    return text


def date_text(rnd: random.Random) -> str:
    """A 和暦 or Western date, now and then impossible (13月, 32日, 平成99年)."""
    if rnd.random() < 0.2:
        return f"{rnd.randint(1900, 2100)}年{_number(rnd)}月{_number(rnd)}日"
    weekday = f"（{rnd.choice(WEEKDAYS)}）" if rnd.random() < 0.7 else ""
    return f"{rnd.choice(ERAS)}{_number(rnd)}年{_number(rnd)}月{_number(rnd)}日{weekday}"


def time_text(rnd: random.Random) -> str:
    start = f"{rnd.choice(('午前', '午後', ''))}{_number(rnd)}時{_number(rnd)}分"
    end = f"{rnd.choice(('午前', '午後', ''))}{_number(rnd)}時"
    return rnd.choice((f"{start}から{end}まで", f"{start}～{end}", start, f"{_number(rnd)}:00"))


def speaker(rnd: random.Random) -> str:
    name = rnd.choice(
        (
            "会長",
            "副会長",
            f"{rnd.choice(SURNAMES)}委員",
            "委員",
            "事務局",
            f"{rnd.choice(DEPARTMENTS)}長",
            f"{rnd.choice(DEPARTMENTS)}{rnd.choice(('長', '係長', '担当'))}",
        )
    )
    style = rnd.choice(("○{}　", "〇{} ", "【{}】", "<{}> ", "（{}）", "{}\t", "「{}」", "{}　"))
    return style.format(name)


def header_lines(rnd: random.Random, muni: str, body: str) -> list[str]:
    lines = [rnd.choice(("会議録", "議事録", "会議要録", f"{muni}{body} 会議録", ""))]
    ordinal = f"{rnd.choice(ERAS)}{_number(rnd)}年度第{_number(rnd)}回"
    values = {
        "名称": f"{ordinal} {muni}{body}",
        "会議名": f"{ordinal} {muni}{body}",
        "日時": f"{date_text(rnd)}{time_text(rnd)}",
        "開催日時": f"{date_text(rnd)} {time_text(rnd)}",
        "場所": f"{muni}役所 本庁舎{_number(rnd)}階 第{_number(rnd)}会議室",
        "開催場所": "オンライン（Web会議）",
        "会場": "書面開催",
        "出席者": "、".join(f"{s}{rnd.choice(('', '委員', '（会長）'))}" for s in SURNAMES[:4]),
        "出席委員": " ".join(rnd.sample(SURNAMES, 3)),
        "欠席委員": "なし",
        "事務局": f"{rnd.choice(DEPARTMENTS)}長 {rnd.choice(SURNAMES)}",
        "傍聴者": f"{_number(rnd)}人",
        "議題": f"(1) 諮問第{_number(rnd)}号 {rnd.choice(DEPARTMENTS)}の業務委託について",
        "案件": f"報告第{_number(rnd)}号 個人情報の漏えい事案について",
        "開催形態": rnd.choice(("対面", "書面", "オンライン", "ハイブリッド")),
        "次第": "1 開会\n2 議事\n3 閉会",
        "配付資料": "資料1 諮問書\n資料2-1 概要",
    }
    labels = list(LABELS) + list(MORE_LABELS)
    for label in rnd.sample(labels, rnd.randint(0, len(labels))):
        lines.append(f"{label}{rnd.choice(SEPARATORS)}{values[label]}")
    return lines


def body_lines(rnd: random.Random) -> list[str]:
    lines = [rnd.choice(("会議の経過", "審議の経過", "発言記録", "議事概要", "質疑応答", ""))]
    for _ in range(rnd.randint(0, 25)):
        roll = rnd.random()
        if roll < 0.55:
            lines.append(f"{speaker(rnd)}{rnd.choice(SPEECH)}")
        elif roll < 0.65:
            lines.append(speaker(rnd).strip())  # a label alone on its line
        elif roll < 0.75:
            lines.append(f"諮問第{_number(rnd)}号「{rnd.choice(DEPARTMENTS)}の委託」について")
        elif roll < 0.82:
            lines.append(f"{speaker(rnd)}{rnd.choice(OUTCOMES)}")
        elif roll < 0.88:
            lines.append(f"質問{_number(rnd)}\t{rnd.choice(SPEECH)}\t{rnd.choice(SPEECH)}")
        elif roll < 0.93:
            lines.append(f"賛成{_number(rnd)}名、反対{_number(rnd)}名")
        else:
            lines.append(junk(rnd))
    return lines


def junk(rnd: random.Random, size: int = 40) -> str:
    alphabet = JUNK + "".join(SPEECH)
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, size)))


def minutes_lines(rnd: random.Random) -> list[str]:
    """Invented minutes, line by line: a header, then turns, headings, outcomes, Q&A."""
    muni, body = rnd.choice(MUNICIPALITIES), rnd.choice(BODIES)
    lines = header_lines(rnd, muni, body) + body_lines(rnd)
    if rnd.random() < 0.2:  # lines shuffled, repeated or dropped
        lines = rnd.choices(lines, k=len(lines)) if lines else lines
    if rnd.random() < 0.1:
        lines = [line * rnd.randint(1, 200) for line in lines]  # very long lines
    return lines


# -- formats ----------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp", "utf-16", "iso2022_jp")
NEWLINES = ("\n", "\r\n", "\r", "\u2028", "\x85")


def as_text(rnd: random.Random, lines: list[str]) -> bytes:
    text = rnd.choice(NEWLINES).join(lines)
    return text.encode(rnd.choice(ENCODINGS), errors=rnd.choice(("ignore", "replace")))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_line(rnd: random.Random, line: str) -> str:
    text = _escape(line) if rnd.random() < 0.9 else line
    cells = line.split("\t")
    choice = rnd.random()
    if choice < 0.35:
        return f"<p>{text}</p>"
    if choice < 0.5:
        return f"<div class='x'>{text}<br></div>"
    if choice < 0.62:
        row = "".join(f"<td>{_escape(cell)}</td>" for cell in cells)
        return f"<table><tr><th>{_escape(cells[0])}</th>{row}</tr></table>"
    if choice < 0.7:
        return f"<dl><dt>{_escape(cells[0])}</dt><dd>{text}</dd></dl>"
    if choice < 0.76:
        return f"<pre>{text}\n</pre>"
    if choice < 0.82:
        return f"<h{rnd.randint(1, 6)}>{text}</h{rnd.randint(1, 6)}>"
    if choice < 0.87:
        depth = rnd.choice((1, 10, 100, 255, 256, 300, 1000))
        return "<div>" * depth + text + "</div>" * depth
    if choice < 0.9:
        return f"<script>{text}</script><!-- {text} --><![CDATA[{text}]]>"
    if choice < 0.93:
        return f"<ruby>{text}<rt>かな</rt></ruby>&nbsp;&#x3000;&#xD800;&#0;&bogus;"
    return text + "<br>"


def as_html(rnd: random.Random, lines: list[str]) -> bytes:
    charset = rnd.choice(("utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "latin-1", "bogus", ""))
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(_html_line(rnd, line) for line in lines)
    if rnd.random() < 0.2:  # layout tables around everything
        body = f"<table><tr><td>{body}</td></tr></table>"
    page = f"<!DOCTYPE html><html><head>{meta}<title>会議録</title></head><body>{body}</body>"
    if rnd.random() < 0.8:
        page += "</html>"
    encoding = rnd.choice(("utf-8", "cp932", "euc_jp", "utf-16"))
    return page.encode(encoding, errors="ignore")


def as_docx(rnd: random.Random, lines: list[str]) -> bytes:
    """A Word document: paragraphs with tabs and breaks, and tables (merged cells too)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for line in lines:
        if "\t" in line and rnd.random() < 0.5:
            cells = line.split("\t")[:20]
            table = document.add_table(rows=rnd.randint(1, 3), cols=len(cells))
            for cell, text in zip(table.rows[0].cells, cells, strict=True):
                cell.text = _xml_safe(text)
            if len(table.rows) > 1 and rnd.random() < 0.5:
                table.cell(0, 0).merge(table.cell(len(table.rows) - 1, 0))
            continue
        paragraph = document.add_paragraph()
        for part in line.split("\t"):
            run = paragraph.add_run(_xml_safe(part))
            if rnd.random() < 0.3:
                run.add_tab()
            if rnd.random() < 0.1:
                run.add_break(WD_BREAK.LINE)
    if rnd.random() < 0.3:
        document.sections[0].header.add_paragraph("架空市 会議録（ヘッダ）")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml_safe(text: str) -> str:
    """python-docx refuses control characters and lone surrogates in XML text."""
    return "".join(
        char
        for char in text
        if char in "\t\n" or (char >= " " and not "\ud800" <= char <= "\udfff" and char != "\x7f")
    )


def as_pdf(rnd: random.Random, lines: list[str]) -> bytes:
    """A PDF made by WeasyPrint from the HTML form (slow: seeds only)."""
    from weasyprint import HTML

    style = (
        "@page { size: A5; margin: 20mm 15mm; @bottom-center { content: '- ' counter(page) ' -' } }"
        "body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10pt }"
        "td, th { border: 1px solid black }"
    )
    body = "".join(
        f"<table><tr>{''.join(f'<td>{_escape(c)}</td>' for c in line.split(chr(9)))}</tr></table>"
        if "\t" in line and rnd.random() < 0.5
        else f"<p style='text-indent: {rnd.choice((0, 1))}em'>{_escape(line)}</p>"
        for line in lines
    )
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


FORMATTERS: dict[str, Callable[[random.Random, list[str]], bytes]] = {
    "text": as_text,
    "html": as_html,
    "docx": as_docx,
}


def document(rnd: random.Random) -> bytes:
    """Invented minutes in a random format (PDFs only through the seeds: WeasyPrint is slow)."""
    return FORMATTERS[rnd.choice(tuple(FORMATTERS))](rnd, minutes_lines(rnd))


# -- mutations --------------------------------------------------------------------------------


def mutate_bytes(rnd: random.Random, data: bytes, other: bytes = b"") -> bytes:
    """A few byte-level edits: flips, cuts, repeats, insertions, tokens, a splice."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        size = len(out)
        where = rnd.randint(0, size)
        roll = rnd.random()
        if roll < 0.25 and size:
            spot = rnd.randrange(size)
            out[spot] = rnd.choice((0, 0xFF, 0x7F, 0x80, 0x3C, 0x3E, 0x0A, out[spot] ^ 0x20))
        elif roll < 0.4:
            del out[where : where + rnd.randint(1, 256)]
        elif roll < 0.55 and size:
            start = rnd.randrange(size)
            piece = out[start : start + rnd.randint(1, 512)]
            out[where:where] = piece * rnd.randint(1, 16)
        elif roll < 0.7:
            out[where:where] = rnd.choice(TOKENS)
        elif roll < 0.8:
            out[where:where] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 32)))
        elif roll < 0.9:
            del out[where:]
        elif other:
            start = rnd.randrange(len(other))
            out[where:] = other[start : start + rnd.randint(1, 4096)]
    return bytes(out)


def mutate_zip(rnd: random.Random, data: bytes) -> bytes:
    """Edit one part of a ZIP (mostly word/document.xml) and pack it again, so the CRC holds
    and the damage reaches python-docx and the reader rather than the ZIP layer."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
    except Exception:  # not a readable ZIP: byte edits instead
        return mutate_bytes(rnd, data)
    if not parts:
        return data
    name = "word/document.xml" if "word/document.xml" in parts and rnd.random() < 0.8 else None
    name = name or rnd.choice(sorted(parts))
    parts[name] = _mutate_xml(rnd, parts[name])
    if rnd.random() < 0.05:
        del parts[rnd.choice(sorted(parts))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)
    return out.getvalue()


def _mutate_xml(rnd: random.Random, xml: bytes) -> bytes:
    """Duplicate or nest elements, or byte edits."""
    if rnd.random() < 0.5:
        return mutate_bytes(rnd, xml)
    for tag in (b"<w:p>", b"<w:p ", b"<w:tbl>", b"<w:tc>", b"<w:r>", b"<w:sdt>"):
        start = xml.find(tag, rnd.randrange(max(len(xml), 1)))
        if start < 0:
            continue
        closing = b"</" + tag[1:].rstrip(b"> ") + b">"
        end = xml.find(closing, start)
        if end < 0:
            continue
        element = xml[start : end + len(closing)]
        copies = rnd.choice((2, 10, 100))
        if rnd.random() < 0.5:  # nest the element inside itself
            inner = tag + element + closing
            return xml[:start] + inner * copies + xml[end + len(closing) :]
        return xml[:start] + element * copies + xml[end + len(closing) :]
    return mutate_bytes(rnd, xml)


def mutated(rnd: random.Random, seeds: list[bytes]) -> bytes:
    """A seed, edited at the byte level or, for a ZIP, part by part."""
    data = rnd.choice(seeds)
    if data.startswith(b"PK\x03\x04") and rnd.random() < 0.7:
        return mutate_zip(rnd, data)
    return mutate_bytes(rnd, data, rnd.choice(seeds))


# -- corpora ----------------------------------------------------------------------------------


def hostile_seeds() -> list[bytes]:
    """Small hostile files (the big bombs are left to the tests)."""
    return [
        hostile.dense_docx_bomb(),
        hostile.encrypted_zip(hostile.docx_file()),
        hostile.old_office(),
        hostile.truncated_pdf(),
        hostile.garbage_pdf(),
        hostile.png_file(),
        hostile.deep_html(2000),
        hostile.undecodable_text(),
        hostile.damaged_utf8(),
    ]


def shared_seeds() -> list[bytes]:
    """The seed minutes in ../shared/seeds, when present (read, never copied into the repo)."""
    if not SHARED_SEEDS.is_dir():
        return []
    return [path.read_bytes() for path in sorted(SHARED_SEEDS.iterdir()) if path.is_file()]


def seed_corpus(count: int = 24, *, pdfs: int = 4, seed: int = 0) -> list[bytes]:
    """Valid invented minutes in every format (``pdfs`` of them as PDF), hostile files, and
    the shared seeds with HTML and Word versions of them."""
    rnd = random.Random(seed)
    corpus = [document(rnd) for _ in range(count)]
    corpus += [as_pdf(rnd, minutes_lines(rnd)) for _ in range(pdfs)]
    corpus += hostile_seeds()
    for data in shared_seeds():
        lines = data.decode("utf-8", errors="ignore").splitlines()[:400]
        corpus += [data, as_html(rnd, lines), as_docx(rnd, lines)]
    return corpus
