"""Speaker labels, their roles, and stage directions.

Minutes mark who speaks in many ways: 【会長】, ○会長 / 〇会長, 会長 followed by a tab or
spaces (or alone on its line, the text following), <会長>, (会長), 「会長」. A label is
accepted only when it names a role or a post (会長, 伊藤委員, 区政情報課長, 区側), and a
style only when the document uses it throughout, so that （委員）浅田、植野 in a header or
「健康推進業務」における… in a title is never taken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from shingikai.ingest.normalize import fold

# Label styles, in the order the alternation below tries them.
LENTICULAR, MARU, ANGLE, PAREN, QUOTE, BARE = "【】", "○", "<>", "()", "「」", "bare"

# One pattern per style, chosen by the line's first character; each captures the label
# and the text after it.
_BY_OPENER: dict[str, tuple[re.Pattern[str], str]] = {}
for _openers, _pattern, _style in (
    ("【", r"【([^】\t]{1,30})】[ \t]*(.*)", LENTICULAR),
    ("○〇◯◎●", r".([^\s]{1,30}?)(?:\s+(.*)|$)", MARU),
    ("<＜〈《", r".([^>＞〉》\t]{1,30})[>＞〉》][ \t]*(.*)", ANGLE),
    ("(（", r".([^)）\t]{1,30})[)）][ \t]*(.*)", PAREN),
    ("「", r"「([^」\t]{1,30})」[ \t]*(.*)", QUOTE),
):
    for _opener in _openers:
        _BY_OPENER[_opener] = (re.compile(_pattern, re.DOTALL), _style)
_BARE = re.compile(
    r"([^\s、。，．「」【】()（）<>＜＞〈〉《》○〇◯◎●・]{1,30}?)(?:\s+(.*)|$)", re.DOTALL
)

# What a speaker label ends with: a council role, a post, or the ward side as a whole.
_LABEL = re.compile(
    r"[^0-9０-９。、「」:：]{0,24}?"
    r"(?:副?会長(?:代理|職務代理者?)?|副?委員長|委員|副?議長|副?座長|部会長"
    r"|事務局(?:長|次長|員)?|[区市町村都県府道]側|当局|理事者|説明員|説明者|幹事|書記|司会者?"
    r"|[課部局室所]長|次長|副?参事|係長|係員|主査|主幹|主任|主事|担当(?:者|課長|部長|係長)?"
    r"|職員|理事|[区市町村]長|知事|補佐|館長|センター長|園長|校長|専門員|相談員|オブザーバー)"
    r"(?:[(（][^)）]{1,12}[)）])?"
)
# Labels that head a header field, not a turn (出席委員 山田健太 …).
_NOT_SPEAKERS = frozenset({"出席委員", "欠席委員", "出席委員等", "出席職員"})
_NAMED_ROLE = re.compile(r"(?P<name>.+?)(?P<role>副会長|会長|副委員長|委員長|委員)$")
_PAREN_NAME = re.compile(r"(?P<title>.+?)[(（](?P<name>[^)）]+)[)）]$")
_POST_END = re.compile(r"[課部局室所係区市町村都県府道庁会]$")

_VICE = re.compile(r"(?:副会長|副委員長|副議長|副座長|会長代理|会長職務代理者?)$")
_CHAIR = re.compile(r"(?:会長|委員長|議長|座長)$")
_MEMBER = re.compile(r"委員$")
_SIDE = re.compile(r"(?:[区市町村都県府道]側|当局|理事者)$")
_STAFF = re.compile(
    r"(?:[課部局室所]長|次長|参事|係長|係員|主査|主幹|主任|主事|担当(?:者)?|職員|理事|説明員|説明者"
    r"|補佐|館長|センター長|専門員|相談員|幹事)$"
)

# Stage directions: a parenthesised note that nobody says aloud.
_STAGE_WORDS = re.compile(
    r"声|挙手|拍手|説明|異議|休憩|再開|退室|退席|入室|着席|起立|紹介|一同|中断|閉会|開会|散会"
    r"|賛成者|反対者|全員|約\s*[0-9]+\s*分|資料(?:に基づ|により|配付)|黙とう|礼"
)
_SEGMENT = re.compile(r"[(（]((?:[^()（）]|[(（][^()（）]*[)）]){1,40})[)）]")
_STAGE_LINE = re.compile(r"(?:\s*[(（](?:[^()（）]|[(（][^()（）]*[)）]){1,40}[)）])+\s*")
# An inline stage direction: at the start, after a space or after a sentence.
_INLINE_STAGE = re.compile(
    r"(?:(?<=^)|(?<=[\s。」)）]))[(（]((?:[^()（）]|[(（][^()（）]*[)）]){1,40})[)）]"
)


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a line, and the text after it."""

    speaker: str
    style: str
    rest: str


