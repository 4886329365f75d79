"""The first draft of a meeting's minutes (会議録), composed from the meeting's record.

Pure Python: no Django. The Django side (`minutes.records`) fills a `facts.MeetingRecord`
from the database; `compose` returns the header block in the seeds' layout (名称, 日時,
会場, 出席委員, …, 会議次第), the record of speech (発言の記録) as `text` sections, and the
written questions and answers as tables. What was not recorded is not invented: no
questions means no question-and-answer exchange in the draft, no votes means no counts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from shingikai.lib import wareki
from shingikai.minutes.facts import (
    LATE,
    DecisionRecord,
    ItemRecord,
    MeetingRecord,
    QuestionRecord,
    speaker_for,
)
from shingikai.minutes.text import (
    SPEAKER_MARKS,
    ParsedSection,
    ParsedUtterance,
    name_of,
    render,
    role_of,
)

FORMAT_LABELS = {"online": "オンライン", "hybrid": "対面・オンライン併用"}
KIND_LABELS = {"consultation": "諮問事項", "report": "報告事項", "other": "その他"}
VERBS = {
    "approved": "承認",
    "approved_with_conditions": "承認",
    "acknowledged": "了承",
    "rejected": "不承認",
    "continued": "継続審議",
}
CHAIR = "会長"
MEMBER = "委員"


@dataclass(frozen=True)
class QaRow:
    number: int
    question: str
    answer: str


@dataclass(frozen=True)
class QaGroup:
    """Questions and answers under one heading (諮問事項1～3に共通)."""

    title: str
    rows: tuple[QaRow, ...]


@dataclass(frozen=True)
class Draft:
    title: str
    header: tuple[tuple[str, str], ...]
    sections: tuple[ParsedSection, ...]
    qa: tuple[QaGroup, ...]

    @property
    def text(self) -> str:
        return render(self.sections)


# -- header ----------------------------------------------------------------------------------


def when(record: MeetingRecord) -> str:
    """日時: 令和4年11月17日（木） 午後2時00分～午後2時41分; for a written meeting the
    審議開始日 and the 議決日."""
    if record.is_written:
        opened = wareki.format_date(record.opens_on) if record.opens_on else "—"
        return f"審議開始日 {opened}　議決日 {wareki.format_date(record.date)}"
    times = [wareki.format_time(t) for t in (record.start_time, record.end_time) if t]
    span = "～".join(times)
    if record.start_time and not record.end_time:
        span += "～"
    return f"{wareki.format_date(record.date)} {span}".strip()


def attendance_line(record: MeetingRecord) -> str:
    names = [f"{m.name}（遅れて参加）" if m.status == LATE else m.name for m in record.attending()]
    return "　".join(names) or "—"


def closed_items(record: MeetingRecord) -> frozenset[int]:
    return frozenset(i.order for i in record.items if not i.is_public)


def agenda_lines(record: MeetingRecord, *, hidden: Collection[int] = ()) -> list[str]:
    """会議次第: one line per item, with its kind and number label."""
    lines = []
    for item in record.items:
        if item.order in hidden:
            continue
        closed = "（非公開）" if not item.is_public else ""
        kind = KIND_LABELS.get(item.kind, "")
        lines.append(f"{item.order}　【{kind}】{item.heading}{closed}")
    return lines


def observers_label(observers: int | None) -> str:
    if observers is None:
        return "—"
    return f"{observers}人" if observers else "なし"


def header(
    record: MeetingRecord, *, hidden: Collection[int] = (), internal: bool = True
) -> tuple[tuple[str, str], ...]:
    """The header block in the seeds' order. Items in `hidden` (agenda orders) and their
    materials are left out; without `internal`, materials not public are left out too."""
    rows = [("名称", record.name), ("日時", when(record))]
    if record.is_written:
        rows.append(("開催方法", "書面開催"))
    else:
        if record.format in FORMAT_LABELS:
            rows.append(("開催方法", FORMAT_LABELS[record.format]))
        rows.append(("会場", record.venue or "—"))
    rows.append(("出席委員", attendance_line(record)))
    rows.append(("欠席委員", "　".join(m.name for m in record.absent()) or "なし"))
    rows.append(("区側", "　".join(record.departments) or "—"))
    rows.append(("事務局", "　".join(record.secretariat) or "—"))
    if not record.is_written:
        rows.append(("傍聴者", observers_label(record.observers)))
    materials = [
        f"{m.label}　{m.title}".strip()
        for m in record.materials
        if (internal or m.is_public) and m.item not in hidden
    ]
    rows.append(("配付資料", "\n".join(materials) or "なし"))
    rows.append(("会議次第", "\n".join(agenda_lines(record, hidden=hidden)) or "—"))
    return tuple(rows)


# -- the record of speech ----------------------------------------------------------------------


class _Speech:
    """Collects utterances with the roles `text.parse` would give them."""

    def __init__(self, record: MeetingRecord) -> None:
        self.secretariat = record.secretariat_labels()
        self.utterances: list[ParsedUtterance] = []

    def say(self, speaker: str, *paragraphs: str) -> None:
        lines = [line for p in paragraphs for line in _lines(p)]
        if not lines:
            return
        last = self.utterances[-1] if self.utterances else None
        if last is not None and speaker == CHAIR and last.speaker == CHAIR:
            # The chair's consecutive remarks are one turn, as in the seeds; two "委員"
            # in a row are different members.
            lines = [last.text, *lines]
            self.utterances.pop()
        self.utterances.append(
            ParsedUtterance(
                speaker=speaker,
                text="\n".join(lines),
                role=role_of(speaker, self.secretariat),
                name=name_of(speaker),
            )
        )

    def direct(self, text: str) -> None:
        self.utterances.append(ParsedUtterance("", text, is_direction=True))

    def section(self, item: int | None, title: str) -> ParsedSection:
        section = ParsedSection(item, title, tuple(self.utterances))
        self.utterances = []
        return section


def _lines(text: str) -> list[str]:
    """Text as format-safe lines: stripped, none empty, none read as a heading, a speaker or
    a stage direction (those get a leading ・)."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip(" 　\t")
        if not line:
            continue
        special = line.startswith(("■", *SPEAKER_MARKS)) or (line[0] in "（(" and line[-1] in "）)")
        lines.append(f"・{line}" if special else line)
    return lines


