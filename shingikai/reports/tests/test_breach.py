"""The breach-reporting rules at every boundary: who must report, by when, and the
warnings before and after each deadline. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from shingikai.reports import breach
from shingikai.reports.breach import Facts, State

FOUND = dt.date(2024, 4, 1)


def day(n: int) -> dt.date:
    """The n-th day after the date found (day 0 is the date found)."""
    return FOUND + dt.timedelta(days=n)


@pytest.mark.parametrize(("persons", "required"), [(0, False), (100, False), (101, True)])
def test_it_requires_a_report_above_100_persons_only(persons: int, required: bool) -> None:
    assert breach.report_required(Facts(persons=persons)) is required


@pytest.mark.parametrize(
    ("criterion", "reason"),
    [
        ("sensitive", "要配慮個人情報が含まれる"),
        ("financial_risk", "不正に利用されることにより財産的被害が生じるおそれがある"),
        ("unauthorised_purpose", "不正の目的をもって行われたおそれがある"),
    ],
)
def test_it_requires_a_report_for_each_criterion_alone(criterion: str, reason: str) -> None:
    facts = Facts(persons=1, **{criterion: True})

    assert breach.report_required(facts)
    assert breach.reasons(facts) == (reason,)


def test_it_lists_every_reason_that_applies() -> None:
    facts = Facts(persons=1234, sensitive=True, financial_risk=True, unauthorised_purpose=True)

    assert breach.reasons(facts) == (
        "要配慮個人情報が含まれる",
        "不正に利用されることにより財産的被害が生じるおそれがある",
        "不正の目的をもって行われたおそれがある",
        "本人の数が100人を超える（1,234人）",
    )


def test_it_does_not_require_a_report_for_my_number_data_alone() -> None:
    assert not breach.report_required(Facts(persons=5, my_number=True))


def test_it_counts_a_reportable_my_number_breach_as_serious() -> None:
    assert breach.is_serious(Facts(persons=101, my_number=True))
    assert not breach.is_serious(Facts(persons=100, my_number=True))
    assert not breach.is_serious(Facts(persons=101, my_number=False))


def test_it_sets_the_prompt_report_5_days_and_the_final_30_days_after_the_date_found() -> None:
    due = breach.deadlines(FOUND, unauthorised_purpose=False)

    assert (due.prompt, due.final, due.final_days) == (day(5), day(30), 30)


def test_it_gives_60_days_for_the_final_report_of_an_unauthorised_purpose() -> None:
    due = breach.deadlines(FOUND, unauthorised_purpose=True)

    assert (due.prompt, due.final, due.final_days) == (day(5), day(60), 60)


@pytest.mark.parametrize(
    ("unauthorised", "reported", "state"),
    [
        (False, 30, State.DONE),
        (False, 31, State.LATE),
        (True, 60, State.DONE),
        (True, 61, State.LATE),
    ],
)
def test_it_counts_a_final_report_on_the_last_day_as_on_time(
    unauthorised: bool, reported: int, state: State
) -> None:
    _prompt, final = breach.schedule(FOUND, unauthorised, day(1), day(reported), day(90))

    assert final.state is state


@pytest.mark.parametrize(
    ("unauthorised", "today", "state", "days_left"),
    [
        (False, 22, State.OPEN, 8),
        (False, 23, State.SOON, 7),
        (False, 30, State.SOON, 0),
        (False, 31, State.OVERDUE, -1),
        (True, 53, State.SOON, 7),
        (True, 60, State.SOON, 0),
        (True, 61, State.OVERDUE, -1),
    ],
)
def test_it_warns_a_week_before_the_final_deadline_and_after_it(
    unauthorised: bool, today: int, state: State, days_left: int
) -> None:
    _prompt, final = breach.schedule(FOUND, unauthorised, day(1), None, day(today))

    assert (final.state, final.days_left) == (state, days_left)
    assert final.is_warning is (state in (State.SOON, State.OVERDUE))


def test_it_says_how_near_or_how_late_a_deadline_is() -> None:
    soon, _ = breach.schedule(FOUND, False, None, None, day(2))
    today, _ = breach.schedule(FOUND, False, None, None, day(5))
    late, _ = breach.schedule(FOUND, False, None, None, day(7))

    assert (soon.message, soon.state_label) == ("期限まであと3日", "期限が近い")
    assert today.message == "本日が期限"
    assert (late.message, late.state_label) == ("期限を2日超過", "期限超過")


def test_it_describes_the_prompt_deadline_as_promptly_with_a_guide() -> None:
    prompt, final = breach.schedule(FOUND, False, None, None, FOUND)

    assert (prompt.label, prompt.rule) == ("速報", "速やかに（目安：発覚から3～5日以内）")
    assert (final.label, final.rule) == ("確報", "発覚から30日以内")


def test_it_clears_the_warning_once_the_report_is_made() -> None:
    before = breach.schedule(FOUND, False, None, None, day(4))
    after = breach.schedule(FOUND, False, day(4), None, day(4))
    late = breach.schedule(FOUND, False, day(9), None, day(9))

    assert before[0].state is State.SOON
    assert after[0].state is State.DONE
    assert after[0].message == ""
    assert breach.worst(before) is State.SOON
    assert breach.worst(after) is None
    assert (late[0].state, late[0].state_label, breach.worst(late)) == (
        State.LATE,
        "報告済（期限後）",
        None,
    )


def test_it_ranks_overdue_before_soon() -> None:
    deadlines = breach.schedule(FOUND, False, None, None, day(25))

    assert [d.state for d in deadlines] == [State.OVERDUE, State.SOON]
    assert breach.worst(deadlines) is State.OVERDUE
