"""A council world worth searching: the root `world` (item 1 public with 健康推進課's case,
item 2 closed with 子ども家庭課's, a draft nobody outside 子ども家庭課 may see) with texts in
every indexed place, the meeting published, decisions, conditions, questions and approved
minutes. Every write runs its on-commit index update (the tests' transaction never commits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from shingikai.meetings.models import AgendaItem, Condition, Decision, MeetingQuestion
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes.models import Minutes

Capture = Callable[..., AbstractContextManager[Any]]

MINUTES_TEXT = """■開会
○会長　ただいまから審議会を開会します。
■1 健康推進課の受理済み案件
○会長　外部委託について説明をお願いします。
○健康推進課長　ＵＳＢメモリは使いません。データはサーバーで管理します。
○委員1委員　個人情報の扱いは適切ですか。
■2 子ども家庭課の審議予定案件
○会長　非公開の秘密審議を始めます。
○委員2委員　ｶﾅ氏名の扱いを確認したい。
（「異議なし」の声）
"""


@dataclass
class Searchable:
    world: World
    open_item: AgendaItem
    closed_item: AgendaItem
    open_decision: Decision
    closed_decision: Decision
    minutes: Minutes


@pytest.fixture
def commit(
    django_capture_on_commit_callbacks: Capture,
) -> Callable[[], AbstractContextManager[Any]]:
    """`with commit(): …` runs the block's on-commit callbacks (the index updates) at its end,
    as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _cases(world: World) -> None:
    health = world.health_case
    health.summary = "受診票データをＵＳＢメモリで外部委託先に渡し、委託先のサーバーに保管する。"
    health.save()
    childcare = world.childcare_case
    childcare.summary = "児童の氏名（ｶﾅ）を管理する。秘密保持契約を結ぶ。"
    childcare.save()
    draft = world.childcare_draft
    draft.summary = "下書きの極秘メモ：再委託を検討中。"
    draft.save()


def _decisions(open_item: AgendaItem, closed_item: AgendaItem) -> tuple[Decision, Decision]:
    day = dt.date(2022, 6, 1)
    shown = Decision.objects.create(
        agenda_item=open_item,
        outcome="approved_with_conditions",
        decided_on=day,
        text="ログの確認を条件に承認する。",
        warning="定足数の確認済み",
    )
    Condition.objects.create(
        decision=shown,
        text="アクセスログを毎月点検すること。",
        owner=open_item.case.department,
        evidence="点検表を提出済み",
    )
    hidden = Decision.objects.create(
        agenda_item=closed_item,
        outcome="approved",
        decided_on=day,
        text="秘密の結論",
    )
    Condition.objects.create(
        decision=hidden, text="秘密の条件を守ること。", owner=closed_item.case.department
    )
    return shown, hidden


def _questions(world: World, open_item: AgendaItem, closed_item: AgendaItem) -> None:
    meeting = world.meeting
    asked = MeetingQuestion.objects.create(
        meeting=meeting,
        number=1,
        phase="before",
        text="ＵＳＢメモリの暗号化はどうしますか。",
        answer="暗号化機能付きのものを使います。",
        asked_by=world.members[0],
    )
    asked.agenda_items.set([open_item])
    closed = MeetingQuestion.objects.create(
        meeting=meeting, number=2, phase="before", text="秘密の質問です。", answer="秘密の回答。"
    )
    closed.agenda_items.set([closed_item])


def _minutes(world: World) -> Minutes:
    minutes = Minutes.objects.create(meeting=world.meeting)
    minutes_actions.save_text(minutes, MINUTES_TEXT, world.secretariat)
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED)
    minutes.refresh_from_db()
    return minutes


@pytest.fixture
def searchable(world: World, commit: Callable[[], AbstractContextManager[Any]]) -> Searchable:
    with commit():
        _cases(world)
        meeting = world.meeting
        meeting.published_at = timezone.now() - dt.timedelta(days=1)
        meeting.save()
        open_item = meeting.agenda_items.get(order=1)
        closed_item = meeting.agenda_items.get(order=2)
        shown, hidden = _decisions(open_item, closed_item)
        _questions(world, open_item, closed_item)
        minutes = _minutes(world)
    return Searchable(world, open_item, closed_item, shown, hidden, minutes)
