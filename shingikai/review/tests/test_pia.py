"""The threshold judgement table, every row and boundary, and the procedure it implies."""

from __future__ import annotations

import datetime as dt

import pytest

from shingikai.review import pia

BASIC, FOCUSED, FULL = ("basic",), ("basic", "focused"), ("basic", "full")

# people, handlers, serious incident → required assessments
TABLE = [
    (0, 0, False, ()),
    (999, 10_000, True, ()),
    (1_000, 0, False, BASIC),
    (1_000, 500, True, BASIC),
    (9_999, 499, False, BASIC),
    (9_999, 500, True, BASIC),
    (10_000, 499, False, BASIC),
    (10_000, 500, False, FOCUSED),
    (10_000, 499, True, FOCUSED),
    (99_999, 499, False, BASIC),
    (99_999, 500, False, FOCUSED),
    (99_999, 0, True, FOCUSED),
    (100_000, 499, False, FOCUSED),
    (100_000, 500, False, FULL),
    (100_000, 0, True, FULL),
    (299_999, 499, False, FOCUSED),
    (299_999, 500, False, FULL),
    (299_999, 499, True, FULL),
    (300_000, 0, False, FULL),
    (300_000, 499, False, FULL),
    (300_000, 500, True, FULL),
    (5_000_000, 0, False, FULL),
]


@pytest.mark.parametrize(("people", "handlers", "incident", "required"), TABLE)
def test_it_requires_what_the_guideline_table_says(
    people: int, handlers: int, incident: bool, required: tuple[str, ...]
) -> None:
    assert pia.required_assessments(people, handlers, incident) == required
    assert pia.threshold(people, handlers, incident).required == required


@pytest.mark.parametrize(("people", "handlers"), [(-1, 0), (0, -1)])
def test_it_rejects_negative_inputs(people: int, handlers: int) -> None:
    with pytest.raises(ValueError, match="0以上"):
        pia.required_assessments(people, handlers, False)


def test_it_says_why_in_japanese() -> None:
    assert "500人以上" in pia.threshold(150_000, 600).reason
    assert "重大事故あり" in pia.threshold(50_000, 10, True).reason
    assert "義務付けられていません" in pia.threshold(10, 10).reason


def test_it_lists_the_full_assessment_procedure_with_a_30_day_comment() -> None:
    judgement = pia.threshold(
        300_000, 10, comment_start=dt.date(2022, 10, 1), inspection_on=dt.date(2022, 12, 27)
    )
    codes = [s.code for s in judgement.steps]
    assert codes == ["prepare", "public_comment", "revise", "inspection", "submit", "publish"]
    comment = judgement.steps[1]
    assert comment.due == dt.date(2022, 10, 30)  # 30 days counting the first
    assert judgement.steps[3].due == dt.date(2022, 12, 27)


def test_it_needs_no_inspection_below_the_full_assessment() -> None:
    codes = [s.code for s in pia.threshold(50_000, 10).steps]
    assert "inspection" not in codes and "public_comment" not in codes
    assert [s.code for s in pia.threshold(10, 10).steps] == ["none"]


def test_it_schedules_yearly_reviews_and_the_five_year_reassessment() -> None:
    plan = pia.schedule(dt.date(2024, 2, 29), FULL)
    assert plan.annual_reviews[0] == dt.date(2025, 2, 28)
    assert len(plan.annual_reviews) == 5
    assert plan.reassessment_by == dt.date(2029, 2, 28)
    assert pia.schedule(dt.date(2024, 4, 1), BASIC).reassessment_by is None


def test_it_flags_a_handling_started_before_its_assessment() -> None:
    assert pia.started_before_assessment(dt.date(2022, 7, 26), dt.date(2022, 12, 27))
    assert not pia.started_before_assessment(dt.date(2023, 1, 5), dt.date(2022, 12, 27))
    assert not pia.started_before_assessment(None, dt.date(2022, 12, 27))


def test_it_gives_the_json_shape_the_command_prints() -> None:
    data = pia.threshold(120_000, 20).as_dict()
    assert data["required"] == ["basic", "focused"]
    assert data["required_labels"] == ["基礎項目評価", "重点項目評価"]
    assert {"code", "label", "due", "note"} <= set(data["steps"][0])
