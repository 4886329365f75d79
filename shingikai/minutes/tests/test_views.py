"""Minutes screens per persona: who reads, who writes, who confirms; the edit form's errors;
and the Word and PDF downloads read back."""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import quote

import pytest
from django.test import Client

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.documents.tests.readback import A4_HEIGHT, A4_WIDTH, read_docx, read_pdf, squeeze
from shingikai.minutes import actions
from shingikai.minutes.models import Confirmation, Minutes
from shingikai.minutes.tests.conftest import TITLE_18, Shinjuku, client_for

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def minutes(shinjuku: Shinjuku, world: World) -> Minutes:
    return actions.generate_draft(shinjuku.meeting, world.secretariat)


def url(meeting_pk: int, action: str = "") -> str:
    return f"/minutes/{meeting_pk}/{action}"


def page(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


# -- reading ---------------------------------------------------------------------------------


def test_it_shows_the_minutes_to_the_secretariat(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    response = secretariat_client.get(url(shinjuku.meeting.pk))

    assert response.status_code == 200
    text = page(response)
    assert "令和4年度第6回 新宿区情報公開・個人情報保護審議会" in text
    assert '<strong class="minutes-speaker">○会長</strong>' in text
    assert '<p class="minutes-direction">（「異議なし」の声）</p>' in text
    assert f"諮問第18号 {TITLE_18}</h3>" in text
    assert "作成中" in text and "第1版" in text
    assert "本文を編集" in text and "出席委員に確認を依頼" in text
    assert "未確認の委員" in text and "木もと次郎" in text


def test_it_offers_the_secretariat_to_create_missing_minutes(
    shinjuku: Shinjuku, secretariat_client: Client
) -> None:
    response = secretariat_client.get(url(shinjuku.meeting.pk))

    assert "会議録の案を作成" in page(response)
    response = secretariat_client.post(url(shinjuku.meeting.pk, "generate/"))
    assert response.status_code == 302
    assert Minutes.objects.filter(meeting=shinjuku.meeting).exists()


def test_it_shows_the_minutes_to_a_member_of_the_term_without_write_buttons(
    shinjuku: Shinjuku, minutes: Minutes
) -> None:
    response = client_for(shinjuku.attendee).get(url(shinjuku.meeting.pk))

    assert response.status_code == 200
    assert "本文を編集" not in page(response)


def test_it_shows_the_minutes_to_the_department_of_an_agenda_case(
    shinjuku: Shinjuku, minutes: Minutes
) -> None:
    assert client_for(shinjuku.staff).get(url(shinjuku.meeting.pk)).status_code == 200


@pytest.mark.parametrize("client_name", ["department_client", "other_department_client"])
@pytest.mark.parametrize("action", ["", "edit/", "minutes.docx", "minutes.pdf", "minutes.html"])
def test_it_hides_minutes_of_meetings_without_the_departments_cases(
    client_name: str, action: str, shinjuku: Shinjuku, minutes: Minutes, request: object
) -> None:
    client = request.getfixturevalue(client_name)  # type: ignore[attr-defined]

    assert client.get(url(shinjuku.meeting.pk, action)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(shinjuku: Shinjuku, minutes: Minutes) -> None:
    response = Client().get(url(shinjuku.meeting.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_leaves_other_departments_closed_items_out(world: World) -> None:
    minutes = actions.generate_draft(world.meeting, world.secretariat)
    actions.circulate(minutes, world.secretariat)
    own = client_for(world.department).get(url(world.meeting.pk))
    member = client_for(world.member).get(url(world.meeting.pk))

    assert "子ども家庭課の審議予定案件" not in page(own)
    assert "健康推進課の受理済み案件" in page(own)
    assert "子ども家庭課の審議予定案件" in page(member)
    assert '<span class="badge badge--closed">非公開</span>' in page(member)


def test_a_draft_is_the_secretariats_until_it_is_circulated(world: World) -> None:
    minutes = actions.generate_draft(world.meeting, world.secretariat)
    for user in (world.department, world.member):
        client = client_for(user)
        page_text = page(client.get(url(world.meeting.pk)))
        assert "健康推進課の受理済み案件" not in page_text
        assert "会議録はまだ作成されていません" in page_text
        for suffix in ("minutes.pdf", "minutes.docx", "minutes.html"):
            assert client.get(f"/minutes/{world.meeting.pk}/{suffix}").status_code == 404
    assert "健康推進課の受理済み案件" in page(
        client_for(world.secretariat).get(url(world.meeting.pk))
    )

    actions.circulate(minutes, world.secretariat)

    assert "健康推進課の受理済み案件" in page(client_for(world.member).get(url(world.meeting.pk)))


# -- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("get", "edit/"),
        ("post", "edit/"),
        ("post", "generate/"),
        ("post", "circulate/"),
        ("post", "approve/"),
    ],
)
def test_it_forbids_members_to_write(
    method: str, action: str, shinjuku: Shinjuku, minutes: Minutes
) -> None:
    client = client_for(shinjuku.attendee)

    response = getattr(client, method)(url(shinjuku.meeting.pk, action), {"text": "○会長　改ざん"})

    assert response.status_code == 403
    assert minutes.revisions.count() == 1


@pytest.mark.parametrize("action", ["generate/", "circulate/", "confirm/", "approve/"])
def test_it_refuses_get_on_state_changes(
    action: str, shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    assert secretariat_client.get(url(shinjuku.meeting.pk, action)).status_code == 405


def test_it_saves_an_edit_as_a_new_revision(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    form = secretariat_client.get(url(shinjuku.meeting.pk, "edit/"))
    assert "■開会" in page(form)
    text = minutes.current_text().replace(
        "議事に入ります。", "議事に入ります。本日もよろしくお願いします。"
    )

    response = secretariat_client.post(
        url(shinjuku.meeting.pk, "edit/"), {"text": text, "reason": "", "base_revision": "1"}
    )

    assert response.status_code == 302
    assert minutes.current_revision().number == 2  # type: ignore[union-attr]
    assert minutes.utterances.filter(text__contains="本日もよろしくお願いします").exists()


def test_it_shows_line_errors_beside_the_text_and_keeps_what_was_typed(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    typed = "■開会\n○会長　開会します。\n■5 ない議題\n前置きの文\n"

    response = secretariat_client.post(
        url(shinjuku.meeting.pk, "edit/"), {"text": typed, "base_revision": "1"}
    )

    assert response.status_code == 200
    text = page(response)
    assert "3行目：議題5はこの会議の議題にありません（議題：1、2）。" in text
    assert "4行目：発言者（○で始まる行）より前に本文があります。" in text
    assert typed.replace("\n", "\r\n") in text or typed in text
    assert minutes.revisions.count() == 1


def test_it_requires_a_reason_to_edit_approved_minutes(
    shinjuku: Shinjuku, world: World, minutes: Minutes, secretariat_client: Client
) -> None:
    actions.approve(minutes, shinjuku.next_meeting, world.secretariat)
    edited = minutes.current_text() + "■閉会\n○会長　追記\n"

    refused = secretariat_client.post(
        url(shinjuku.meeting.pk, "edit/"), {"text": edited, "reason": "", "base_revision": "1"}
    )
    assert refused.status_code == 200
    assert "この項目は必須です。" in page(refused)
    assert "○会長　追記" in page(refused)
    assert minutes.revisions.count() == 1

    saved = secretariat_client.post(
        url(shinjuku.meeting.pk, "edit/"),
        {"text": edited, "reason": "閉会の発言を追記", "base_revision": "1"},
    )
    assert saved.status_code == 302
    detail = page(secretariat_client.get(url(shinjuku.meeting.pk)))
    assert "閉会の発言を追記" in detail and "承認済" in detail


def test_it_circulates_confirms_and_approves_through_the_screens(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    secretariat_client.post(url(shinjuku.meeting.pk, "circulate/"))
    attendee, absentee = client_for(shinjuku.attendee), client_for(shinjuku.absentee)
    assert "確認しました" in page(attendee.get(url(shinjuku.meeting.pk)))
    assert "確認しました</button>" not in page(absentee.get(url(shinjuku.meeting.pk)))

    attendee.post(url(shinjuku.meeting.pk, "confirm/"), {"comment": "異議ありません"})
    refused = absentee.post(url(shinjuku.meeting.pk, "confirm/"), follow=True)
    assert "この会議に出席した委員だけが会議録を確認できます。" in page(refused)
    assert list(Confirmation.objects.values_list("member__name", "comment")) == [
        ("中島宏", "異議ありません")
    ]
    assert secretariat_client.post(url(shinjuku.meeting.pk, "confirm/")).status_code == 403

    earlier = secretariat_client.post(
        url(shinjuku.meeting.pk, "approve/"),
        {"at_meeting": shinjuku.earlier_meeting.pk},
        follow=True,
    )
    assert "この会議より後の会議から選んでください" in page(earlier)
    secretariat_client.post(
        url(shinjuku.meeting.pk, "approve/"), {"at_meeting": shinjuku.next_meeting.pk}
    )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_on == dt.date(2022, 12, 15)


def test_it_links_the_minutes_from_the_meeting_page(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    response = secretariat_client.get(f"/meetings/{shinjuku.meeting.pk}/")

    text = page(response)
    assert 'id="h-minutes">会議録</h2>' in text
    assert f'href="/minutes/{shinjuku.meeting.pk}/"' in text
    assert "作成中" in text


# -- downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["docx", "pdf", "html"])
def test_it_sends_the_minutes_as_an_attachment_and_records_the_export(
    suffix: str, shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    response = secretariat_client.get(url(shinjuku.meeting.pk, f"minutes.{suffix}"))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="minutes-{shinjuku.meeting.pk}.{suffix}";')
    assert disposition.endswith(quote(f"会議録_令和4年度第6回.{suffix}"))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, summary=f"会議録（{suffix}）"
    ).exists()


def test_it_downloads_word_with_the_header_and_speaker_labels(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    response = secretariat_client.get(url(shinjuku.meeting.pk, "minutes.docx"))

    assert response["Content-Type"] == DOCX_TYPE
    word = read_docx(response.content)
    assert word.paragraphs("Doc Title") == ["会議録"]
    rows = word.kv_rows()
    assert rows["名称"] == "令和4年度第6回 新宿区情報公開・個人情報保護審議会"
    assert rows["日時"] == "令和4年11月17日（木） 午後2時00分～午後2時41分"
    assert "木もと次郎（遅れて参加）" in rows["出席委員"]
    speeches = [p for p in word.paragraphs() if p.startswith("○")]
    assert speeches[0].startswith("○会長　ただいまから、令和4年度第6回")
    assert any(p.startswith("○区政情報課長　本日は、委員5人中4人") for p in speeches)
    assert "（「異議なし」の声）" in word.paragraphs()
    assert "案" in word.header_xml()
    section = word.document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_it_downloads_a_pdf_on_a4_with_the_header_and_speaker_labels(
    shinjuku: Shinjuku, minutes: Minutes, secretariat_client: Client
) -> None:
    response = secretariat_client.get(url(shinjuku.meeting.pk, "minutes.pdf"))

    assert response["Content-Type"] == "application/pdf"
    pdf = read_pdf(response.content)
    assert all(abs(w - A4_WIDTH) < 1 and abs(h - A4_HEIGHT) < 1 for w, h in pdf.sizes)
    text = pdf.squeezed()
    assert "会議録" in squeeze(pdf.texts[0])
    assert squeeze("令和4年度第6回 新宿区情報公開・個人情報保護審議会") in text
    assert squeeze("令和4年11月17日（木） 午後2時00分～午後2時41分") in text
    assert "○会長" in text and "○区政情報課長" in text and "○情報システム課長" in text
    assert squeeze("異議なしと認め、了承します。") in text
    assert f"1/{len(pdf.sizes)}" in squeeze(pdf.texts[0])


def test_imported_minutes_without_a_date_read_as_approved(minutes: Minutes) -> None:
    from shingikai.minutes.export import status_line

    Minutes.objects.filter(pk=minutes.pk).update(
        status=Minutes.Status.APPROVED, approved_on=None, imported=True
    )
    minutes.refresh_from_db()
    assert status_line(minutes) == "承認済（取込）"
    Minutes.objects.filter(pk=minutes.pk).update(imported=False)
    minutes.refresh_from_db()
    assert status_line(minutes) == "承認済"
