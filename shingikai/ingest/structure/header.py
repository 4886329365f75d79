"""The header of minutes: the meeting's name, date, place, who attended, the agenda.

Headers come as label/value pairs in several layouts: a label alone on its line with the
value on the next lines (PDF, <dl>), a label and a tab (tables), a label and spaces
(名称 令和４年度第７回 …), 名称：…; or without labels, as a few lines above the first turn
(令和4年度 第6回 / 新宿区情報公開・個人情報保護審議会会議録 / 令和4年11月17日(木)).
Values are kept as written; patterns are matched against the folded text (see `text`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time

from shingikai.ingest.normalize import fold, parse_datetime_phrase, to_int
from shingikai.ingest.structure.text import dedupe
from shingikai.lib.wareki import get_era

TITLE, WHEN, VENUE, MEMBERS, STAFF, OBSERVERS, AGENDA, FORMAT, OTHER = (
    "title",
    "when",
    "venue",
    "members",
    "staff",
    "observers",
    "agenda",
    "format",
    "other",
)

_FIELDS: dict[str, tuple[str, ...]] = {
    TITLE: ("名称", "会議名", "会議の名称", "審議会名"),
    WHEN: ("日時", "開催日時", "開催日", "開催期日", "期日", "審議日", "審議期間", "開催期間"),
    VENUE: ("会場", "場所", "開催場所"),
    MEMBERS: ("出席者", "出席委員", "出席委員等", "出席者等", "参加者", "参加委員", "委員出席者"),
    STAFF: ("説明員", "説明員等", "出席職員", "出席説明員", "事務局", "幹事", "区側出席者"),
    OBSERVERS: ("傍聴者", "傍聴人", "傍聴者数", "傍聴人数", "傍聴"),
    AGENDA: (
        "会議次第",
        "次第",
        "議題",
        "議事",
        "議事日程",
        "案件",
        "諮問事項",
        "審議事項",
        "報告事項",
        "協議事項",
        "付議事項",
    ),
    FORMAT: ("開催方法", "開催形式", "会議形式"),
    OTHER: (
        "欠席者",
        "欠席委員",
        "配付資料",
        "配布資料",
        "発言の記録",
        "会議の経過",
        "公開・非公開",
        "公開の可否",
        "所管課",
    ),
}
_SECTION_LABELS = frozenset({"諮問事項", "審議事項", "報告事項", "協議事項", "付議事項"})
_FIELD_OF = {label: name for name, labels in _FIELDS.items() for label in labels}
_LABELS = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted(_FIELD_OF, key=len, reverse=True)
)
# Matched against a line as written, not folded (it runs on every line): where a folded
# line holds ASCII (digits, brackets), the written one may hold their full-width forms.
_HEADER_LINE = re.compile(
    r"[\s■□◆◇●・【\[［〔]*(?:[0-9０-９]{1,2}[.．、)）]?\s*)?"
    rf"(?P<label>{_LABELS})\s*[】\]］〕]?(?:\s*[:：]\s*|\t+|\s+|$)(?P<value>.*)",
    re.DOTALL,
)

# Role markers inside an attendance list: （委員）浅田、植野 …（区側）企画経営部長 …
_ROLE_MARK = re.compile(
    r"(?:^|(?<=[\s、，,]))[(（【<＜]\s*(?P<role>委員|会長|副会長|区側|市側|町側|村側|都側|県側|事務局|説明員|職員|幹事"
    r"|理事者|出席職員|関係職員)\s*[)）】>＞]"
)
_MEMBER_MARKS = frozenset({"委員", "会長", "副会長"})
_LIST_SEPARATOR = re.compile(r"[、，,]")
_TITLE_TOKEN = re.compile(r"(?:長|参事|係|主査|主事|主任|主幹|担当|理事|幹事|補佐|員|官)$")

_NONE = re.compile(r"^(?:なし|無し|無|いない|いません|おりません|ありません|ございません|0)")
_COUNT = re.compile(r"([0-9]+|[〇一二三四五六七八九十]+)\s*[人名]")
_OBSERVERS_NONE = re.compile(
    r"傍聴(?:者|人)?(?:の方)?(?:の希望)?(?:は|が)?、?(?:本日(?:は|、)?)?"
    r"(?:ありません|ございません|いません|おりません|なし|無し|ない)"
)
# Matched against the text as written: digits of either width (what `fold` would make ASCII).
_OBSERVERS_SOME = re.compile(r"傍聴(?:者|人)(?:は|が)?、?(?:本日、?)?([0-9０-９]+)\s*[名人]")

_DECISION_DAY = re.compile(r"議\s?決\s?日")
_ERA_YEAR = re.compile(r"(?P<era>令和|平成|昭和)\s*(?P<y>元|[0-9]+)\s*年度")
_ORDINAL = re.compile(r"第\s*([0-9]+)\s*回")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:令和|平成|昭和)\s*(?:元|[0-9]+)\s*年度)?\s*(?:第\s*[0-9]+\s*回)?\s*(?:定例会|臨時会)?\s*"
)
_RECORD_SUFFIX = re.compile(
    r"\s*(?:会議録|議事録|会議要録|議事要旨|会議概要|要点記録|会議記録|概要)\s*$"
)
_COUNCIL = re.compile(r"\S*?(?:審議会|審査会|委員会|協議会|懇談会|懇話会|検討会|部会|会議)")
_DATE_LIKE = re.compile(r"[0-9]+\s*月\s*[0-9]+\s*日")
_ISSUER_TOKEN = re.compile(r".+(?:都|道|府|県|市|区|町|村|部|課|室|局|係|センター|事務局)$")
_DIVISION = re.compile(r".+(?:部|課|室|局|係|事務局)$")

_MUNICIPALITY = r"(?:東京都|北海道|(?:京都|大阪)府|[一-龥々ヶ]{1,4}?県|[一-龥々ヶ]{1,5}?[市区町村])"
_MUNICIPALITY_START = re.compile(_MUNICIPALITY)
_MUNICIPALITY_IN_TEXT = re.compile(
    rf"(?<![一-龥々ヶ])({_MUNICIPALITY})(?=個人情報|情報公開|役所|役場|総合庁舎|庁舎|議会|長|民|立|条例"
    r"|規則|情報化|特定個人|商店街|医師会|教育委員会|職員)"
)
_NOT_MUNICIPALITIES = frozenset(
    {"市区町村", "区市町村", "都道府県", "特別区", "地区", "各区", "当区", "本区", "同区", "全区"}
    | {"各市", "当市", "本市", "同市", "全市", "各町", "当町", "本町", "同町", "各村", "当村"}
)

_WRITTEN = re.compile(r"書面(?:による|での|で|開催|審議|会議|表決|議決)")
_HYBRID = re.compile(r"ハイブリッド|(?:オンライン|Web|WEB|ウェブ)(?:会議)?(?:との|を)?併用")
_WRITTEN_FORMAT = re.compile(r"書面")
_ONLINE_FORMAT = re.compile(r"オンライン|Web|WEB|ウェブ|リモート|テレビ会議|Zoom|Teams")
_ONLINE = re.compile(
    r"オンライン(?:会議|開催|形式|参加|方式|で開催|による)|(?:Web|WEB|ウェブ|テレビ|リモート)"
    r"(?:会議|開催|形式)"
)


@dataclass
class Header:
    """A header split into labelled fields (value lines), agenda lines and loose lines."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    agenda: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    staff_groups: list[tuple[str, list[str]]] = field(default_factory=list)

    def text(self, name: str) -> str:
        """A field's value lines joined by spaces ('' when absent)."""
        return " ".join(self.fields.get(name, ()))


