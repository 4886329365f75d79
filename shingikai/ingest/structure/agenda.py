"""Agenda items: read from the header's 会議次第, found again in the record's headings and
the chair's announcements, and, where no header lists them, discovered there.

Titles and case numbers are kept as written (諮問第９９９号 stays full-width); patterns are
matched against the folded text (see `text`), and items are found again by their parsed
case number and their squeezed title, whatever the width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from shingikai.ingest.normalize import fold, to_int
from shingikai.ingest.records import AgendaRecord
from shingikai.ingest.structure.text import bigrams, squeeze

CONSULTATION, REPORT, OTHER = "consultation", "report", "other"

# Where an agenda line or heading starts a new entry: 1 , 1． , （1）, ①, ・
_MARKS = (
    r"(?:(?P<num>[0-9]{1,2})(?:[.．、]\s*|\s+)|[(（](?P<paren>[0-9]{1,2})[)）]\s*"
    r"|(?P<circled>[①-⑳])\s*|(?P<bullet>[・●◆■□])\s*)"
)
# So does a line that is a section label (報告事項) or opens with a case number.
_MARKER = re.compile(
    rf"(?:^|(?<=\s)){_MARKS}|(?:^|(?<=\n))(?=(?:諮問|報告|議案)第\s*[0-9]"
    r"|(?:その他)?(?:諮問|報告|審議|協議)事項\s*(?:$|\n|\t))"
)
_MARKER_START = re.compile(_MARKS)
# What a line that `_MARKER_START` matches once folded can start with, as written.
_MARK_FIRST = frozenset("0123456789０１２３４５６７８９(（・●◆■□①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_SECTIONS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"(?:その他)?報告(?:事項|案件)?(?:等)?"), REPORT),
    (re.compile(r"(?:諮問|審議|審査)(?:事項|案件)(?:等)?|諮問"), CONSULTATION),
    (re.compile(r"(?:協議|議決|付議)(?:事項|案件)|議題|議事|案件"), OTHER),
    (re.compile(r"その他"), None),
)
_SECTION_PREFIX = re.compile(
    r"(?P<section>(?:その他)?報告事項|諮問事項|審議事項|協議事項)\s+(?P<rest>.+)"
)
_PROCEDURAL = re.compile(
    r"あいさつ|挨拶|開会|閉会|散会|委嘱|紹介|会議録の(?:確認|承認)|事務連絡|連絡事項|次回|日程"
    r"|会長(?:の)?選出|役員選出|^その他$"
)
_CLOSING = re.compile(r"^(?:その他|閉会|散会|閉会あいさつ|連絡事項|事務連絡)$")
_LEADING_NUMBER = re.compile(
    r"(?P<number>(?P<kind>諮問|報告|議案|答申)?第\s*(?P<n>[0-9]+|[〇一二三四五六七八九十百千]+)\s*号)"
    r"[\s:：、]*"
)
_NUMBER_REF = re.compile(r"(?P<kind>諮問|報告|議案)?第\s*(?P<n>[0-9]+)\s*号")
_ORDINAL_REF = re.compile(
    r"(?P<kind>諮問|報告|審議|協議)事項\s*(?:[(（]\s*(?P<a>[0-9]+)\s*[)）]|(?P<b>[0-9]+))"
)
# 報告事項に移ります: the next item of that kind.
_SECTION_REF = re.compile(r"(?P<kind>諮問|報告)事項(?:に(?:入|移)|へ移|を議題)")
_MATERIAL_REF = re.compile(r"資料\s*(?P<n>[0-9]+(?:[-－‐][0-9]+)?)")
_ANNOUNCED = re.compile(
    r"(?:(?:諮問|報告)第\s*[0-9]+\s*号|資料\s*[0-9]+|(?:諮問|報告)事項\s*[(（]?[0-9]+[)）]?)"
    r"\s*[、の]?\s*「(?P<title>[^」]{4,120})」"
)
_ANNOUNCE_CUE = re.compile(
    r"です|であります|になります|について|に入り|に移り|を議題|説明|お願い|審議|諮り"
)
_ANNOUNCE_LEAD = re.compile(r"(?:まず|次に|次は|続いて|続きまして|それでは|では)[、,]?\s*$")
_REPORT_TITLE = re.compile(r"[(（]報告[)）]$|報告について$")
_CONSULTATION_TITLE = re.compile(r"[(（]諮問[)）]$")

_REVIEW_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("outsourcing", re.compile(r"委託")),
    (
        "external_connection",
        re.compile(r"外部結合|回線結合|オンライン結合|(?:電子計算機|電子計算組織)との結合"),
    ),
    ("use_beyond_purpose", re.compile(r"目的外(?:の)?利用")),
    ("provision_to_third_party", re.compile(r"外部提供|第三者提供|外部への提供|目的外提供")),
    (
        "collection_from_others",
        re.compile(r"本人外収集|本人以外(?:の者)?から(?:の)?(?:個人情報の)?収集"),
    ),
    (
        "new_recorded_items",
        re.compile(r"電子計算(?:機|組織)への記録|項目の追加|新たな個人情報の項目|記録項目"),
    ),
    ("sensitive_info", re.compile(r"要配慮")),
    ("pia_third_party_inspection", re.compile(r"特定個人情報保護評価|第三者点検")),
)
_RULES = re.compile(r"条例|規則|細則|規程")
_AMENDMENT = re.compile(r"改正|制定|廃止|見直し")


@dataclass
class Item:
    """An agenda item being built, with what identifies it in the record."""

    record: AgendaRecord
    key: str = ""  # squeezed title, for matching headings and announcements
    material: str | None = None  # 資料18, when the chair names items by their material
    grams: frozenset[str] = field(default_factory=frozenset)  # bigrams of the key
    case: tuple[str, int] | None = None  # (諮問, 999) of 諮問第９９９号, for matching

    def __post_init__(self) -> None:
        self.grams = bigrams(self.key)
        self.case = case_number(self.record.number)


def case_number(number: str | None) -> tuple[str, int] | None:
    """(kind, number) of a case number as written: 諮問第９９９号 → (諮問, 999),
    第千号 → ('', 1000)."""
    match = _LEADING_NUMBER.fullmatch(fold(number or ""))
    n = to_int(match["n"]) if match else None
    return (match["kind"] or "", n) if match and n is not None else None


def review_types(title: str) -> list[str]:
    """Handling types the title names, in the order it names them."""
    found = [(m.start(), code) for code, p in _REVIEW_TYPES if (m := p.search(title))]
    rules = _RULES.search(title)
    if rules and _AMENDMENT.search(title):
        found.append((rules.start(), "ordinance_or_rules"))
    return [code for _, code in sorted(found)]


def make_item(kind: str, text: str, material: str | None = None) -> Item:
    """An item from its kind and text; a leading 諮問第N号 becomes its number."""
    number, title = _split_number(text)
    if kind == OTHER:
        kind = _kind_from_title(title, number)
    record = AgendaRecord(kind=kind, number=number, title=title, review_types=review_types(title))
    return Item(record, squeeze(title), material)


def _split_number(text: str) -> tuple[str | None, str]:
    """(諮問第999号, title) when the text opens with a case number, else (None, text); the
    number as written, without spaces (諮問第 ９９９ 号 → 諮問第９９９号)."""
    match = _LEADING_NUMBER.match(fold(text))
    if match is None or to_int(match["n"]) is None:
        return None, text
    number = "".join(text[match.start("number") : match.end("number")].split())
    return number, text[match.end() :].strip() or text


def _kind_from_title(title: str, number: str | None) -> str:
    if (number and number.startswith("諮問")) or _CONSULTATION_TITLE.search(title):
        return CONSULTATION
    if (number and number.startswith("報告")) or _REPORT_TITLE.search(title):
        return REPORT
    return OTHER


# -- from the header -------------------------------------------------------------------------


def entries(text: str) -> list[tuple[str | None, str]]:
    """Agenda text cut at its item markers: (marker number or None, text) pairs."""
    out: list[tuple[str | None, str]] = []
    last, number = 0, None
    for match in _MARKER.finditer(fold(text)):
        out.append((number, text[last : match.start()]))
        number = match["num"] or match["paren"] or match["circled"] or match["bullet"]
        last = match.end()
    out.append((number, text[last:]))
    return [(n, _join(t)) for n, t in out if t.strip()]


def _join(text: str) -> str:
    """An entry's lines joined as Japanese joins them (no space at a line break)."""
    return " ".join("".join(part.strip() for part in text.split("\n")).split())