def _council_session(record: MeetingRecord) -> str:
    return f"{wareki.format_fiscal_year(record.fiscal_year)}第{record.ordinal}回{record.council}"


def _quorum_report(record: MeetingRecord) -> list[str]:
    attending, total = len(record.attending()), len(record.members)
    report = f"本日は、委員{total}人中{attending}人が出席しています。"
    if record.quorum_needed is not None:
        if attending >= record.quorum_needed:
            report = (
                f"本日は、委員{total}人中{attending}人が出席しており、定足数（{record.quorum_needed}"
                "人）を満たしていますので、会議は成立しています。"
            )
        else:
            report = (
                f"本日は、委員{total}人中{attending}人の出席で、定足数（{record.quorum_needed}"
                "人）に達していません。"
            )
    lines = [report]
    absent = record.absent()
    if absent:
        names = "、".join(f"{m.name}委員" for m in absent)
        lines.append(f"なお、{names}から欠席の連絡をいただいています。")
    late = [m for m in record.attending() if m.status == LATE]
    if late:
        lines.append(f"また、{'、'.join(f'{m.name}委員' for m in late)}は遅れて参加されます。")
    return lines


def opening(record: MeetingRecord, speech: _Speech) -> ParsedSection:
    staff = record.secretariat_speaker()
    speech.say(
        CHAIR,
        f"ただいまから、{_council_session(record)}を開会いたします。",
        "本日の出席状況について、事務局から報告をお願いします。",
    )
    speech.say(staff, *_quorum_report(record))
    if record.observers is not None:
        speech.say(CHAIR, "本日の傍聴について、事務局からお願いします。")
        observers = (
            f"本日の傍聴者は{record.observers}人です。"
            if record.observers
            else "本日は傍聴の希望はありません。"
        )
        speech.say(staff, observers)
    return speech.section(None, "開会")


def _verb_phrase(decision: DecisionRecord) -> str:
    verb = VERBS.get(decision.outcome, "決定")
    if verb in ("承認", "了承"):
        if decision.outcome == "approved_with_conditions":
            kinds = "・".join(dict.fromkeys(c.kind for c in decision.conditions)) or "条件"
            return f"{kinds}を付して承認します。"
        return f"{verb}します。"
    return f"{verb}とします。"


def _matter(decision: DecisionRecord) -> str:
    return "報告事項" if decision.outcome == "acknowledged" else "諮問事項"


