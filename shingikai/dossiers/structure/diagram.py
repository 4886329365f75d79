"""The data-flow diagram 「個人情報の流れ」 of a dossier, as one self-contained SVG string.

Drawn like the council's own materials: one lane per party (in the dossier's order), the flow
steps top to bottom as numbered horizontal arrows between lanes, and the safeguards as yellow
callouts beside the step or under the party they protect. Case-wide safeguards are listed in a
box at the bottom. The SVG has no scripts, no external resources and no <style>, so it can be
inlined under a strict CSP; every text is escaped. Pure Python: no Django.

Layout works in integer pixels. Japanese has no spaces, so text is wrapped by character count
(every character counted as one full-width em, so no line can overflow its box).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Party, Safeguard
from shingikai.lib import glossary
from shingikai.lib.jpnum import circled

# Noto Sans CJK JP first: converters such as CairoSVG use only the first family listed.
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
KEY_BLUE = "#0017c1"
TEXT = "#1a1a1a"
SUBTLE = "#4d4d4d"
LINE_GREY = "#949494"
LANE_FILLS = ("#f2f2f2", "#e8f1fe")
CALLOUT_FILL = "#fff4d6"
CALLOUT_STROKE = "#b78f00"
CALLOUT_INK = "#6e5200"

MARGIN = 24
LANE_MIN = 170
LANE_MAX = 260
LANES_TARGET = 1000
LANE_INSET = 10  # header and callout boxes inside a lane
PAD = 8  # text padding inside a box
GAP = 8
ROW_GAP = 18
CALLOUT_W = 230
MAX_ITEMS = 4

HEADING_SIZE = 17
TITLE_SIZE = 12
NAME_SIZE = 13
KIND_SIZE = 11
ACTION_SIZE = 12
DETAIL_SIZE = 11
NUMBER_SIZE = 15
NOTE_SIZE = 11


# ---------------------------------------------------------------------------------- text


_NO_START = set(
    "、。，．・：；？！／ー）」』】〕〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…‥,.)]}:;!?%"
)
_NO_END = set("（「『【〔〈《“‘([{")
_SOFT = set("・、，／ ")
_GLUED = re.compile(r"[（(]?[A-Za-z0-9][A-Za-z0-9.\-]*[）)]?|ほか[0-9]+項目")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n]+")


def clean(text: str) -> str:
    """Text safe for XML 1.0: no control characters or lone surrogates, one space per run."""
    return _SPACES.sub(" ", _ILLEGAL.sub("", text)).strip()


def chars_per_line(width: int, size: int) -> int:
    """How many full-width characters of `size` px fit in `width` px (at least one)."""
    return max(1, width // size)


def _joins(ch: str, previous: str) -> bool:
    """Whether `ch` belongs to the character before it (marks, selectors, ZWJ sequences)."""
    return (
        unicodedata.category(ch).startswith("M")
        or ch == "\u200d"
        or previous.endswith("\u200d")
        or 0x1F3FB <= ord(ch) <= 0x1F3FF
    )


def _clusters(text: str) -> list[str]:
    """User-perceived characters, so a line never breaks inside one."""
    out: list[str] = []
    for ch in text:
        if out and _joins(ch, out[-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _tokens(text: str, limit: int) -> Iterator[tuple[str, int]]:
    """(text, width) pieces to fill lines with: an ASCII word with its brackets, or
    「ほか3項目」, stays whole when it fits; anything else is one character each."""
    at = 0
    for match in _GLUED.finditer(text):
        yield from ((c, 1) for c in _clusters(text[at : match.start()]))
        glued = match.group()
        if len(glued) <= limit:
            yield glued, len(glued)
        else:
            yield from ((c, 1) for c in _clusters(glued))
        at = match.end()
    yield from ((c, 1) for c in _clusters(text[at:]))


def _cut(line: list[tuple[str, int]], token: str, width: int, limit: int) -> int:
    """Where to end `line` when `token` does not fit: after its last 「・」「、」 in the line's
    second half, so a list breaks between names; else so that no line starts with a closing
    mark or ends with an opening one (kinsoku); else at the end."""
    for i in range(len(line) - 1, len(line) // 2 - 1, -1):
        rest = sum(w for _, w in line[i + 1 :])
        if line[i][0] in _SOFT and i + 1 < len(line) and rest + width <= limit:
            return i + 1
    bad = token[0] in _NO_START or line[-1][0][-1] in _NO_END
    if bad and len(line) > 1 and line[-1][1] + width <= limit:
        return len(line) - 1
    return len(line)


def wrap(text: str, limit: int) -> list[str]:
    """Lines of at most `limit` characters (an ASCII word counts each letter), never broken
    inside a character or a short ASCII word, preferring breaks after 「・」 and 「、」."""
    lines: list[list[tuple[str, int]]] = [[]]
    for piece, width in _tokens(clean(text), max(limit, 1)):
        line = lines[-1]
        if line and sum(w for _, w in line) + width > limit:
            cut = _cut(line, piece, width, limit)
            lines.append(line[cut:])
            del line[cut:]
        if piece != " " or lines[-1]:
            lines[-1].append((piece, width))
    return [s for s in ("".join(t for t, _ in line).strip() for line in lines) if s]


def line_height(size: int) -> int:
    return round(size * 1.5)


@dataclass(frozen=True)
class Para:
    """Wrapped lines of one style, drawn as one <text> with a <tspan> per line."""

    lines: tuple[str, ...]
    size: int
    fill: str = TEXT
    bold: bool = False
    cls: str = ""

    @property
    def height(self) -> int:
        return len(self.lines) * line_height(self.size)

    @property
    def extent(self) -> int:
        """The widest line's width in px, counting every character as one em."""
        return max((len(_clusters(s)) * self.size for s in self.lines), default=0)