def header_label(line: str) -> tuple[str, str, str] | None:
    """(field, label, value) when a line opens a header field; the value as written."""
    match = _HEADER_LINE.fullmatch(line)
    if match is None:
        return None
    label = "".join(match["label"].split())
    return _FIELD_OF[label], label, line[match.start("value") :].strip()


def split(lines: list[str]) -> Header:
    """Sort header lines into fields, agenda lines (section labels kept) and loose lines."""
    header = Header()
    current: list[str] | None = None
    for line in lines:
        found = header_label(line)
        if found is None:
            (header.loose if current is None else current).append(line)
            continue
        name, label, value = found
        if name == AGENDA:
            current = header.agenda
            if label in _SECTION_LABELS:
                current.append(line)
                continue
        elif name == STAFF:
            current = []
            header.staff_groups.append((label, current))
        else:
            current = header.fields.setdefault(name, [])
        if value:
            current.append(value)
    for _, values in header.staff_groups:
        header.fields.setdefault(STAFF, []).extend(values)
    header.agenda = [line for line in header.agenda if line]
    return header


# -- attendance --------------------------------------------------------------------------------


def attendees(header: Header) -> dict[str, list[str]]:
    """Members and staff present, names as written, in document order."""
    members: list[str] = []
    staff: list[str] = []
    for mark, text in _segments(header):
        (members if mark in _MEMBER_MARKS else staff).extend(_names(text))
    return {"members": dedupe(members), "staff": dedupe(staff)}