def _show_of_hands(speech: _Speech, decision: DecisionRecord, prefix: str) -> None:
    verb = VERBS.get(decision.outcome, "決定")
    target = "承認" if verb in ("不承認", "継続審議") else verb
    speech.say(CHAIR, f"{prefix}{target}に賛成の方は挙手をお願いします。")
    speech.direct("挙手")
    counts = [f"賛成{decision.votes_for}人"]
    if decision.votes_against is not None:
        counts.append(f"反対{decision.votes_against}人")
    if decision.votes_abstain:
        counts.append(f"棄権{decision.votes_abstain}人")
    if decision.votes_present is not None:
        counts.append(f"出席{decision.votes_present}人")
    majority = (decision.votes_for or 0) > (decision.votes_against or 0)
    result = "賛成多数により、" if majority and verb in ("承認", "了承") else "本件は、"
    speech.say(CHAIR, f"{'、'.join(counts)}です。{result}{_verb_phrase(decision)}")


def decide(item: ItemRecord, speech: _Speech) -> None:
    """The chair's question and the decision, as the seeds word them."""
    decisions = item.decisions
    if not decisions:
        return
    several = len(decisions) > 1
    if any(d.votes_for is not None for d in decisions):
        for d in decisions:
            prefix = f"{d.subject}について、" if several and d.subject else "本件について、"
            if d.votes_for is not None:
                _show_of_hands(speech, d, prefix)
            else:
                speech.say(CHAIR, f"{prefix}ご異議ございませんか。")
                speech.direct("「異議なし」の声")
                speech.say(CHAIR, f"異議なしと認め、{_verb_phrase(d)}")
        return
    verbs = list(dict.fromkeys(VERBS.get(d.outcome, "決定") for d in decisions))
    if several:
        parts = "、".join(
            f"{d.subject or '第' + str(n)}は{_matter(d)}ですので{VERBS.get(d.outcome, '決定')}"
            for n, d in enumerate(decisions, 1)
        )
        question = f"本件のうち、{parts}ということで、ご異議ございませんか。"
        conclusion = f"本件は{'と'.join(verbs)}ということで決定いたします。"
    else:
        question = "本件について、ご異議ございませんか。"
        conclusion = _verb_phrase(decisions[0])
    if all(d.no_objection for d in decisions):
        speech.say(CHAIR, question)
        speech.direct("「異議なし」の声")
        speech.say(CHAIR, f"異議なしと認め、{conclusion}")
    else:
        speech.say(CHAIR, conclusion if several else f"本件は、{conclusion}")


def read_conditions(item: ItemRecord, speech: _Speech) -> None:
    conditions = [c for d in item.decisions for c in d.conditions]
    if not conditions:
        return
    kinds = "・".join(dict.fromkeys(c.kind for c in conditions))
    speech.say(
        CHAIR,
        f"なお、本件については、次の{kinds}を付します。",
        *(f"・{c.text}" for c in conditions),
    )


def _question_exchange(record: MeetingRecord, item: ItemRecord, speech: _Speech) -> None:
    asked = [q for q in record.questions if q.phase == "during" and item.order in q.items]
    if not asked:
        return
    speech.say(CHAIR, "それでは、ご質問かご意見のある方はどうぞ。")
    for question in sorted(asked, key=lambda q: q.number):
        speech.say(MEMBER, question.text)
        if question.answer:
            speech.say(speaker_for(question.answered_by or item.department), question.answer)
    speech.say(CHAIR, "ほかにご質問かご意見はございませんか。")


def item_section(
    record: MeetingRecord, item: ItemRecord, first: bool, speech: _Speech
) -> ParsedSection:
    lead = "それでは、議事に入ります。" if first else "次に、"
    explainer = item.department or "事務局"
    title = f"{item.label}「{item.title}」" if item.label else f"「{item.title}」"
    speech.say(
        CHAIR,
        f"{lead}{title}について、{explainer}から説明をお願いします。",
        "" if item.is_public else f"なお、本件は非公開で審議します（理由：{item.closed_reason}）。",
    )
    speech.direct("担当課より資料に基づき説明" if item.department else "事務局より資料に基づき説明")
    _question_exchange(record, item, speech)
    decide(item, speech)
    read_conditions(item, speech)
    return speech.section(item.order, item.heading)