def candidate(line: str) -> Label | None:
    """The speaker label a line may start with, checked to name a role or post."""
    if not line:
        return None
    pattern, style = _BY_OPENER.get(line[0], (_BARE, BARE))
    match = pattern.match(line)
    if match is None:
        return None
    speaker = "".join(match[1].split())
    if speaker in _NOT_SPEAKERS or not _LABEL.fullmatch(speaker):
        return None
    return Label(speaker, style, (match[2] or "").strip())


def label_only(line: str) -> bool:
    """Whether a raw line is a speaker label standing alone (会長, ○会長, 【会 長】)."""
    found = candidate(line.strip())
    return found is not None and not found.rest


def styles(labels: Iterable[Label]) -> frozenset[str]:
    """The label styles a document uses for its turns: each used at least twice and at
    least a tenth as often as the commonest."""
    counts = Counter(label.style for label in labels)
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(style for style, n in counts.items() if n >= 2 and n * 10 >= top)


def role(speaker: str, secretariat: tuple[str, ...] = ()) -> str:
    """chair, vice_chair, member, secretariat, staff or other, from the label.

    ``secretariat`` holds the posts and divisions the header names as the secretariat
    (総務部区政情報課長, 区政情報課); a label matching one of them is the secretariat's,
    whatever the width of its letters (ＤＸ推進担当課長 = DX推進担当課長).
    """
    title = fold(_PAREN_NAME.sub(r"\g<title>", speaker))
    if _VICE.search(title):
        return "vice_chair"
    if _CHAIR.search(title):
        return "chair"
    if _MEMBER.search(title):
        return "member"
    if "事務局" in title or _is_secretariat(title, secretariat):
        return "secretariat"
    if _STAFF.search(title) or _SIDE.search(title):
        return "staff"
    return "other"


def _is_secretariat(title: str, secretariat: tuple[str, ...]) -> bool:
    """Whether a post belongs to one of the secretariat's posts or divisions."""
    for unit in map(fold, secretariat):
        if title == unit or (title.startswith(unit) and _POST_END.search(unit)):
            return True
        if len(title) >= 4 and unit.endswith(title):
            return True
    return False


def name(speaker: str) -> str | None:
    """The person a label names, if any: 伊藤委員 → 伊藤, 区政情報課長（末竹） → 末竹."""
    paren = _PAREN_NAME.fullmatch(speaker)
    if paren is not None:
        return None if _LABEL.fullmatch(paren["name"]) else paren["name"]
    named = _NAMED_ROLE.fullmatch(speaker)
    if named is None or _POST_END.search(named["name"]) or named["name"] in ("副", "各"):
        return None
    return named["name"]


def is_stage_line(line: str) -> bool:
    """Whether a whole line is stage directions: （「異議なし」の声あり）, （資料により説明）."""
    if line[:1] not in "(（" or not _STAGE_LINE.fullmatch(line):
        return False
    return all(_STAGE_WORDS.search(m[1]) for m in _SEGMENT.finditer(fold(line)))


def split_stage(text: str) -> tuple[str, list[str]]:
    """Text without its inline stage directions, and those directions (as written)."""
    if "(" not in text and "（" not in text:
        return text, []
    stages: list[str] = []

    def drop(match: re.Match[str]) -> str:
        if _STAGE_WORDS.search(fold(match[1])):
            stages.append(match[0])
            return ""
        return match[0]

    kept = _INLINE_STAGE.sub(drop, text)
    return (" ".join(kept.split()) if stages else text), stages
