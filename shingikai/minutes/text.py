"""The plain-text format in which the secretariat edits the record of speech (発言の記録).

Pure Python: no Django. One line is one of:

    ■2 資料19 マイナポイント申請支援業務の委託について   agenda item 2 (AgendaItem.order) starts
    ■開会                                                a part outside the items starts
    ○会長　ただいまから…                                 an utterance: label, a space, the text
    （「異議なし」の声）                                 a stage direction (the whole line in （…）)
    本日は…                                              continues the current utterance

The label runs up to the first full-width or ASCII space; 〇 may stand for ○. Blank lines
separate nothing and are skipped. `render(parse(text))` gives the canonical text (○ and a
full-width space after the label, a blank line between sections), and
`parse(render(sections)) == sections`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from shingikai.lib.jpnum import to_halfwidth_digits

SECTION_MARK = "■"
SPEAKER_MARKS = ("○", "〇")
DEFAULT_SECRETARIAT = ("事務局", "区政情報課")
DIRECTION_RE = re.compile(r"^[（(](?P<inner>.*)[）)]$")
ITEM_RE = re.compile(r"^(?P<number>[0-9０-９]+)(?P<title>.*)$")
SPACES = " 　"

CHAIR, VICE_CHAIR, MEMBER = "chair", "vice_chair", "member"
SECRETARIAT, STAFF, OTHER = "secretariat", "staff", "other"
STAFF_SUFFIXES = ("課長", "部長", "参事", "係長", "所長", "室長", "局長", "理事", "説明員")


@dataclass(frozen=True)
class ParsedUtterance:
    """One speaker turn, or a stage direction (`is_direction`, `speaker` empty, `text` the
    words inside the parentheses). `line` is where it starts in the parsed text."""

    speaker: str
    text: str
    role: str = OTHER
    name: str = ""
    is_direction: bool = False
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ParsedSection:
    """A part of the record: agenda item `item` (its order), or a part outside the items
    (`item` None) titled like 開会; the first part may have no heading at all (title "")."""

    item: int | None
    title: str
    utterances: tuple[ParsedUtterance, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TextProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}行目：{self.message}"


class MinutesTextError(ValueError):
    """The text does not follow the format; `problems` holds one entry per bad line."""

    def __init__(self, problems: Sequence[TextProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def role_of(label: str, secretariat: Sequence[str] = DEFAULT_SECRETARIAT) -> str:
    """The speaker's role from the label as written (会長 → chair, 伊藤委員 → member,
    区政情報課長 → secretariat when 区政情報課 is the secretariat's division, 行政管理課長 →
    staff). `secretariat` lists labels or division names that mark the secretariat."""
    if label == "会長":
        return CHAIR
    if label in ("副会長", "会長職務代理者"):
        return VICE_CHAIR
    if label.endswith(("委員", "委員長")):
        return MEMBER
    if label.startswith("事務局") or any(label.startswith(s) for s in secretariat if s):
        return SECRETARIAT
    if label.endswith(STAFF_SUFFIXES):
        return STAFF
    return OTHER


def name_of(label: str) -> str:
    """The member's name when the label gives one (伊藤委員 → 伊藤), else ""."""
    for suffix in ("委員長", "委員"):
        if label.endswith(suffix) and len(label) > len(suffix):
            name = label[: -len(suffix)]
            return "" if name in ("副", "臨時") else name
    return ""