def closing(record: MeetingRecord, speech: _Speech) -> ParsedSection:
    staff = record.secretariat_speaker()
    following = record.next_meeting
    if following is not None:
        speech.say(CHAIR, "以上で、本日の議事は終了しました。事務局から連絡事項をお願いします。")
        start = f"{wareki.format_time(following.start_time)}から" if following.start_time else ""
        place = f"、{following.venue}で" if following.venue else "に"
        speech.say(
            staff,
            f"次回の審議会は、{wareki.format_date(following.date)}{start}{place}開催する予定です。",
        )
    speech.say(CHAIR, f"以上をもちまして、{_council_session(record)}を閉会いたします。")
    if record.end_time:
        speech.direct(f"{wareki.format_time(record.end_time)}閉会")
    return speech.section(None, "閉会")


def unplaced_questions(record: MeetingRecord, speech: _Speech) -> ParsedSection | None:
    orders = {item.order for item in record.items}
    loose = [q for q in record.questions if q.phase == "during" and not (set(q.items) & orders)]
    for question in sorted(loose, key=lambda q: q.number):
        speech.say(MEMBER, question.text)
        if question.answer:
            answerer = speaker_for(question.answered_by) if question.answered_by else "事務局"
            speech.say(answerer, question.answer)
    return speech.section(None, "その他の質疑") if loose else None


def written_sections(record: MeetingRecord, speech: _Speech) -> list[ParsedSection]:
    """A written meeting (書面開催): no speech, but the dates, each item's opinions and the
    written result."""
    opened = wareki.format_date(record.opens_on) if record.opens_on else "—"
    speech.direct(
        f"本審議会は書面により開催した。審議開始日：{opened}、議決日：{wareki.format_date(record.date)}"
    )
    sections = [speech.section(None, "書面開催")]
    for item in record.items:
        for vote in item.votes:
            if vote.opinion.strip():
                speech.say(MEMBER, vote.opinion)
        result = _written_result(item)
        if result:
            speech.direct(result)
        sections.append(speech.section(item.order, item.heading))
    return sections


def _written_result(item: ItemRecord) -> str:
    verbs = "と".join(dict.fromkeys(VERBS.get(d.outcome, "決定") for d in item.decisions))
    if not verbs:
        return ""
    tally = {c: sum(1 for v in item.votes if v.choice == c) for c in ("for", "against", "abstain")}
    counts = f"賛成{tally['for']}人" if item.votes else ""
    if tally["against"]:
        counts += f"、反対{tally['against']}人"
    if tally["abstain"]:
        counts += f"、棄権{tally['abstain']}人"
    return f"書面による表決の結果、{verbs}とした。" + (f"{counts}" if counts else "")


def transcript(record: MeetingRecord) -> tuple[ParsedSection, ...]:
    """The record of speech, section by section."""
    speech = _Speech(record)
    if record.is_written:
        return tuple(written_sections(record, speech))
    sections = [opening(record, speech)]
    for position, item in enumerate(record.items):
        sections.append(item_section(record, item, position == 0, speech))
    loose = unplaced_questions(record, speech)
    if loose is not None:
        sections.append(loose)
    sections.append(closing(record, speech))
    return tuple(sections)


# -- the question tables ---------------------------------------------------------------------


def _group_title(record: MeetingRecord, question: QuestionRecord) -> str:
    if question.section:
        return question.section
    labels = [i.heading for i in record.items if i.order in question.items]
    return "、".join(labels) or "全般"


def qa_groups(record: MeetingRecord, *, hidden: Collection[int] = ()) -> tuple[QaGroup, ...]:
    """Written and advance questions as numbered tables (番号・質問・区の考え方), grouped by
    their section in the order the sections first appear; questions only on items in
    `hidden` are left out."""
    groups: dict[str, list[QaRow]] = {}
    for question in sorted(record.questions, key=lambda q: q.number):
        if question.phase == "during":
            continue
        if question.items and set(question.items) <= set(hidden):
            continue
        title = _group_title(record, question)
        if question.phase == "before" and not record.is_written:
            title = f"事前質問（{title}）"
        groups.setdefault(title, []).append(QaRow(question.number, question.text, question.answer))
    return tuple(QaGroup(title, tuple(rows)) for title, rows in groups.items())


def compose(record: MeetingRecord) -> Draft:
    """The draft minutes of the meeting."""
    return Draft(
        title=record.name,
        header=header(record),
        sections=transcript(record),
        qa=qa_groups(record),
    )