def _segments(header: Header) -> list[tuple[str, str]]:
    """The attendance fields cut at their role markers: (marker, text) pieces, the
    marker being the field's own (委員 for 出席者, its label for 事務局 or 説明員)."""
    sources = [("委員", header.text(MEMBERS))] + [
        (label, " ".join(values)) for label, values in header.staff_groups
    ]
    pieces: list[tuple[str, str]] = []
    for mark, text in sources:
        start = 0
        for found in _ROLE_MARK.finditer(text):
            pieces.append((mark, text[start : found.start()]))
            mark, start = found["role"], found.end()
        pieces.append((mark, text[start:]))
    return [(mark, piece) for mark, piece in pieces if piece.strip()]


def _names(text: str) -> list[str]:
    """Names in a list separated by 、 or by spaces (a post followed by its holder)."""
    if _LIST_SEPARATOR.search(text):
        return [" ".join(item.split()) for item in _LIST_SEPARATOR.split(text)]
    out: list[str] = []
    tokens = text.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if _TITLE_TOKEN.search(token) and following and not _TITLE_TOKEN.search(following):
            out.append(f"{token} {following}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def secretariat_units(header: Header) -> tuple[str, ...]:
    """Posts and divisions the header names as the secretariat (事務局 field, or the
    issuing division of an unlabelled header: 新宿区 総合政策部 区政情報課)."""
    units: list[str] = []
    for mark, text in _segments(header):
        if mark == "事務局":
            units += [name.split()[0] for name in _names(text) if name]
    for line in header.loose:
        tokens = line.split()
        if len(tokens) > 1 and all(_ISSUER_TOKEN.fullmatch(t) for t in tokens):
            units += [t for t in tokens if _DIVISION.fullmatch(t)]
    return tuple(dedupe(units))


def observers(header: Header, body: str) -> int | None:
    """Number of observers: the header's field, else what the record says; None if silent."""
    if OBSERVERS in header.fields:
        value = fold(header.text(OBSERVERS)).strip()
        if _NONE.match(value):
            return 0
        count = _COUNT.search(value)
        return to_int(count[1]) if count else to_int(value)
    some = _OBSERVERS_SOME.search(body)
    if some is not None:
        return int(fold(some[1]))
    return 0 if _OBSERVERS_NONE.search(body) else None


# -- when, what, where -------------------------------------------------------------------------


def when(header: Header, minutes: bool) -> tuple[date | None, time | None, time | None]:
    """Meeting date and times; a written meeting's date is its decision date (議決日)."""
    text = header.text(WHEN)
    if text:
        decided = _DECISION_DAY.search(text)
        if decided is not None:
            return parse_datetime_phrase(text[decided.end() :])[0], None, None
        return parse_datetime_phrase(text)
    if minutes:
        for line in header.loose:
            if _DATE_LIKE.search(fold(line)):
                found = parse_datetime_phrase(line)
                if found[0] is not None:
                    return found
    return None, None, None


def title(header: Header, minutes: bool) -> str | None:
    """The meeting's name as written; in an unlabelled header, its lines joined."""
    if header.fields.get(TITLE):
        return " ".join(header.fields[TITLE][0].split()) or None
    if not minutes:
        return None
    parts: list[str] = []
    for line in header.loose:
        flat = fold(line)
        if _DATE_LIKE.search(flat) or len(line) > 60:
            continue
        if _COUNCIL.search(line):
            parts.append(_RECORD_SUFFIX.sub("", line))
        elif _ORDINAL.search(flat) or _ERA_YEAR.search(flat):
            parts.append(line)
    return " ".join(parts) or None


def fiscal_year(name: str | None) -> int | None:
    """The Western year a 年度 in the name starts in (令和４年度 → 2022)."""
    match = _ERA_YEAR.search(fold(name or ""))
    if match is None:
        return None
    return get_era(match["era"]).to_western_year(to_int(match["y"]) or 1)


def ordinal(name: str | None) -> int | None:
    """The meeting's number within its year (第７回 → 7)."""
    match = _ORDINAL.search(fold(name or ""))
    return int(match[1]) if match else None


def council(name: str | None) -> str | None:
    """The council named in a meeting name, without year, number and 会議録; as written."""
    if not name:
        return None
    prefix = _TITLE_PREFIX.match(fold(name))  # all optional: it always matches
    rest = _RECORD_SUFFIX.sub("", name[prefix.end() if prefix else 0 :])
    match = _COUNCIL.search(rest.replace(" ", ""))
    return match[0] if match else None


def municipality(body: str | None, header: Header, text: str) -> str | None:
    """The municipality the council belongs to: named in its name, its venue, the issuing
    line, or else the one the text names most often as 〇〇区役所, 〇〇区個人情報保護条例 …"""
    places = [body or "", header.text(VENUE), *header.loose[:8]]
    for place in places:
        match = _MUNICIPALITY_START.match(place.strip())
        if match is not None and _extended(match[0], place.strip()) not in _NOT_MUNICIPALITIES:
            return _extended(match[0], place.strip())
    counts = Counter(
        m[1] for m in _MUNICIPALITY_IN_TEXT.finditer(text) if m[1] not in _NOT_MUNICIPALITIES
    )
    return counts.most_common(1)[0][0] if counts else None


def _extended(found: str, place: str) -> str:
    """京都 → 京都市 when the next character completes the name."""
    following = place[len(found) : len(found) + 1]
    return found + following if following and following in "府市区町村" else found


def prefixed_body(council_name: str | None, place: str | None, text: str) -> str | None:
    """The council's name, with its municipality if the document writes it so anywhere."""
    if not council_name or not place or council_name.startswith(place):
        return council_name
    named = place + council_name
    return named if named in text or _folded_in(named, text) else council_name


def _folded_in(needle: str, text: str) -> bool:
    """Whether ``fold(needle) in fold(text)``, without folding all the text: each character
    of the folded needle matches itself or what folds to it (its full-width form)."""
    parts = []
    for char in fold(needle):
        if "!" <= char <= "~":
            parts.append(f"[{re.escape(char)}{chr(ord(char) + 0xFEE0)}]")
        elif char == " ":
            parts.append("[ \u3000]")
        else:
            parts.append(re.escape(char))
    return re.search("".join(parts), text) is not None


def meeting_format(header: Header, minutes: bool) -> str | None:
    """written, hybrid, online or in_person, from what the header states."""
    if not minutes:
        return None
    stated = fold(" ".join([header.text(FORMAT), header.text(VENUE)]))
    text = fold(" ".join([header.text(n) for n in (TITLE, WHEN, OBSERVERS)] + header.loose))
    if _WRITTEN.search(text) or _WRITTEN_FORMAT.search(stated):
        return "written"
    if _HYBRID.search(stated) or _HYBRID.search(text):
        return "hybrid"
    if _ONLINE_FORMAT.search(stated) or _ONLINE.search(text):
        return "online"
    return "in_person"
