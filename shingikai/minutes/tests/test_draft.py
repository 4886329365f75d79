"""The draft of a meeting like Shinjuku's 令和4年度第6回, composed from the database."""

from __future__ import annotations

import pytest

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.meetings.models import Decision
from shingikai.minutes import actions, records
from shingikai.minutes.compose import compose
from shingikai.minutes.models import Minutes
from shingikai.minutes.tests.conftest import ANSWER, QUESTION, REQUEST, TITLE_18, TITLE_19, Shinjuku

pytestmark = pytest.mark.django_db


def test_it_writes_the_header_from_the_meeting_record(shinjuku: Shinjuku) -> None:
    rows = dict(compose(records.meeting_record(shinjuku.meeting)).header)

    assert rows["名称"] == "令和4年度第6回 新宿区情報公開・個人情報保護審議会"
    assert rows["日時"] == "令和4年11月17日（木） 午後2時00分～午後2時41分"
    assert rows["会場"] == "新宿区役所本庁舎6階 第2委員会室"
    assert rows["出席委員"] == "中島宏　伊藤花子　松井一郎　木もと次郎（遅れて参加）"
    assert rows["欠席委員"] == "川野三郎"
    assert rows["区側"] == "総務部行政管理課　総合政策部特命担当　総務部情報システム課"
    assert rows["事務局"] == "総合政策部区政情報課"
    assert rows["傍聴者"] == "なし"
    assert rows["配付資料"].splitlines()[1] == "資料18-1　追加手続及び情報項目"
    assert rows["会議次第"].splitlines() == [
        f"1　【諮問事項】諮問第18号 {TITLE_18}",
        f"2　【報告事項】報告第19号 {TITLE_19}",
    ]


def test_it_records_the_decisions_in_the_seeds_wording(shinjuku: Shinjuku) -> None:
    text = compose(records.meeting_record(shinjuku.meeting)).text

    assert f"■1 諮問第18号 {TITLE_18}" in text
    assert "（担当課より資料に基づき説明）" in text
    assert (
        "外部結合は諮問事項ですので承認、外部委託は報告事項ですので了承ということで、"
        "ご異議ございませんか。\n（「異議なし」の声）\n"
        "○会長　異議なしと認め、本件は承認と了承ということで決定いたします。"
    ) in text
    assert f"次の要望を付します。\n・{REQUEST}" in text
    assert "○会長　異議なしと認め、了承します。" in text
    assert f"○委員　{QUESTION}\n○情報システム課長　{ANSWER}" in text
    assert (
        "○区政情報課長　本日は、委員5人中4人が出席しており、定足数（3人）を満たしています" in text
    )
    assert "次回の審議会は、令和4年12月15日（木）午後2時00分から、本庁舎5階 大会議室で" in text


def test_it_stores_the_draft_as_revision_one_with_its_utterances(
    shinjuku: Shinjuku, world: World
) -> None:
    minutes = actions.generate_draft(shinjuku.meeting, world.secretariat)

    assert minutes.status == Minutes.Status.DRAFT
    revision = minutes.current_revision()
    assert revision is not None and revision.number == 1
    assert revision.created_by == world.secretariat
    assert len(revision.sha256) == 64
    utterances = list(minutes.utterances.order_by("order"))
    assert utterances[0].speaker == "会長" and utterances[0].role == "chair"
    assert utterances[1].speaker == "区政情報課長" and utterances[1].role == "secretariat"
    by_item = {u.agenda_item_id for u in utterances}
    assert by_item == {None, shinjuku.item18.pk, shinjuku.item19.pk}
    question = next(u for u in utterances if u.text == QUESTION)
    assert question.role == "member" and question.agenda_item_id == shinjuku.item18.pk
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=minutes.pk).exists()


def test_it_regenerates_a_draft_as_a_new_revision(shinjuku: Shinjuku, world: World) -> None:
    minutes = actions.generate_draft(shinjuku.meeting, world.secretariat)
    actions.circulate(minutes, world.secretariat)
    Decision.objects.filter(agenda_item=shinjuku.item19).update(outcome="continued")

    minutes = actions.generate_draft(shinjuku.meeting, world.secretariat)

    assert minutes.status == Minutes.Status.DRAFT
    revision = minutes.current_revision()
    assert revision is not None and revision.number == 2
    assert revision.reason == "会議の記録から再作成"
    assert "継続審議とします。" in revision.text


def test_it_refuses_to_regenerate_approved_minutes(shinjuku: Shinjuku, world: World) -> None:
    minutes = actions.generate_draft(shinjuku.meeting, world.secretariat)
    actions.approve(minutes, shinjuku.next_meeting, world.secretariat)

    with pytest.raises(actions.InvalidTransition, match="承認済みの会議録は作り直せません"):
        actions.generate_draft(shinjuku.meeting, world.secretariat)
    assert minutes.revisions.count() == 1


def test_it_refuses_to_overwrite_imported_minutes(shinjuku: Shinjuku, world: World) -> None:
    minutes = actions.generate_draft(shinjuku.meeting, world.secretariat)
    Minutes.objects.filter(pk=minutes.pk).update(imported=True)

    with pytest.raises(actions.InvalidTransition, match="取り込んだ会議録"):
        actions.generate_draft(shinjuku.meeting, world.secretariat)


def test_it_reads_the_record_in_a_fixed_number_of_queries(
    shinjuku: Shinjuku, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        records.meeting_record(shinjuku.meeting)