def section_kind(text: str) -> tuple[bool, str | None]:
    """(True, kind) when ``text`` is a section heading such as 諮問事項 or 報告事項."""
    flat = "".join(text.split())
    for pattern, kind in _SECTIONS:
        if pattern.fullmatch(flat):
            return True, kind
    return False, None


def is_procedural(text: str) -> bool:
    """Whether an entry is a formality (会長あいさつ, 開会, 委嘱), not an item."""
    flat = fold("".join(text.split()))
    if len(flat) > 20 or flat.endswith("について") or _LEADING_NUMBER.match(flat):
        return False
    return bool(_PROCEDURAL.search(flat))


def is_closing(text: str) -> bool:
    """Whether a heading ends the items (その他, 閉会)."""
    return bool(_CLOSING.match("".join(text.split())))


def from_header(lines: list[str]) -> list[Item]:
    """Items of the header's agenda lines, each with the kind of its section."""
    items: list[Item] = []
    kind: str | None = None
    for _, text in entries("\n".join(lines)):
        is_section, section = section_kind(text)
        if is_section:
            kind = section
            continue
        prefixed = _SECTION_PREFIX.fullmatch(text)
        if prefixed is not None:
            items.append(make_item(section_kind(prefixed["section"])[1] or OTHER, prefixed["rest"]))
        elif not is_procedural(text):
            items.append(make_item(kind or OTHER, text))
    return items


