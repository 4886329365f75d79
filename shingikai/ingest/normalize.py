"""Text repairs the structurer applies to what readers return. Pure Python: no Django.

PDF extraction leaves artefacts: letters spaced out (会 議 録, 資料 1 8), lines broken at the
right margin in the middle of a word. These functions repair them conservatively; what they
cannot tell apart from real text they leave as written.

Values keep the characters of the source (令和４年度第７回 stays full-width, as
docs/minutes-json.md asks), so two forms of a line serve two purposes: `repair_line` gives
the line as written, artefacts repaired, and the record's values are cut from it; `fold`
gives the form patterns are matched against (full-width ASCII as ASCII), one character for
one, so that every position found in the folded line is the same position in the written
one. `normalize_line` is the tidied form (all widths normalised) for comparing and searching.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, time

from shingikai.lib import jpnum, textnorm, wareki

__all__ = [
    "display_width",
    "fold",
    "join_broken_lines",
    "normalize_line",
    "parse_datetime_phrase",
    "repair_line",
    "to_int",
]

# -- letter spacing ---------------------------------------------------------------------------

# Spaces inside a line (tabs and newlines separate cells and lines and are kept).
_GAP = re.compile(r"[^\S\t\n]+")
_CELL_SEPARATOR = re.compile(r"([\t\n])")
# A short label in lenticular brackets, as transcripts mark speakers: 【会 長】.
_BRACKET_LABEL = re.compile(r"【([^【】\t\n]{1,20})】")
# Characters after which a spaced number belongs to the word: 令和 4, 第 6, 資料 18, 午後 2.
_NUMBER_PREFIXES = frozenset("第和成正治料紙図表約計全各毎同前後")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
# Counters that follow a number: 4 年度, 6 回, 2 件, 5 枚, 2 ページ.
_COUNTERS = frozenset("年月日時分秒回号件名人枚部条項頁点歳円%％台週期次倍割個通箇か階番ヶカケペ")

# -- the written and the folded form ----------------------------------------------------------

# What `fold` changes: runs of full-width ASCII forms and ideographic spaces.
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000]+")


def fold(text: str) -> str:
    """The form patterns are matched against: full-width ASCII as ASCII (１ → 1, Ｅ → E,
    （ → (, ：→ :) and the ideographic space as a space, one character for one
    (`jpnum.to_halfwidth_ascii`), so that a position found in the folded text is the same
    position in the text as written. Everything else is left alone.

    Only the runs to fold are translated: `str.translate` looks up every character, which
    costs more than the pattern's scan on long Japanese text.
    """
    return _FOLDABLE.sub(_fold_run, text)


def _fold_run(match: re.Match[str]) -> str:
    return jpnum.to_halfwidth_ascii(match.group())


def repair_line(text: str) -> str:
    """One line as written, with extraction artefacts repaired: PDF letter spacing closed,
    spaces collapsed to one, ends trimmed. Characters are kept as written (全角 stays 全角);
    tabs (table cells) and newlines are kept.

    「会 議 録」→「会議録」, 「資料 1 8」→「資料18」, 「令和 ４ 年度第 ７ 回」→「令和４年度第７回」,
    「名　　称」→「名称」, while 「山田健太 斉木秀憲」 keeps its space.
    """
    if "\t" not in text and "\n" not in text:  # one cell: most lines
        return _repair_cell(text)
    parts = _CELL_SEPARATOR.split(text)
    return "".join(p if p in "\t\n" else _repair_cell(p) for p in parts)


def normalize_line(text: str) -> str:
    """One line made tidy, for comparing and searching: `repair_line`, then 全角英数 made
    half-width and 半角カナ full-width (`textnorm.tidy`). Japanese punctuation is kept.

    「名  称 令和４年度」→「名称 令和4年度」, 「ＵＳＢメモリー（１個）」→「USBメモリー（1個）」.
    """
    parts = _CELL_SEPARATOR.split(repair_line(text))
    return "".join(p if p in "\t\n" else textnorm.tidy(p) for p in parts)


def _repair_cell(text: str) -> str:
    """A tab-free piece of a line: bracket labels closed up, then letter spacing repaired.
    Which gaps close is decided on the written tokens, digits of either width counting as
    digits (as deciding on the folded tokens would: `fold` keeps every gap a gap)."""
    if "【" in text:
        text = _BRACKET_LABEL.sub(lambda m: "【" + _GAP.sub("", m.group(1)) + "】", text)
    text = text.strip()
    if " " not in text and text.isprintable():  # no space of any kind: most lines
        return text
    tokens = _GAP.split(text)
    if len(tokens) == 1:
        return text
    joins = _joins(tokens)
    out = [tokens[0]]
    for joined, token in zip(joins, tokens[1:], strict=True):
        out.append(token if joined else " " + token)
    return "".join(out)


def _joins(tokens: list[str]) -> list[bool]:
    """For each gap between two tokens, whether it is an extraction artefact to close.

    A gap is closed between two one-character tokens (a letter-spaced run: 会 議 録, 1 8), or
    next to a number when the other side makes it part of a word (令和 4, 6 回), except after
    a number that opens the line (1 日程について is an item number and a title). In a line whose
    numbers are evidently spaced out (two spaced digits in a row, as in 資料 1 8), every gap
    next to a number is closed: PDFs set each half-width character apart in such lines.
    """
    pairs = list(itertools.pairwise(tokens))
    spaced = any(_single_digit(a) and _single_digit(b) for a, b in pairs)
    return [_closes(a, b, spaced=spaced, opening=i == 0) for i, (a, b) in enumerate(pairs)]


def _closes(left: str, right: str, *, spaced: bool, opening: bool) -> bool:
    """Whether the space between ``left`` and ``right`` should go."""
    if len(left) == 1 and len(right) == 1:
        return True
    last, first = left[-1], right[0]
    if _digit(last):
        return spaced or (first in _COUNTERS and not (opening and left.isdigit()))
    if _digit(first):
        return spaced or last in _NUMBER_PREFIXES
    return False


def _digit(char: str) -> bool:
    """An ASCII or full-width digit (what `fold` makes an ASCII one)."""
    return char in _DIGITS


def _single_digit(token: str) -> bool:
    return len(token) == 1 and _digit(token)


# -- broken lines -------------------------------------------------------------------------------

_SENTENCE_END = frozenset("。．.！？!?」』）)】〕＞>")
_SOFT_END = frozenset("、，,")
# A line that starts with a short label and a space is a new item: 会長 それでは, 1 会長あいさつ.
_LABEL_START = re.compile(r"^\S{1,12}[ \u3000]+\S")
_MARGIN_SHARE = 0.85


def display_width(text: str) -> int:
    """Width in half-width cells: 2 for full-width (東アジアの全角) characters, 1 otherwise.

    It runs on every line of every PDF, so wide characters are counted in runs by a pattern
    (built once from `unicodedata`) rather than looked up one by one.
    """
    if text.isascii():
        return len(text)
    return 2 * len(text) - len(_wide_runs().sub("", text))  # the length plus the wide ones


@functools.cache
def _wide_runs() -> re.Pattern[str]:
    """Runs of East Asian Wide and Fullwidth characters. Unassigned code points are left out
    of the decision, so that the class needs some 80 ranges rather than 400 (a class with
    fewer ranges is matched faster); planes 2 and 3 are wide throughout."""
    ranges: list[tuple[int, int]] = []
    start = end = -1
    broken = False
    for code in range(0x1100, 0x20000):
        char = chr(code)
        if unicodedata.category(char) == "Cn":
            continue
        if unicodedata.east_asian_width(char) in "WF":
            if start < 0 or broken:
                if start >= 0:
                    ranges.append((start, end))
                start, broken = code, False
            end = code
        elif start >= 0:
            broken = True
    ranges += [(start, end), (0x20000, 0x3FFFD)]
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]+")


def join_broken_lines(
    lines: Sequence[str], *, starts: Callable[[str], bool] | None = None
) -> list[str]:
    """Join lines that a PDF broke in the middle of a word or sentence; keep all others.

    Two lines are joined only when the first reaches the document's usual right margin, has
    no trailing space (extractors leave one after a paragraph's last line), does not end a
    sentence, ends inside a run of Japanese characters (or with 、) and the next line goes
    on with one, not indented and not starting with a label and a space (会長 それでは).
    A first line holding spaces other than after a label (a list of names) is never
    joined. A next line in lower case continuing a Latin word (infor-/mation, the/next) is
    joined too. ``starts`` marks lines that begin something (a speaker label alone on its
    line, say) and are never joined to the line before.

    Call it on lines as read (before `normalize_line`): the trailing spaces and indents it
    relies on are gone afterwards; it still works, with fewer joins.
    """
    widths = [display_width(line.rstrip()) for line in lines]
    margin = _usual_width(lines, widths)
    out: list[str] = []
    previous, width = "", 0
    for line, line_width in zip(lines, widths, strict=True):
        if (
            out
            and margin
            and _continues(previous, width, line, margin)
            and not (starts and starts(line))
        ):
            out[-1] = _glue(out[-1], line)
        else:
            out.append(line)
        previous, width = line, line_width
    return out


def _usual_width(lines: Sequence[str], widths: Sequence[int]) -> int:
    """The most common width among the longer half of the lines: the right margin."""
    filled = sorted(w for line, w in zip(lines, widths, strict=True) if line.strip())
    if len(filled) < 3:
        return 0
    upper = Counter(filled[len(filled) // 2 :])
    return upper.most_common(1)[0][0]


def _continues(previous: str, width: int, line: str, margin: int) -> bool:
    """Whether ``line`` continues ``previous`` (``width`` cells wide, trailing spaces aside)
    across a soft line break."""
    if not previous.strip() or not line.strip() or "\t" in previous or "\t" in line:
        return False
    if previous[-1].isspace() or line[0].isspace():
        return False
    if width < margin * _MARGIN_SHARE:
        return False
    last, first = previous[-1], line[0]
    if _latin_continuation(last, first):
        return True
    if last in _SENTENCE_END or not (_is_japanese(last) or last in _SOFT_END):
        return False
    opens = _is_japanese(first) or first.isdigit() or first in "「『"
    return opens and not _listing(previous) and not _LABEL_START.match(line)


def _listing(line: str) -> bool:
    """Whether a line holds words set apart by spaces, beyond one label (会長 それでは…)."""
    words = line.split()
    return len(words) > 2 or (len(words) == 2 and len(words[0]) > 12)


def _latin_continuation(last: str, first: str) -> bool:
    latin = (last.isascii() and last.isalpha()) or last == "-"
    return latin and first.isascii() and first.islower()


def _is_japanese(char: str) -> bool:
    """Kanji, kana and full-width letters and digits: characters a word can continue with."""
    code = ord(char)
    kana = 0x3041 <= code <= 0x30FF and char not in "・゠"
    kanji = 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
    wide_alnum = 0xFF10 <= code <= 0xFF5A and char.isalnum()
    return kana or kanji or wide_alnum or char in "々〆ヵヶー"


def _glue(previous: str, line: str) -> str:
    """Join two physical lines: no space in Japanese, a space between Latin words."""
    if previous.endswith("-") and line[:1].islower():
        return previous[:-1] + line
    if previous[-1:].isascii() and previous[-1:].isalpha() and line[:1].isascii():
        return previous + " " + line
    return previous + line


# -- dates, times and numbers -------------------------------------------------------------------

_CLOCK = (
    r"(?:午前|午後)?[ \t]*[0-9〇一二三四五六七八九十]+[ \t]*"
    r"(?:時(?!間)(?:[ \t]*(?:[0-9〇一二三四五六七八九十]+[ \t]*分|半))?|:[ \t]*[0-9]{2})"
)
_CLOCK_RE = re.compile(rf"正午|{_CLOCK}")
# What may stand between a start and an end time: ～, から, or 開会、 and the like.
_RANGE_GLUE = re.compile(r"[ \t]*(?:~|〜|-|−|–|—|―|から|(?:開会|開始)[、, \t]*)[ \t]*")


def parse_datetime_phrase(text: str) -> tuple[date | None, time | None, time | None]:
    """The date and start and end times of a 日時 phrase, each None where not found.

    「令和２年２月３日（月）午後２時から午後５時まで」→ (2020-02-03, 14:00, 17:00);
    「令和4年12月27日(火) 午後2時00分～午後3時37分」→ (2022-12-27, 14:00, 15:37).
    The first date is taken; times are read after it (or anywhere when there is no date).
    Parsing is `shingikai.lib.wareki`'s; this only finds the pieces in a longer phrase.
    """
    flat = jpnum.to_halfwidth_ascii(normalize_line(text))
    dates = wareki.find_dates(flat)
    day = dates[0][2] if dates else None
    rest = flat[dates[0][1] :] if dates else flat
    start, end = _time_range(rest)
    return day, start, end


def _time_range(text: str) -> tuple[time | None, time | None]:
    """The first time range (or single time) in running text."""
    found = list(itertools.islice(_CLOCK_RE.finditer(text), 2))
    if not found:
        return None, None
    start = found[0].group()
    if len(found) == 2 and _RANGE_GLUE.fullmatch(text[found[0].end() : found[1].start()]):
        try:
            return wareki.parse_time_range(f"{start}～{found[1].group()}")
        except ValueError:
            pass
    try:
        return wareki.parse_time(start), None
    except ValueError:
        return None, None


def to_int(text: str) -> int | None:
    """A number written in ASCII, full-width or kanji digits (１８, 十八, 元), else None."""
    cleaned = _GAP.sub("", text)
    try:
        return jpnum.parse_number(cleaned)
    except ValueError:
        return None
