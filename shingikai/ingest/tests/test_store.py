"""Storing a `MinutesRecord`: what is created, idempotence, replacement, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Council, Municipality
from shingikai.ingest import store
from shingikai.ingest.models import IngestedFile
from shingikai.ingest.records import (
    AgendaRecord,
    MinutesRecord,
    QuestionRecord,
    UtteranceRecord,
    Votes,
)
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingQuestion,
)
from shingikai.minutes import text as minutes_text
from shingikai.minutes.models import Minutes, MinutesRevision, Utterance

MODELS = (
    Municipality,
    Council,
    Meeting,
    AgendaItem,
    Decision,
    MeetingQuestion,
    Attendance,
    Minutes,
    MinutesRevision,
    Utterance,
    IngestedFile,
    AuditEvent,
)


def counts() -> dict[str, int]:
    """Rows in every table the store writes."""
    return {model.__name__: model.objects.count() for model in MODELS}


def source(name: str, content: str = "") -> dict[str, str]:
    digest = hashlib.sha256((content or name).encode()).hexdigest()
    return {"name": name, "sha256": digest, "format": "text"}


def make_record(name: str = "setagaya-2022-07.txt", **changes: Any) -> MinutesRecord:
    """An in-person meeting shaped like seed 002 (Setagaya, 令和4年度第7回)."""
    record = MinutesRecord(
        source=source(name),
        municipality="世田谷区",
        body="世田谷区情報公開・個人情報保護審議会",
        title="令和４年度第７回 世田谷区情報公開・個人情報保護審議会",
        fiscal_year=2022,
        ordinal=7,
        date="2022-12-27",
        start_time="14:00",
        end_time="15:37",
        venue="世田谷区役所 第１庁舎５階 庁議室",
        format="in_person",
        attendees={"members": ["山田健太", "斉木秀憲"], "staff": ["総務部区政情報課長 末竹秀隆"]},
        observers=0,
        agenda=[
            AgendaRecord(
                kind="consultation",
                number="諮問第999号",
                title="「健康推進業務」における外部委託に伴う個人情報の保護措置について",
                review_types=["outsourcing"],
                outcome="approved",
            ),
            AgendaRecord(
                kind="consultation",
                number="諮問第1000号",
                title="妊活オンライン相談等事業委託について",
                outcome="approved_with_conditions",
                votes=Votes(for_=9, against=2, present=11),
            ),
            AgendaRecord(kind="report", number=None, title="事前送付した報告事項について"),
        ],
        utterances=[
            UtteranceRecord("会長", "chair", None, None, "ただいまから審議会を開会いたします。"),
            UtteranceRecord(
                "区政情報課長", "secretariat", None, None, "本日の出席委員は11名です。"
            ),
            UtteranceRecord("会長", "chair", None, 0, "諮問第999号について説明をお願いします。"),
            UtteranceRecord("健康推進課長", "staff", None, 0, "説明します。\n（資料１）\n○印の欄"),
            UtteranceRecord("山田委員", "member", "山田", 0, "委託先の管理はどうなりますか。"),
            UtteranceRecord("会長", "chair", None, 1, "次に諮問第1000号です。"),
            UtteranceRecord("会長", "chair", None, None, "以上で閉会します。"),
        ],
        questions=[],
    )
    return dataclasses.replace(record, **changes)


def written_record(name: str = "meguro-2021-02.txt") -> MinutesRecord:
    """A written meeting with a Q&A table, shaped like seed 003 (Meguro, 書面開催)."""
    return make_record(
        name,
        municipality="目黒区",
        body="目黒区情報公開・個人情報保護審議会",
        fiscal_year=2021,
        ordinal=2,
        date="2021-06-28",
        start_time=None,
        end_time=None,
        venue=None,
        format="written",
        observers=None,
        attendees={"members": ["浅田", "植野"], "staff": []},
        agenda=[
            AgendaRecord("consultation", None, f"諮問事項{n}", outcome="approved")
            for n in range(1, 5)
        ],
        utterances=[],
        questions=[
            QuestionRecord(
                1, None, "電子計算組織の定義は。", "区が保有する…", "諮問事項1～3に共通"
            ),
            QuestionRecord(2, None, "外部結合か。", "該当します。", "諮問事項1～3に共通"),
            QuestionRecord(1, 3, "商品券の委託先は。", "選定中です。", "諮問事項4"),
        ],
    )


# -- what is created -------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_stores_a_meeting_with_items_decisions_and_minutes() -> None:
    record = make_record()
    stored = store.store(record, size=1234)

    assert stored.outcome == store.CREATED
    meeting = Meeting.objects.get()
    assert stored.meeting == meeting
    assert meeting.council.name == "世田谷区情報公開・個人情報保護審議会"
    assert meeting.council.municipality.name == "世田谷区"
    assert meeting.council.municipality.head_title == "世田谷区長"
    assert (meeting.fiscal_year, meeting.ordinal) == (2022, 7)
    assert meeting.date == dt.date(2022, 12, 27)
    assert (meeting.start_time, meeting.end_time) == (dt.time(14, 0), dt.time(15, 37))
    assert meeting.venue == "世田谷区役所 第１庁舎５階 庁議室"
    assert (meeting.format, meeting.status, meeting.observers) == ("in_person", "held", 0)
    assert meeting.published_at is None
    assert meeting.term is None

    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.kind) for i in items] == [
        (1, "consultation"),
        (2, "consultation"),
        (3, "report"),
    ]
    assert items[0].title.startswith("諮問第999号 「健康推進業務」")
    decisions = list(Decision.objects.order_by("agenda_item__order"))
    assert [(d.agenda_item.order, d.outcome) for d in decisions] == [
        (1, "approved"),
        (2, "approved_with_conditions"),
    ]
    assert (decisions[1].votes_for, decisions[1].votes_against, decisions[1].votes_present) == (
        9,
        2,
        11,
    )
    assert decisions[0].decided_on == meeting.date

    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.imported and minutes.status == Minutes.Status.APPROVED
    assert minutes.source_name == "setagaya-2022-07.txt"
    assert minutes.source_sha256 == record.source["sha256"]
    assert minutes.revisions.count() == 1
    utterances = list(minutes.utterances.order_by("order"))
    speeches = [u for u in utterances if not u.is_direction]
    assert [u.speaker for u in speeches] == [u.speaker for u in record.utterances]
    assert [u.agenda_item.order if u.agenda_item else None for u in speeches] == [
        None,
        None,
        1,
        1,
        1,
        2,
        None,
    ]
    assert speeches[4].role == "member" and speeches[4].name == "山田"
    assert speeches[1].role == "secretariat"
    # Attendees without a term stay in the text, as stage directions of its first section.
    directions = [u.text for u in utterances if u.is_direction]
    assert directions == ["出席委員：山田健太　斉木秀憲", "出席職員：総務部区政情報課長 末竹秀隆"]

    row = IngestedFile.objects.get()
    assert (row.status, row.meeting, row.size, row.format) == ("imported", meeting, 1234, "text")
    assert row.sha256 == record.source["sha256"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1


@pytest.mark.django_db
def test_publish_sets_the_publication_time() -> None:
    stored = store.store(make_record(), publish=True)
    assert stored.meeting is not None and stored.meeting.published_at is not None


@pytest.mark.django_db
def test_written_questions_become_meeting_questions_linked_to_items() -> None:
    store.store(written_record())
    meeting = Meeting.objects.get()
    assert meeting.format == "written"
    questions = list(meeting.questions.order_by("number"))
    # Numbers repeat across sections in the file, so they are renumbered in order.
    assert [q.number for q in questions] == [1, 2, 3]
    assert {q.phase for q in questions} == {"written"}
    assert questions[0].section == "諮問事項1～3に共通"
    assert [i.order for i in questions[0].agenda_items.order_by("order")] == [1, 2, 3]
    assert [i.order for i in questions[2].agenda_items.all()] == [4]
    assert questions[2].answer == "選定中です。"


@pytest.mark.django_db
def test_attendees_who_are_members_of_the_term_become_attendance(world: World) -> None:
    record = make_record(
        municipality="テスト区",
        body="情報公開・個人情報保護審議会",
        fiscal_year=2022,
        ordinal=9,
        date="2023-02-01",
        attendees={"members": ["委員1", "委員 2", "山田"], "staff": []},
    )
    meeting = store.store(record).meeting
    assert meeting is not None
    # The council is found with or without the municipality's name in front.
    assert meeting.council == world.council
    assert meeting.term == world.term
    present = set(meeting.attendances.values_list("member__name", flat=True))
    assert present == {"委員1", "委員2"}
    minutes = Minutes.objects.get(meeting=meeting)
    assert "（出席委員：山田）" in minutes.current_text()


@pytest.mark.django_db
def test_a_record_without_municipality_goes_to_the_unknown_one() -> None:
    meeting = store.store(make_record(municipality=None, body=None)).meeting
    assert meeting is not None
    assert meeting.council.municipality.name == store.UNKNOWN_MUNICIPALITY
    assert meeting.council.name == store.UNKNOWN_COUNCIL


@pytest.mark.django_db
def test_a_record_without_ordinal_gets_the_next_one() -> None:
    store.store(make_record())
    other = make_record("other.txt", ordinal=None, date="2023-01-20")
    meeting = store.store(other).meeting
    assert meeting is not None and (meeting.fiscal_year, meeting.ordinal) == (2022, 8)


# -- idempotence and replacement -------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing() -> None:
    store.store(make_record())
    store.store(written_record())
    before = counts()
    again = store.store(make_record())
    assert again.outcome == store.UNCHANGED
    assert again.meeting == Meeting.objects.get(ordinal=7)
    assert counts() == before


@pytest.mark.django_db
def test_a_corrected_file_replaces_the_earlier_import() -> None:
    first = store.store(make_record("v1.txt"))
    corrected = make_record(
        source=source("v2.txt"),
        venue="世田谷区役所 第２庁舎",
        agenda=[AgendaRecord("consultation", "諮問第999号", "訂正後の議題", outcome="rejected")],
        utterances=[UtteranceRecord("会長", "chair", None, 0, "訂正後の発言です。")],
    )
    second = store.store(corrected)

    assert second.outcome == store.REPLACED
    assert Meeting.objects.count() == 1
    meeting = Meeting.objects.get()
    assert meeting.pk == first.meeting.pk  # type: ignore[union-attr]
    assert meeting.venue == "世田谷区役所 第２庁舎"
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "諮問第999号 訂正後の議題"
    ]
    assert list(Decision.objects.values_list("outcome", flat=True)) == ["rejected"]
    minutes = Minutes.objects.get()
    assert minutes.source_name == "v2.txt"
    assert minutes.source_sha256 == corrected.source["sha256"]
    assert minutes.revisions.count() == 2
    assert minutes.current_revision().reason == "会議録ファイル「v2.txt」で差替え"  # type: ignore[union-attr]
    assert [u.text for u in minutes.utterances.filter(is_direction=False)] == ["訂正後の発言です。"]
    statuses = dict(IngestedFile.objects.values_list("source_name", "status"))
    assert statuses == {"v1.txt": "replaced", "v2.txt": "imported"}

    # The old file again does not bring the old content back.
    before = counts()
    assert store.store(make_record("v1.txt")).outcome == store.UNCHANGED
    assert counts() == before


@pytest.mark.django_db
def test_a_corrected_file_with_another_ordinal_replaces_by_date() -> None:
    store.store(make_record("v1.txt"))
    second = store.store(make_record("v2.txt", ordinal=8))
    assert second.outcome == store.REPLACED
    assert list(Meeting.objects.values_list("ordinal", flat=True)) == [8]


@pytest.mark.django_db
def test_a_meeting_entered_by_hand_is_not_overwritten(world: World) -> None:
    record = make_record(
        municipality="テスト区",
        body="テスト区情報公開・個人情報保護審議会",
        fiscal_year=2022,
        ordinal=1,
        date="2022-06-01",
    )
    stored = store.store(record)
    assert stored.outcome == store.FAILED
    assert "取込以外で登録済み" in stored.error
    assert world.meeting.agenda_items.count() == 2
    assert not Minutes.objects.exists()
    row = IngestedFile.objects.get()
    assert (row.status, row.error) == ("failed", stored.error)


@pytest.mark.django_db
def test_a_failed_file_is_logged_once_and_retried() -> None:
    record = make_record()
    store.note_failure("x.txt", record.source["sha256"], 10, "壊れています。")
    store.note_failure("x.txt", record.source["sha256"], 10, "壊れています。")
    assert IngestedFile.objects.get().status == "failed"
    assert store.store(record).outcome == store.CREATED
    row = IngestedFile.objects.get()
    assert (row.status, row.error) == ("imported", "")


# -- the minutes text ------------------------------------------------------------------------


def test_the_minutes_text_parses_back_to_the_utterances() -> None:
    record = make_record()
    text = store.minutes_text_of(record, ["山田健太"])
    sections = minutes_text.parse(text, items={1, 2, 3})
    assert [(s.item, s.title) for s in sections] == [
        (None, "出席者"),
        (None, "開会"),
        (1, "「健康推進業務」における外部委託に伴う個人情報の保護措置について"),
        (2, "妊活オンライン相談等事業委託について"),
        (None, "閉会"),
    ]
    explained = sections[2].utterances[1]
    # Lines the format would read as a direction or a speaker are kept, marked with ・.
    assert explained.text == "説明します。\n・（資料１）\n・○印の欄"
    assert minutes_text.render(sections) == text


def test_section_items_reads_ranges_and_lists() -> None:
    assert store.section_items("諮問事項1～3に共通", 5) == [0, 1, 2]
    assert store.section_items("諮問事項４", 5) == [3]
    assert store.section_items("諮問事項1・2", 5) == [0, 1]
    assert store.section_items(None, 5) == []
    assert store.section_items("諮問事項9", 3) == []


# -- on the screens --------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_meetings_show_on_the_meeting_screens(secretariat_client: Client) -> None:
    meeting = store.store(make_record()).meeting
    assert meeting is not None
    listing = secretariat_client.get(reverse("meetings:list"))
    assert listing.status_code == 200
    assert meeting.get_absolute_url() in listing.content.decode()
    detail = secretariat_client.get(meeting.get_absolute_url()).content.decode()
    assert "妊活オンライン相談等事業委託について" in detail
    page = secretariat_client.get(reverse("minutes:detail", args=[meeting.pk])).content.decode()
    assert "委託先の管理はどうなりますか。" in page
    assert "setagaya-2022-07.txt" in page


# -- two at once -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_ingestions_of_one_file_import_it_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time; run on PostgreSQL")
    record = make_record()
    write = store._write

    def slow_write(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # hold the first transaction open while the second one starts
        return write(*args, **kwargs)

    monkeypatch.setattr(store, "_write", slow_write)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(store.store(record).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [store.CREATED, store.UNCHANGED]
    assert Meeting.objects.count() == 1
    assert IngestedFile.objects.count() == 1
    assert Minutes.objects.get().revisions.count() == 1


@pytest.mark.django_db
def test_it_finds_the_council_whatever_the_width_of_its_name() -> None:
    from shingikai.councils.models import Council, Municipality
    from shingikai.ingest.store import find_council

    first = find_council("架空市", "架空市第２情報公開審議会")
    assert find_council("架空市", "架空市第2情報公開審議会") == first
    assert find_council("架空市", "第２情報公開審議会") == first
    assert find_council("架空市", "第 ２ 情報公開審議会") == first
    assert Municipality.objects.filter(name="架空市").count() == 1
    assert Council.objects.count() == 1
    assert find_council("架空市", "第3情報公開審議会") != first
