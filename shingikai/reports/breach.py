"""Breach reporting by a public body (漏えい等報告, 個人情報保護法68条 and the Commission's
rules): whether a report and a notice to the persons are required, the deadlines of the
prompt (速報) and final (確報) reports, and how near each deadline is. Pure Python: no Django.

A report to the Personal Information Protection Commission and a notice to the persons are
required when any one of these holds (the public-sector rules; businesses count 1,000):

- sensitive personal information (要配慮個人情報) is involved;
- misuse may cause financial damage (財産的被害が生じるおそれ);
- it may have been done for an unauthorised purpose (不正の目的をもって行われたおそれ);
- more than 100 persons are affected (100 is not enough, 101 is).

The prompt report is due "promptly" (速やかに, about 3-5 days): we take 5 days from the
date found as the latest. The final report is due within 30 days of the date found, 60
for an unauthorised purpose, counted as the date found plus 30 (or 60) days: a report on
that day is on time, one day later is late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

PERSONS_THRESHOLD = 100
PROMPT_DAYS = 5
FINAL_DAYS = 30
FINAL_DAYS_UNAUTHORISED = 60
WARNING_DAYS = 7
PROMPT_WORDING = "速やかに（目安：発覚から3～5日以内）"


@dataclass(frozen=True)
class Facts:
    """What the reporting rules look at."""

    persons: int
    sensitive: bool = False
    financial_risk: bool = False
    unauthorised_purpose: bool = False
    my_number: bool = False


def reasons(facts: Facts) -> tuple[str, ...]:
    """Every criterion that makes a report required, in the order of the rules."""
    found = []
    if facts.sensitive:
        found.append("要配慮個人情報が含まれる")
    if facts.financial_risk:
        found.append("不正に利用されることにより財産的被害が生じるおそれがある")
    if facts.unauthorised_purpose:
        found.append("不正の目的をもって行われたおそれがある")
    if facts.persons > PERSONS_THRESHOLD:
        found.append(f"本人の数が100人を超える（{facts.persons:,}人）")
    return tuple(found)


def report_required(facts: Facts) -> bool:
    """A report to the Commission and a notice to the persons are required."""
    return bool(reasons(facts))


def is_serious(facts: Facts) -> bool:
    """A serious incident (重大事故) for the My Number PIA threshold judgement: a reportable
    breach of specific personal information (特定個人情報)."""
    return facts.my_number and report_required(facts)


@dataclass(frozen=True)
class Deadlines:
    prompt: dt.date
    final: dt.date
    final_days: int


def deadlines(found_on: dt.date, unauthorised_purpose: bool) -> Deadlines:
    """The latest dates of the prompt and final reports."""
    days = FINAL_DAYS_UNAUTHORISED if unauthorised_purpose else FINAL_DAYS
    return Deadlines(
        prompt=found_on + dt.timedelta(days=PROMPT_DAYS),
        final=found_on + dt.timedelta(days=days),
        final_days=days,
    )


class State(StrEnum):
    """Where a deadline stands; SOON and OVERDUE are warnings."""

    OPEN = "open"
    SOON = "soon"
    OVERDUE = "overdue"
    DONE = "done"
    LATE = "late"


STATE_LABELS = {
    State.OPEN: "期限内",
    State.SOON: "期限が近い",
    State.OVERDUE: "期限超過",
    State.DONE: "報告済",
    State.LATE: "報告済（期限後）",
}


def state(due: dt.date, done_on: dt.date | None, today: dt.date) -> State:
    """Done on or before the due date is on time; not done, the warning starts
    WARNING_DAYS before the due date and turns to overdue the day after it."""
    if done_on is not None:
        return State.DONE if done_on <= due else State.LATE
    if today > due:
        return State.OVERDUE
    if (due - today).days <= WARNING_DAYS:
        return State.SOON
    return State.OPEN


@dataclass(frozen=True)
class Deadline:
    """One report with its due date and where it stands on `today`."""

    code: str  # prompt, final
    label: str  # 速報, 確報
    rule: str  # 速やかに（目安：…）, 発覚から30日以内
    due: dt.date
    done_on: dt.date | None
    state: State
    days_left: int  # negative once overdue

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_warning(self) -> bool:
        return self.state in (State.SOON, State.OVERDUE)

    @property
    def message(self) -> str:
        """期限まであと3日 / 期限を2日超過 / 本日が期限 (empty once reported)."""
        if self.done_on is not None:
            return ""
        if self.days_left > 0:
            return f"期限まであと{self.days_left}日"
        if self.days_left == 0:
            return "本日が期限"
        return f"期限を{-self.days_left}日超過"


def schedule(
    found_on: dt.date,
    unauthorised_purpose: bool,
    prompt_done: dt.date | None,
    final_done: dt.date | None,
    today: dt.date,
) -> tuple[Deadline, Deadline]:
    """The prompt and final reports of a reportable incident, as of `today`."""
    due = deadlines(found_on, unauthorised_purpose)
    final_rule = f"発覚から{due.final_days}日以内"
    return (
        _deadline("prompt", "速報", PROMPT_WORDING, due.prompt, prompt_done, today),
        _deadline("final", "確報", final_rule, due.final, final_done, today),
    )


def _deadline(
    code: str, label: str, rule: str, due: dt.date, done_on: dt.date | None, today: dt.date
) -> Deadline:
    return Deadline(
        code=code,
        label=label,
        rule=rule,
        due=due,
        done_on=done_on,
        state=state(due, done_on, today),
        days_left=(due - today).days,
    )


def worst(items: tuple[Deadline, ...] | list[Deadline]) -> State | None:
    """The most urgent warning among the deadlines (overdue before soon), if any."""
    states = {d.state for d in items}
    for candidate in (State.OVERDUE, State.SOON):
        if candidate in states:
            return candidate
    return None