def para(
    text: str, width: int, size: int, *, fill: str = TEXT, bold: bool = False, cls: str = ""
) -> Para:
    """`text` wrapped to fit `width` px at `size` px."""
    return Para(tuple(wrap(text, chars_per_line(width, size))), size, fill, bold, cls)


def _stack_height(paras: Iterable[Para]) -> int:
    return sum(p.height for p in paras)


# ----------------------------------------------------------------------------------- svg


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _attrs(**attributes: object) -> str:
    """` name="value"` pairs in the given order; None is left out, `class_` becomes class."""
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        text = _num(value) if isinstance(value, (int, float)) else _ILLEGAL.sub("", str(value))
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(text, {chr(34): "&quot;"})}"')
    return "".join(parts)


def _el(tag: str, **attributes: object) -> str:
    return f"<{tag}{_attrs(**attributes)}/>"


def _text(x: int, top: int, p: Para, anchor: str | None = None) -> str:
    """A <text> with one <tspan> per line, the first line's top at `top`."""
    lh = line_height(p.size)
    baseline = top + round(lh * 0.5 + p.size * 0.36)
    spans = "".join(
        f"<tspan{_attrs(x=x, y=baseline + i * lh)}>{escape(line)}</tspan>"
        for i, line in enumerate(p.lines)
    )
    style = _attrs(
        class_=p.cls or None,
        font_size=p.size,
        fill=p.fill,
        font_weight="bold" if p.bold else None,
        text_anchor=anchor,
    )
    return f"<text{style}>{spans}</text>"


def _texts(x: int, top: int, paras: Iterable[Para]) -> list[str]:
    out = []
    for p in paras:
        out.append(_text(x, top, p))
        top += p.height
    return out


def _rect(x: int, y: int, w: int, h: int, **style: object) -> str:
    return _el("rect", x=x, y=y, width=w, height=h, **style)