# -- finding items in the record ---------------------------------------------------------------


def marker(line: str) -> tuple[int | None, str] | None:
    """(ordinal or None, text as written) when a line opens with an item marker; else None."""
    if not line or line[0] not in _MARK_FIRST:  # most lines: no need to fold
        return None
    match = _MARKER_START.match(fold(line))
    if match is None:
        return None
    digits = match["num"] or match["paren"]
    circled = match["circled"]
    number = int(digits) if digits else (ord(circled) - 0x245F if circled else None)
    return number, line[match.end() :].strip()


def nth(items: list[Item], kind: str | None, n: int) -> int | None:
    """Index of the n-th item (1-based) of a kind, or of all items when kind is None."""
    indexes = [i for i, it in enumerate(items) if kind is None or it.record.kind == kind]
    return indexes[n - 1] if 1 <= n <= len(indexes) else None


def by_number(items: list[Item], text: str) -> int | None:
    """Index of the item whose case number the text names (諮問第999号, 第994号)."""
    for ref in _NUMBER_REF.finditer(fold(text)):
        wanted = int(ref["n"])
        for i, it in enumerate(items):
            if it.case and it.case[1] == wanted and (not ref["kind"] or it.case[0] == ref["kind"]):
                return i
    return None


def by_title(items: list[Item], text: str, threshold: float = 0.6) -> int | None:
    """Index of the item whose title a heading repeats (closely enough)."""
    key = squeeze(text)
    if len(key) < 4:
        return None
    grams = bigrams(key)
    best, best_score = None, threshold
    for i, it in enumerate(items):
        if not it.key:
            continue
        if key == it.key or (len(key) >= 10 and (it.key.startswith(key) or key.startswith(it.key))):
            return i
        score = 2 * len(grams & it.grams) / (len(grams) + len(it.grams) or 1)
        if score >= best_score:
            best, best_score = i, score
    return best


