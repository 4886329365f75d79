"""The My Number privacy impact assessment (特定個人情報保護評価) calculator.

The threshold judgement (しきい値判断) of the Personal Information Protection Commission's
guideline (特定個人情報保護評価指針 第5の2), the procedure each level requires of a local
government, and the dates that follow from it. Pure Python: no Django.

| 対象人数 | 取扱者数 ≥ 500 or 重大事故 | otherwise |
|---|---|---|
| < 1,000 | — (not required) | — |
| 1,000 – 9,999 | basic | basic |
| 10,000 – 99,999 | basic + focused | basic |
| 100,000 – 299,999 | basic + full | basic + focused |
| ≥ 300,000 | basic + full | basic + full |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from shingikai.lib import glossary

HANDLERS_THRESHOLD = 500
PUBLIC_COMMENT_DAYS = 30
REASSESSMENT_YEARS = 5
BANDS = (  # lower bound of 対象人数, label
    (300_000, "30万人以上"),
    (100_000, "10万人以上30万人未満"),
    (10_000, "1万人以上10万人未満"),
    (1_000, "1,000人以上1万人未満"),
    (0, "1,000人未満"),
)


@dataclass(frozen=True)
class Step:
    """One step of the procedure; `due` is its date where the inputs give one."""

    code: str
    label: str
    due: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Judgement:
    people: int
    handlers: int
    serious_incident: bool
    band: str
    required: tuple[str, ...]
    reason: str
    steps: tuple[Step, ...]

    @property
    def required_labels(self) -> tuple[str, ...]:
        return tuple(glossary.label(glossary.PIA_LEVELS, code) for code in self.required)

    def as_dict(self) -> dict[str, object]:
        return {
            "people": self.people,
            "handlers": self.handlers,
            "serious_incident": self.serious_incident,
            "band": self.band,
            "required": list(self.required),
            "required_labels": list(self.required_labels),
            "reason": self.reason,
            "steps": [
                {**asdict(s), "due": s.due.isoformat() if s.due else None} for s in self.steps
            ],
        }


def _band(people: int) -> str:
    return next(label for bound, label in BANDS if people >= bound)


def required_assessments(people: int, handlers: int, serious_incident: bool) -> tuple[str, ...]:
    """The assessments the guideline requires for these inputs (basic, focused, full)."""
    if people < 0 or handlers < 0:
        raise ValueError("対象人数と取扱者数は0以上で指定してください。")
    heavy = handlers >= HANDLERS_THRESHOLD or serious_incident
    if people >= 300_000:
        return ("basic", "full")
    if people >= 100_000:
        return ("basic", "full") if heavy else ("basic", "focused")
    if people >= 10_000:
        return ("basic", "focused") if heavy else ("basic",)
    if people >= 1_000:
        return ("basic",)
    return ()


def _reason(people: int, handlers: int, serious_incident: bool) -> str:
    if people < 1_000:
        return "対象人数が1,000人未満のため、評価は義務付けられていません（任意に実施できます）。"
    parts = [f"対象人数{people:,}人（{_band(people)}）"]
    if 10_000 <= people < 300_000:
        heavy = handlers >= HANDLERS_THRESHOLD or serious_incident
        condition = []
        if handlers >= HANDLERS_THRESHOLD:
            condition.append(f"取扱者数{handlers:,}人（500人以上）")
        if serious_incident:
            condition.append("過去1年以内の重大事故あり")
        if heavy:
            parts.append("、".join(condition))
        else:
            parts.append(f"取扱者数{handlers:,}人（500人未満）・重大事故なし")
    return "、".join(parts) + "のため。"


def steps_for(
    required: tuple[str, ...],
    *,
    comment_start: dt.date | None = None,
    inspection_on: dt.date | None = None,
) -> tuple[Step, ...]:
    """The procedure of the most demanding required assessment, with dates where known.

    A full assessment asks the public for 30 days or more, revises the draft, has it
    inspected by a third party (usually the council), then submits and publishes it.
    """
    if not required:
        return (Step("none", "評価の実施は不要（任意に実施可）"),)
    if "full" not in required:
        level = "重点項目評価書" if "focused" in required else "基礎項目評価書"
        return (
            Step("prepare", f"{level}の作成"),
            Step("submit", "個人情報保護委員会への提出"),
            Step("publish", "公表"),
        )
    comment_end = (
        comment_start + dt.timedelta(days=PUBLIC_COMMENT_DAYS - 1) if comment_start else None
    )
    return (
        Step("prepare", "基礎項目評価書・全項目評価書（案）の作成"),
        Step(
            "public_comment",
            "住民等からの意見聴取（30日以上）",
            comment_end,
            f"{comment_start:%Y-%m-%d}から30日以上" if comment_start else "30日以上",
        ),
        Step("revise", "意見を踏まえた評価書の見直し"),
        Step("inspection", "第三者点検（審議会への諮問）", inspection_on),
        Step("submit", "個人情報保護委員会への提出"),
        Step("publish", "公表"),
    )


def threshold(
    people: int,
    handlers: int,
    serious_incident: bool = False,
    *,
    comment_start: dt.date | None = None,
    inspection_on: dt.date | None = None,
) -> Judgement:
    """The threshold judgement with the required assessments and their procedure."""
    required = required_assessments(people, handlers, serious_incident)
    return Judgement(
        people=people,
        handlers=handlers,
        serious_incident=serious_incident,
        band=_band(people),
        required=required,
        reason=_reason(people, handlers, serious_incident),
        steps=steps_for(required, comment_start=comment_start, inspection_on=inspection_on),
    )


@dataclass(frozen=True)
class Schedule:
    """When an assessment must be looked at again."""

    annual_reviews: tuple[dt.date, ...]
    reassessment_by: dt.date | None


def schedule(published_on: dt.date, required: tuple[str, ...], *, years: int = 5) -> Schedule:
    """Yearly reviews after publication and, for a full assessment, the re-assessment within
    five years of publication. A significant change (重要な変更) calls for re-assessment
    before the change, whatever this schedule says."""
    reviews = tuple(_add_years(published_on, n) for n in range(1, years + 1))
    due = _add_years(published_on, REASSESSMENT_YEARS) if "full" in required else None
    return Schedule(reviews, due)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def started_before_assessment(
    handling_started: dt.date | None, assessed_on: dt.date | None
) -> bool:
    """The handling began before its assessment was done (an after-the-fact assessment,
    as with the COVID-19 vaccination certificates in seed 002)."""
    return bool(handling_started and assessed_on and handling_started < assessed_on)