# -------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Frame:
    """Where the lanes are: one column per party, plus a callout column when steps have
    safeguards."""

    parties: tuple[Party, ...]
    lane_w: int
    has_callouts: bool

    @property
    def lanes_right(self) -> int:
        return MARGIN + self.lane_w * len(self.parties)

    @property
    def callout_x(self) -> int:
        return self.lanes_right + 2 * GAP

    @property
    def width(self) -> int:
        extra = 2 * GAP + CALLOUT_W if self.has_callouts else 0
        return self.lanes_right + extra + MARGIN

    def index(self, key: str) -> int | None:
        return next((i for i, p in enumerate(self.parties) if p.key == key), None)

    def left(self, i: int) -> int:
        return MARGIN + i * self.lane_w

    def centre(self, i: int) -> int:
        return self.left(i) + self.lane_w // 2


def lane_width(lanes: int) -> int:
    """Wide lanes for few parties, never narrower than LANE_MIN; always even."""
    width = max(LANE_MIN, min(LANE_MAX, LANES_TARGET // max(lanes, 1)))
    return width - width % 2


def _frame(d: Dossier) -> Frame:
    has_callouts = any(_placed(d, s) and s.target == ("step", s.step) for s in d.safeguards)
    return Frame(d.parties, lane_width(len(d.parties)), has_callouts)


def kind_label(p: Party) -> str:
    return p.kind_label


def party_name(p: Party) -> str:
    return p.display_name


def _steps(d: Dossier) -> list[FlowStep]:
    return sorted(d.flow, key=lambda s: s.number)


def _safeguard_heading(s: Safeguard) -> str:
    kind = glossary.label(glossary.SAFEGUARD_KINDS, s.kind)
    clause = glossary.label(glossary.CONTRACT_CLAUSES, s.clause)
    return f"{kind}（{clause}）" if clause else kind


# ------------------------------------------------------------------------------- callouts


def _callout_paras(s: Safeguard, width: int, prefix: str = "") -> list[Para]:
    text_w = width - 2 * PAD
    heading = f"{prefix} {_safeguard_heading(s)}".strip()
    return [
        para(heading, text_w, DETAIL_SIZE, fill=CALLOUT_INK, bold=True, cls="callout-kind"),
        para(s.text, text_w, DETAIL_SIZE, cls="callout-text"),
    ]


def callout_height(paras: list[Para]) -> int:
    return _stack_height(paras) + 2 * PAD - 4


def _callout(index: int, x: int, top: int, width: int, paras: list[Para], **data: str) -> str:
    """A yellow box like the seeds' notes, `data-safeguard` naming the safeguard (1-based)."""
    h = callout_height(paras)
    box = _rect(x, top, width, h, rx=4, fill=CALLOUT_FILL, stroke=CALLOUT_STROKE, stroke_width=1)
    body = "".join(_texts(x + PAD, top + PAD - 2, paras))
    return f"<g{_attrs(class_='callout', data_safeguard=index, **data)}>{box}{body}</g>"


def _stacked_callouts(
    items: list[tuple[int, list[Para]]], x: int, top: int, width: int, **data: str
) -> tuple[list[str], int]:
    """Callouts one under the other from `top`; returns them and the height they take."""
    out, y = [], top
    for index, paras in items:
        out.append(_callout(index, x, y, width, paras, **data))
        y += callout_height(paras) + GAP // 2
    return out, (y - top - GAP // 2 if items else 0)


def _targeted(d: Dossier, kind: str, key: object) -> list[tuple[int, Safeguard]]:
    return [(i, s) for i, s in enumerate(d.safeguards, 1) if s.target == (kind, key)]


# --------------------------------------------------------------------------------- parts


@dataclass
class Canvas:
    """The SVG being assembled: parts drawn so far and the running y."""

    frame: Frame
    y: int
    body: list[str]


def _heading(c: Canvas, title: str, width: int) -> None:
    paras = [para("個人情報の流れ", width, HEADING_SIZE, bold=True, cls="heading")]
    if title:
        paras.append(para(title, width, TITLE_SIZE, fill=SUBTLE, cls="subheading"))
    c.body += _texts(MARGIN, c.y, paras)
    c.y += _stack_height(paras) + 2 * GAP


def _header_paras(p: Party, lane_w: int) -> list[Para]:
    width = lane_w - 2 * (LANE_INSET + PAD)
    name = party_name(p)
    paras = []
    if name != kind_label(p):
        paras.append(para(kind_label(p), width, KIND_SIZE, fill=KEY_BLUE, cls="party-kind"))
    paras.append(para(name, width, NAME_SIZE, bold=True, cls="party-name"))
    return paras


def _headers(c: Canvas) -> tuple[list[str], int]:
    """Each lane's header box, all as tall as the tallest; returns them and that height."""
    f = c.frame
    paras = [_header_paras(p, f.lane_w) for p in f.parties]
    h = max(_stack_height(ps) for ps in paras) + 2 * PAD
    out = []
    for i, ps in enumerate(paras):
        x, w = f.left(i) + LANE_INSET, f.lane_w - 2 * LANE_INSET
        box = _rect(x, c.y, w, h, rx=6, fill="#ffffff", stroke=KEY_BLUE, stroke_width=1.5)
        top = c.y + (h - _stack_height(ps)) // 2
        out.append(box + "".join(_texts(x + PAD, top, ps)))
    return out, h


def _party_callouts(c: Canvas, d: Dossier) -> tuple[list[str], int]:
    """Callouts under each lane's header for safeguards attached to that party."""
    f, out, tallest = c.frame, [], 0
    width = f.lane_w - 2 * LANE_INSET
    for i, p in enumerate(f.parties):
        items = [(n, _callout_paras(s, width)) for n, s in _targeted(d, "party", p.key)]
        parts, h = _stacked_callouts(items, f.left(i) + LANE_INSET, c.y, width, data_party=p.key)
        out.append("".join(parts))
        tallest = max(tallest, h)
    return out, tallest


@dataclass(frozen=True)
class Span:
    """The horizontal room a step's label has: between the arrow's ends, or its own lane."""

    left: int
    right: int
    start: int | None
    end: int | None

    @property
    def width(self) -> int:
        return self.right - self.left


def _span(f: Frame, step: FlowStep) -> Span:
    a, b = f.index(step.source), f.index(step.target)
    if a is None or b is None:
        return Span(MARGIN + PAD, f.lanes_right - PAD, None, None)
    if a == b:
        return Span(f.left(a) + PAD, f.left(a) + f.lane_w - PAD, f.centre(a), f.centre(a))
    lo, hi = sorted((f.centre(a), f.centre(b)))
    return Span(lo + PAD, hi - PAD, f.centre(a), f.centre(b))


def number_width(n: int) -> int:
    return NUMBER_SIZE + 6 if 1 <= n <= 50 else NUMBER_SIZE * 2 + 4


def channel_text(step: FlowStep) -> str:
    """LGWAN／暗号化 …: how the data travels, and whether it is encrypted when stated."""
    parts = [glossary.label(glossary.CHANNELS, step.channel)] if step.channel else []
    if step.encrypted is not None:
        parts.append("暗号化" if step.encrypted else "暗号化なし")
    return "／".join(parts)


def items_text(items: tuple[str, ...]) -> str:
    """氏名・住所・… with 「ほかN項目」 past MAX_ITEMS, so the label stays short."""
    shown = "・".join(items[:MAX_ITEMS])
    rest = len(items) - MAX_ITEMS
    return f"項目：{shown}ほか{rest}項目" if rest > 0 else (f"項目：{shown}" if items else "")


def _label_paras(d: Dossier, step: FlowStep, width: int) -> list[Para]:
    action = step.action or "（内容未記入）"
    if _span_missing(d, step):
        action = f"{action}（関係者「{_missing_keys(d, step)}」が登録されていません）"
    texts = (
        (action, ACTION_SIZE, TEXT, True, "action"),
        (channel_text(step), DETAIL_SIZE, KEY_BLUE, False, "channel"),
        (items_text(step.items), DETAIL_SIZE, SUBTLE, False, "items"),
    )
    return [
        para(text, width, size, fill=fill, bold=bold, cls=cls)
        for text, size, fill, bold, cls in texts
        if text
    ]


def _missing_keys(d: Dossier, step: FlowStep) -> str:
    return "・".join(k for k in dict.fromkeys((step.source, step.target)) if d.party(k) is None)


def _span_missing(d: Dossier, step: FlowStep) -> bool:
    return d.party(step.source) is None or d.party(step.target) is None


def _arrow(span: Span, y: int) -> str:
    """The step's arrow: a straight line between lanes, or a small loop on one lane."""
    if span.start is None or span.end is None:
        return ""
    dot = _el("circle", cx=span.start, cy=y, r=3.5, fill=KEY_BLUE)
    style = {"stroke": KEY_BLUE, "stroke_width": 2, "marker_end": "url(#flow-arrowhead)"}
    if span.start == span.end:
        path = f"M{span.start},{y} h30 v16 h-26"
        return dot + _el("path", class_="arrow", d=path, fill="none", **style)
    return dot + _el("line", class_="arrow", x1=span.start, y1=y, x2=span.end, y2=y, **style)


def _step_callouts(
    c: Canvas, d: Dossier, step: FlowStep, arrow_y: int, row_top: int
) -> tuple[list[str], int]:
    """The step's safeguards in the callout column, the first one centred on the arrow."""
    mark = circled(step.number)
    items = [(n, _callout_paras(s, CALLOUT_W, mark)) for n, s in _targeted(d, "step", step.number)]
    if not items:
        return [], 0
    top = max(row_top, arrow_y - callout_height(items[0][1]) // 2)
    parts, h = _stacked_callouts(items, c.frame.callout_x, top, CALLOUT_W, data_step=step.number)
    return parts, top + h - row_top


def _leader(c: Canvas, span: Span, y: int) -> str:
    """A dotted line from the arrow to its callout, so the eye finds the pair."""
    start = max(span.start or 0, span.end or 0) + (34 if span.start == span.end else 8)
    return _el(
        "line",
        class_="leader",
        x1=start,
        y1=y,
        x2=c.frame.callout_x,
        y2=y,
        stroke=CALLOUT_STROKE,
        stroke_width=1,
        stroke_dasharray="2 3",
    )


_BACKDROP = {"fill": "#ffffff", "fill_opacity": 0.85, "class_": "label-bg"}


def _step(c: Canvas, d: Dossier, step: FlowStep) -> None:
    """One row: the number and label above the arrow, callouts to the right."""
    span = _span(c.frame, step)
    nw = number_width(step.number)
    paras = _label_paras(d, step, span.width - nw)
    block = nw + max(p.extent for p in paras)
    x = max(span.left, span.left + (span.width - block) // 2)
    arrow_y = c.y + _stack_height(paras) + 8
    number = Para((circled(step.number),), NUMBER_SIZE, KEY_BLUE, True, "step-number")
    backdrop = _rect(x - 4, c.y - 2, block + 8, arrow_y - c.y - 4, rx=3, **_BACKDROP)
    texts = [_text(x, c.y - 2, number), *_texts(x + nw, c.y, paras)]
    parts = [backdrop, *texts, _arrow(span, arrow_y)]
    callouts, callouts_h = _step_callouts(c, d, step, arrow_y, c.y)
    if callouts:
        parts.insert(0, _leader(c, span, arrow_y))
    group = _attrs(class_="step", data_step=step.number, id=f"flow-step-{step.number}")
    c.body.append(f"<g{group}>{''.join(parts + callouts)}</g>")
    loop = 18 if span.start is not None and span.start == span.end else 4
    c.y += max(arrow_y - c.y + loop, callouts_h) + ROW_GAP


_CARD = {"fill": "#ffffff", "stroke": LINE_GREY, "stroke_width": 1, "class_": "note-bg"}


def _no_flow(c: Canvas) -> None:
    """A note across the lanes where the steps would be, on a white card over the lifelines."""
    width = c.frame.lanes_right - MARGIN - 2 * LANE_INSET
    p = para("流れが登録されていません", width - 2 * PAD, ACTION_SIZE, fill=SUBTLE, cls="note")
    mid, card_w = MARGIN + LANE_INSET + width // 2, p.extent + 4 * PAD
    card_h = p.height + 2 * PAD
    card = _rect(mid - card_w // 2, c.y + GAP, card_w, card_h, rx=4, **_CARD)
    c.body.append(card)
    c.body.append(_text(mid, c.y + GAP + PAD, p, anchor="middle"))
    c.y += card_h + 3 * GAP


def _lane_heads(c: Canvas, d: Dossier) -> tuple[list[str], int]:
    """Each lane's header and party callouts from the running y; returns them per lane and
    where the lifelines start."""
    headers, header_h = _headers(c)
    lifeline_top = c.y + header_h
    c.y += header_h + GAP
    callouts, callouts_h = _party_callouts(c, d)
    c.y += callouts_h + (GAP if callouts_h else 0)
    return [h + co for h, co in zip(headers, callouts, strict=True)], lifeline_top


def _lifeline(x: int, top: int, bottom: int) -> str:
    return _el(
        "line",
        class_="lifeline",
        x1=x,
        y1=top,
        x2=x,
        y2=bottom,
        stroke=LINE_GREY,
        stroke_width=1,
        stroke_dasharray="4 4",
    )


def _lanes(f: Frame, heads: list[str], top: int, lifeline_top: int, bottom: int) -> list[str]:
    """One group per party: background, dashed lifeline, header and party callouts."""
    out = []
    for i, p in enumerate(f.parties):
        bg = _rect(f.left(i) + 4, top, f.lane_w - 8, bottom - top, rx=4, fill=LANE_FILLS[i % 2])
        body = bg + _lifeline(f.centre(i), lifeline_top, bottom - GAP) + heads[i]
        out.append(f"<g{_attrs(class_='lane', data_party=p.key)}>{body}</g>")
    return out


def _placed(d: Dossier, s: Safeguard) -> bool:
    """Whether `s` is drawn beside a step or under a party (both must be on the diagram)."""
    target = s.target
    if target is None or target[0] == "handling":
        return False
    if target[0] == "party":
        return d.party(s.party) is not None
    return d.step(s.step or 0) is not None


def _overall(d: Dossier) -> list[tuple[int, str]]:
    """Safeguards with no place on the diagram: the case's own, a handling's (named), and
    those pointing at a step or party that is not there."""
    return [
        (i, f"{_where(d, s)}【{_safeguard_heading(s)}】{s.text}")
        for i, s in enumerate(d.safeguards, 1)
        if not _placed(d, s)
    ]


def _where(d: Dossier, s: Safeguard) -> str:
    if s.handling is not None and 1 <= s.handling <= len(d.handlings):
        return glossary.label(glossary.HANDLING_TYPES, d.handlings[s.handling - 1].type) + "："
    return ""


def _overall_box(c: Canvas, d: Dossier) -> None:
    """「全体の安全管理措置」: a box across the bottom listing case-wide safeguards."""
    entries = _overall(d)
    if not entries:
        return
    x, w = MARGIN, c.frame.width - 2 * MARGIN
    title = para("全体の安全管理措置", w - 2 * PAD, NAME_SIZE, fill=CALLOUT_INK, bold=True)
    top, y = c.y, c.y + PAD + title.height + 2
    rows = []
    for index, text in entries:
        p = para(text, w - 2 * PAD - NOTE_SIZE, NOTE_SIZE, cls="safeguard-text")
        bullet = Para(("・",), NOTE_SIZE)
        body = _text(x + PAD, y, bullet) + _text(x + PAD + NOTE_SIZE, y, p)
        rows.append(f"<g{_attrs(class_='safeguard-note', data_safeguard=index)}>{body}</g>")
        y += p.height + 2
    box = _rect(x, top, w, y - top + PAD, rx=4, fill=CALLOUT_FILL, stroke=CALLOUT_STROKE)
    c.body.append(f'<g class="overall">{box}{_text(x + PAD, top + PAD, title)}{"".join(rows)}</g>')
    c.y = y + PAD + GAP


# --------------------------------------------------------------------------------- whole


def _title(d: Dossier, title: str | None) -> str:
    return clean(title if title is not None else (d.subtitle or d.business or d.title))


def _step_summary(d: Dossier, step: FlowStep) -> str:
    src, dst = d.party(step.source), d.party(step.target)
    names = [party_name(p) if p else key for p, key in ((src, step.source), (dst, step.target))]
    detail = "、".join(x for x in (channel_text(step), items_text(step.items)) if x)
    head = f"{circled(step.number)} {names[0]}から{names[1]}へ：{step.action}"
    return f"{head}（{detail}）" if detail else head


def describe(d: Dossier) -> str:
    """The diagram in words for screen readers: one sentence per step."""
    if not d.parties:
        return "関係者が登録されていません。"
    lanes = "関係者：" + "、".join(party_name(p) for p in d.parties) + "。"
    steps = [_step_summary(d, s) for s in _steps(d)] or ["流れが登録されていません。"]
    return "\n".join(clean(line) for line in [lanes, *steps])


def _defs() -> str:
    head = _el("path", d="M0,0 L10,5 L0,10 z", fill=KEY_BLUE)
    marker = _attrs(
        id="flow-arrowhead",
        viewBox="0 0 10 10",
        refX=10,
        refY=5,
        markerWidth=10,
        markerHeight=10,
        markerUnits="userSpaceOnUse",
        orient="auto",
    )
    return f"<defs><marker{marker}>{head}</marker></defs>"


def _svg(width: int, height: int, name: str, desc: str, parts: list[str]) -> str:
    root = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        role="img",
        aria_labelledby="flow-diagram-title",
        aria_describedby="flow-diagram-desc",
        font_family=FONT,
        class_="flow-diagram",
    )
    meta = (
        f'<title id="flow-diagram-title">{escape(clean(name))}</title>'
        f'<desc id="flow-diagram-desc">{escape(desc)}</desc>'
    )
    background = _rect(0, 0, width, height, fill="#ffffff")
    return f"<svg{root}>{meta}{_defs()}{background}{''.join(parts)}</svg>\n"


def _empty_svg(name: str, title: str) -> str:
    width = 480
    c = Canvas(Frame((), width - 2 * MARGIN, False), MARGIN, [])
    inner = width - 2 * MARGIN
    _heading(c, title, inner)
    note = para("関係者が登録されていません", inner, ACTION_SIZE, fill=SUBTLE, cls="note")
    c.body.append(_text(MARGIN, c.y, note))
    return _svg(width, c.y + note.height + MARGIN, name, "関係者が登録されていません。", c.body)


def render_svg(dossier: Dossier, *, title: str | None = None) -> str:
    """The 「個人情報の流れ」 diagram of `dossier` as an SVG document (inline-embeddable).

    `title` names the diagram after 「個人情報の流れ」; by default the case's subtitle,
    business or title. Same dossier, same bytes.
    """
    shown = _title(dossier, title)
    name = f"個人情報の流れ（{shown}）" if shown else "個人情報の流れ"
    if not dossier.parties:
        return _empty_svg(name, shown)
    c = Canvas(_frame(dossier), MARGIN, [])
    _heading(c, shown, c.frame.width - 2 * MARGIN)
    lanes_top = c.y
    c.y += GAP
    heads, lifeline_top = _lane_heads(c, dossier)
    marker = len(c.body)
    for step in _steps(dossier):
        _step(c, dossier, step)
    if not dossier.flow:
        _no_flow(c)
    lanes = _lanes(c.frame, heads, lanes_top, lifeline_top, c.y)
    c.body[marker:marker] = lanes
    c.y += 2 * GAP
    _overall_box(c, dossier)
    return _svg(c.frame.width, c.y + MARGIN - GAP, name, describe(dossier), c.body)