def references(
    items: list[Item], text: str, distinct: list[str] | None = None, current: int | None = None
) -> list[tuple[int, int]]:
    """(position, index) of each item an utterance announces, in text order.

    An announcement names the item by number (諮問第999号), by ordinal (諮問事項(2),
    報告事項1), by material (資料19) or by title, and reads as one: 次に、…です, …について.
    """
    found: list[tuple[int, int]] = []
    text = fold(text)
    for ref in _NUMBER_REF.finditer(text):
        index = by_number(items, ref[0])
        if index is not None and _cued(text, ref.start(), ref.end()):
            found.append((ref.start(), index))
    for ref in _ORDINAL_REF.finditer(text):
        kind = {"諮問": CONSULTATION, "報告": REPORT}.get(ref["kind"])
        index = nth(items, kind, int(ref["a"] or ref["b"]))
        if index is not None and _cued(text, ref.start(), ref.end()):
            found.append((ref.start(), index))
    for ref in _SECTION_REF.finditer(text):
        index = _next_of_kind(items, CONSULTATION if ref["kind"] == "諮問" else REPORT, current)
        if index is not None:
            found.append((ref.start(), index))
    for ref in _MATERIAL_REF.finditer(text):
        label = f"資料{ref['n']}"
        for i, it in enumerate(items):
            if it.material == label and _cued(text, ref.start(), ref.end()):
                found.append((ref.start(), i))
    titles = heads(items) if distinct is None else distinct
    flat = squeeze(text) if any(titles) else ""
    for i, head in enumerate(titles):
        if head and head in flat:
            found.append((_position(text, fold(items[i].record.title[:6])), i))
    return sorted(found)


def _next_of_kind(items: list[Item], kind: str, current: int | None) -> int | None:
    """The first item of a kind after the current one, unless that is of the kind."""
    if current is not None and items[current].record.kind == kind:
        return None
    start = -1 if current is None else current
    return next((i for i, it in enumerate(items) if i > start and it.record.kind == kind), None)


def heads(items: list[Item]) -> list[str]:
    """For each item, the start of its title that no other item's title shares
    (at least 15 characters); '' when its title is too short or not distinctive."""
    order = sorted(range(len(items)), key=lambda i: items[i].key)
    shared = [0] * len(items)
    for a, b in pairwise(order):
        common = _common(items[a].key, items[b].key)
        shared[a], shared[b] = max(shared[a], common), max(shared[b], common)
    out = []
    for it, known in zip(items, shared, strict=True):
        size = max(15, known + 1)
        out.append(it.key[:size] if len(it.key) >= size else "")
    return out


def _common(a: str, b: str) -> int:
    """Length of the common prefix of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _cued(text: str, start: int, end: int) -> bool:
    """Whether a reference reads as an announcement rather than a passing mention."""
    return bool(_ANNOUNCE_LEAD.search(text[max(0, start - 12) : start])) or bool(
        _ANNOUNCE_CUE.search(text[end : end + 40])
    )


def _position(text: str, head: str) -> int:
    at = text.find(head)
    return at if at >= 0 else 0


def discover(text: str) -> list[tuple[int, str, str]]:
    """(position, reference, title) of items an utterance announces with a quoted title:
    資料18「東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加）」;
    reference and title as written."""
    out = []
    flat = fold(text)
    for match in _ANNOUNCED.finditer(flat):
        if _cued(flat, match.start(), match.end()):
            start, title = match.start(), match.start("title")
            out.append((start, text[start:title], text[title : match.end("title")]))
    return out


def new_item(reference: str, title: str) -> Item:
    """An item the record announces: its kind from the reference when it tells."""
    written = "".join(reference.split())
    flat = fold(written)
    material = _MATERIAL_REF.match(flat)
    kind = REPORT if flat.startswith("報告") else CONSULTATION if flat.startswith("諮問") else OTHER
    number = _NUMBER_REF.match(flat)
    text = f"{written[: number.end()]} {title}" if number else title
    return make_item(kind, text, f"資料{material['n']}" if material else None)