class _Parser:
    def __init__(self, items: Collection[int] | None, secretariat: Sequence[str]) -> None:
        self.items = items
        self.secretariat = secretariat
        self.sections: list[ParsedSection] = []
        self.utterances: list[ParsedUtterance] = []
        self.open: ParsedUtterance | None = None  # the utterance that later lines continue
        self.problems: list[TextProblem] = []
        self.current = ParsedSection(item=None, title="", line=0)

    def feed(self, number: int, line: str) -> None:
        stripped = line.strip(SPACES + "\t")
        if not stripped:
            return
        if stripped.startswith(SECTION_MARK):
            self._section(number, stripped[1:].strip(SPACES))
        elif stripped.startswith(SPEAKER_MARKS):
            self._speaker(number, stripped[1:])
        elif (match := DIRECTION_RE.match(stripped)) is not None:
            self._close_open()
            inner = match.group("inner").strip(SPACES)
            self.utterances.append(ParsedUtterance("", inner, is_direction=True, line=number))
        elif self.open is None:
            self.problems.append(TextProblem(number, _orphan_message(self.utterances)))
        else:
            self.open = _extend(self.open, stripped)

    def _section(self, number: int, rest: str) -> None:
        self._close_section()
        if not rest:
            self.problems.append(TextProblem(number, "■の後に議題番号か見出しを書いてください。"))
            rest = "（見出しなし）"
        match = ITEM_RE.match(rest)
        if match is None:
            self.current = ParsedSection(item=None, title=rest, line=number)
            return
        item = int(to_halfwidth_digits(match.group("number")))
        if self.items is not None and item not in self.items:
            known = "、".join(str(n) for n in sorted(self.items)) or "なし"
            self.problems.append(
                TextProblem(number, f"議題{item}はこの会議の議題にありません（議題：{known}）。")
            )
        title = (match.group("title") or "").strip(SPACES)
        self.current = ParsedSection(item=item, title=title, line=number)

    def _speaker(self, number: int, rest: str) -> None:
        self._close_open()
        label, _, text = _split_label(rest)
        if not label:
            self.problems.append(TextProblem(number, "○の直後に発言者を書いてください。"))
        self.open = ParsedUtterance(
            speaker=label,
            text=text.strip(SPACES),
            role=role_of(label, self.secretariat),
            name=name_of(label),
            line=number,
        )

    def _close_open(self) -> None:
        if self.open is not None:
            self.utterances.append(self.open)
            self.open = None

    def _close_section(self) -> None:
        self._close_open()
        current = self.current
        if current.title or current.item is not None or self.utterances:
            self.sections.append(
                ParsedSection(current.item, current.title, tuple(self.utterances), current.line)
            )
        self.utterances = []

    def finish(self) -> list[ParsedSection]:
        self._close_section()
        if self.problems:
            raise MinutesTextError(self.problems)
        return self.sections


def _split_label(rest: str) -> tuple[str, str, str]:
    """Split "会長　ただいまから" at the first space of either width."""
    for position, char in enumerate(rest):
        if char in SPACES:
            return rest[:position], char, rest[position + 1 :]
    return rest, "", ""


def _extend(utterance: ParsedUtterance, line: str) -> ParsedUtterance:
    text = f"{utterance.text}\n{line}" if utterance.text else line
    return ParsedUtterance(
        utterance.speaker,
        text,
        utterance.role,
        utterance.name,
        utterance.is_direction,
        utterance.line,
    )


def _orphan_message(before: list[ParsedUtterance]) -> str:
    if before and before[-1].is_direction:
        return "ト書き（…）の後の本文には、○で始まる発言者の行が必要です。"
    return "発言者（○で始まる行）より前に本文があります。"


def parse(
    text: str,
    *,
    items: Collection[int] | None = None,
    secretariat: Sequence[str] = DEFAULT_SECRETARIAT,
) -> list[ParsedSection]:
    """Read the edit text into sections; raise MinutesTextError listing every bad line.

    `items` are the meeting's agenda numbers (AgendaItem.order), to refuse ■N for an item
    the meeting does not have; None accepts any number.
    """
    parser = _Parser(items, secretariat)
    for number, line in enumerate(text.splitlines(), start=1):
        parser.feed(number, line)
    return parser.finish()


def render_utterance(utterance: ParsedUtterance) -> str:
    if utterance.is_direction:
        return f"（{utterance.text}）"
    head, *rest = utterance.text.split("\n") if utterance.text else [""]
    first = f"○{utterance.speaker}　{head}" if head else f"○{utterance.speaker}"
    return "\n".join([first, *rest])


def render_heading(section: ParsedSection) -> str:
    if section.item is None:
        return f"{SECTION_MARK}{section.title}" if section.title else ""
    return f"{SECTION_MARK}{section.item} {section.title}".rstrip()


def render(sections: Sequence[ParsedSection]) -> str:
    """The canonical text of `sections` (what the edit box shows)."""
    blocks = []
    for section in sections:
        lines = [render_heading(section)] if render_heading(section) else []
        lines += [render_utterance(u) for u in section.utterances]
        blocks.append("\n".join(lines))
    return "\n\n".join(b for b in blocks if b) + "\n" if sections else ""
