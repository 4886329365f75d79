"""Shinjuku's 令和4年度第6回 (2022-11-17, seed 004) run end to end through the screens.

The secretariat schedules the meeting, puts 資料18 (an external connection, consulted, and
an outsourcing, reported) and 資料19 (a reported outsourcing) on the agenda, records the
attendance and the decisions (承認 and 了承 in one item), issues the 答申, drafts the minutes,
has an attending member confirm them, approves them at the next meeting and publishes the
meeting. Only what no screen creates is set up with the ORM: the council, its rule, term,
members, departments, the earlier meetings of the year and the two accepted cases.

This file stays in the meetings layer (import-linter): the minutes are reached through
`meeting.minutes` and the pages, and the documents are read with python-docx and pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pdfplumber
import pytest
from django.test import Client

from conftest import World, make_user
from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.dossiers.structure import casefile
from shingikai.meetings.models import Attendance, Decision, Meeting

pytestmark = pytest.mark.django_db

CASE_FILES = Path(__file__).resolve().parents[2] / "demo" / "cases"
COUNCIL = "新宿区情報公開・個人情報保護審議会"
TITLE_18 = "東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加）"
TITLE_19 = "マイナポイント申請支援業務の委託について"
MEMBERS = [
    ("中島 宏", Member.Role.CHAIR),
    ("伊東 真理", Member.Role.MEMBER),
    ("松田 昭", Member.Role.MEMBER),
    ("木元 弘子", Member.Role.MEMBER),
    ("川端 学", Member.Role.MEMBER),
]
REFUSED_OUTCOME = "この取扱いの区分では選べない結果です（諮問事項は承認など、報告事項は了承）。"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Shinjuku:
    council: Council
    members: list[Member]
    case18: Case
    case19: Case
    chair_user: User


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _accepted_case(council: Council, key: str, number: int) -> Case:
    """A demo case file written into an accepted case numbered as Shinjuku labels it."""
    text = (CASE_FILES / f"{key}.yaml").read_text(encoding="utf-8")
    dossier = casefile.parse(casefile.load_text(text), records.catalogue())
    case = Case(
        council=council,
        department=Department.objects.get(
            municipality=council.municipality,
            division=dossier.department_division,
            name=dossier.department_name,
        ),
        number=number,
        fiscal_year=2022,
        status=CaseStatus.ACCEPTED,
    )
    return records.write_dossier(case, dossier)


def _shinjuku(world: World) -> Shinjuku:
    muni = Municipality.objects.create(name="新宿区", code="131041", head_title="新宿区長")
    council = Council.objects.create(municipality=muni, name=COUNCIL)
    CouncilRule.objects.create(
        council=council,
        valid_from=dt.date(2005, 4, 1),
        consultation_types=["external_connection"],
        report_types=["outsourcing"],
        # Shinjuku cites its cases by the material number (資料18).
        consultation_number_format="資料{number}",
        report_number_format="資料{number}",
    )
    term = Term.objects.create(
        council=council, number=1, starts_on=dt.date(2021, 4, 1), ends_on=dt.date(2023, 3, 31)
    )
    chair_user = make_user("nakajima", Role.MEMBER)
    members = [
        Member.objects.create(
            term=term,
            name=name,
            role=role,
            affiliation="academic",
            appointed_on=term.starts_on,
            order=order,
            user=chair_user if order == 1 else None,
        )
        for order, (name, role) in enumerate(MEMBERS, start=1)
    ]
    secretariat = Department.objects.create(
        municipality=muni, division="総合政策部", name="区政情報課"
    )
    secretariat.staff.add(world.secretariat)
    Department.objects.create(municipality=muni, division="総務部", name="行政管理課")
    Department.objects.create(municipality=muni, division="総合政策部", name="特命担当")
    # 第1回～第5回 of 令和4年度 were held before.
    for ordinal, month in enumerate((5, 6, 7, 9, 10), start=1):
        Meeting.objects.create(
            council=council,
            term=term,
            fiscal_year=2022,
            ordinal=ordinal,
            date=dt.date(2022, month, 20),
            status="held",
        )
    return Shinjuku(
        council=council,
        members=members,
        case18=_accepted_case(council, "shinjuku-18", 18),
        case19=_accepted_case(council, "shinjuku-19", 19),
        chair_user=chair_user,
    )


def _schedule(client: Client, council: Council, day: str, **extra: str) -> Meeting:
    response = client.post("/meetings/new/", {"council": council.pk, "date": day, **extra})
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get(council=council, date=dt.date.fromisoformat(day))
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    return meeting


def _decide(client: Client, meeting: Meeting, item_pk: int, **data: object) -> str:
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/{item_pk}/decide/",
        {"mode": "no_objection", "decided_on": "2022-11-17", **data},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_it_runs_shinjukus_sixth_meeting_from_scheduling_to_the_public_page(
    world: World, secretariat_client: Client
) -> None:
    sj = _shinjuku(world)
    client = secretariat_client

    # -- the secretariat schedules the meeting: 令和4年度第6回, numbered by the screen -----
    meeting = _schedule(
        client,
        sj.council,
        "2022-11-17",
        start_time="14:00",
        end_time="14:41",
        venue="本庁舎6階 第2委員会室",
        format="in_person",
    )
    assert (meeting.fiscal_year, meeting.ordinal, meeting.term.number) == (2022, 6, 1)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"令和4年度第6回 {COUNCIL}" in page

    # -- both cases on the agenda, in order ---------------------------------------------
    for case in (sj.case18, sj.case19):
        response = client.post(
            f"/meetings/{meeting.pk}/agenda/add-case/", {"case": case.pk, "is_public": "on"}
        )
        assert response.status_code == 302, response.content.decode()
    item18, item19 = meeting.agenda_items.order_by("order")
    assert (item18.order, item18.case, item18.kind, item18.title) == (
        1,
        sj.case18,
        "consultation",
        TITLE_18,
    )
    assert (item19.order, item19.case, item19.kind, item19.title) == (
        2,
        sj.case19,
        "report",
        TITLE_19,
    )
    assert set(Case.objects.filter(council=sj.council).values_list("status", flat=True)) == {
        CaseStatus.SCHEDULED
    }

    # -- attendance: everyone present, the quorum is met --------------------------------
    attendance = {f"m{m.pk}": "present" for m in sj.members}
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/", {**attendance, "observers": "0"}, follow=True
    )
    page = response.content.decode()
    assert "出欠を記録しました。" in page
    assert "✔ 定足数を満たしています" in page
    assert "（委員5人中 出席5人／必要3人）" in page
    assert "定足数に達していません" not in page
    assert meeting.attendances.filter(status=Attendance.Status.PRESENT).count() == 5

    # -- decisions: 資料18 承認 (external connection) and 了承 (outsourcing); 資料19 了承 ------
    connection, outsourcing = sj.case18.handlings.order_by("order")
    assert (connection.type, outsourcing.type) == ("external_connection", "outsourcing")
    page = _decide(client, meeting, item18.pk, handling=connection.pk, outcome="approved")
    assert "議決を記録しました。" in page

    refused = client.post(
        f"/meetings/{meeting.pk}/agenda/{item18.pk}/decide/",
        {
            "handling": outsourcing.pk,
            "outcome": "approved",
            "mode": "no_objection",
            "decided_on": "2022-11-17",
        },
    )
    assert refused.status_code == 200
    assert REFUSED_OUTCOME in refused.content.decode()
    assert not Decision.objects.filter(handling=outsourcing).exists()

    _decide(client, meeting, item18.pk, handling=outsourcing.pk, outcome="acknowledged")
    page = _decide(client, meeting, item19.pk, outcome="acknowledged")
    decisions = list(Decision.objects.filter(agenda_item__meeting=meeting).order_by("id"))
    assert [(d.agenda_item_id, d.handling_id, d.outcome) for d in decisions] == [
        (item18.pk, connection.pk, "approved"),
        (item18.pk, outsourcing.pk, "acknowledged"),
        (item19.pk, None, "acknowledged"),
    ]
    assert all(d.no_objection and d.votes_present == 5 and not d.warning for d in decisions)
    assert "（外部結合） 異議なし" in page and "（外部委託） 異議なし" in page
    assert set(Case.objects.filter(council=sj.council).values_list("status", flat=True)) == {
        CaseStatus.DECIDED
    }

    # -- the 答申 for the consultation decision, downloaded as Word and PDF ---------------
    consultation = decisions[0]
    issue_url = f"/meetings/{meeting.pk}/decisions/{consultation.pk}/issue/"
    form = client.get(issue_url).content.decode()
    assert 'value="新宿区長"' in form and "諮問のとおり承認する。" in form
    response = client.post(
        issue_url,
        {"issued_on": "2022-11-17", "addressee": "新宿区長", "text": "諮問のとおり承認する。"},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.fiscal_year, consultation.number) == (2022, 1)

    word = client.get(f"/documents/decisions/{consultation.pk}/decision.docx")
    assert word.status_code == 200 and word["Content-Type"] == DOCX_TYPE
    pdf = client.get(f"/documents/decisions/{consultation.pk}/decision.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    for text in (_docx_text(word.content), _pdf_text(pdf.content)):
        flat = _squeeze(text)
        assert "答申第1号" in flat
        assert "新宿区長様" in flat
        assert "資料18について（答申）" in flat
        assert "承認諮問のとおり承認する。" in flat
        assert "令和4年11月17日" in flat

    # -- the minutes: drafted from the record ---------------------------------------------
    response = client.post(f"/minutes/{meeting.pk}/generate/", follow=True)
    page = response.content.decode()
    assert "会議の記録から会議録の案を作成しました。" in page
    minutes = Meeting.objects.get(pk=meeting.pk).minutes
    assert minutes.status == "draft"
    assert f'<th scope="row">名称</th><td>令和4年度第6回 {COUNCIL}</td>' in page
    assert "令和4年11月17日（木） 午後2時00分～午後2時41分" in page
    draft = minutes.current_text()
    assert f"■1 資料18 {TITLE_18}" in draft
    assert f"■2 資料19 {TITLE_19}" in draft
    assert (
        "本件のうち、外部結合は諮問事項ですので承認、外部委託は報告事項ですので了承"
        "ということで、ご異議ございませんか。"
    ) in draft
    assert "異議なしと認め、本件は承認と了承ということで決定いたします。" in draft
    assert "異議なしと認め、了承します。" in draft
    assert "委員5人中5人が出席しており、定足数（3人）を満たしています" in draft

    # -- circulated, confirmed by the chair (who attended) --------------------------------
    client.post(f"/minutes/{meeting.pk}/circulate/")
    minutes.refresh_from_db()
    assert minutes.status == "circulated"
    chair = Client()
    chair.force_login(sj.chair_user)
    assert "第1版を確認しました" in chair.get(f"/minutes/{meeting.pk}/").content.decode()
    response = chair.post(
        f"/minutes/{meeting.pk}/confirm/", {"comment": "誤りはありません。"}, follow=True
    )
    assert "会議録を確認しました。" in response.content.decode()
    confirmation = minutes.confirmations.get()
    assert (confirmation.member, confirmation.revision.number) == (sj.members[0], 1)
    assert confirmation.comment == "誤りはありません。"

    # -- approved at 第7回 (2022-12-15) ----------------------------------------------------
    seventh = _schedule(
        client,
        sj.council,
        "2022-12-15",
        start_time="14:00",
        venue="本庁舎5階 大会議室",
        format="in_person",
    )
    assert seventh.ordinal == 7
    response = client.post(
        f"/minutes/{meeting.pk}/approve/", {"at_meeting": seventh.pk}, follow=True
    )
    assert "会議録を承認済みにしました。" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == "approved"
    assert (minutes.approved_on, minutes.approved_at_meeting) == (dt.date(2022, 12, 15), seventh)

    minutes_pdf = client.get(f"/minutes/{meeting.pk}/minutes.pdf")
    assert minutes_pdf.status_code == 200 and minutes_pdf["Content-Type"] == "application/pdf"
    flat = _squeeze(_pdf_text(minutes_pdf.content))
    assert "会議録" in flat
    assert "令和4年11月17日" in flat
    assert "令和4年12月15日令和4年度第7回審議会で承認" in flat

    # -- an edit after approval needs a reason: refused, nothing stored ---------------------
    edited = draft.replace("を閉会いたします。", "を閉会します。")
    assert edited != draft
    response = client.post(
        f"/minutes/{meeting.pk}/edit/", {"text": edited, "reason": "", "base_revision": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "修正の理由：この項目は必須です。" in page
    assert "承認済みの会議録の修正には理由が必要です。" in page
    assert list(minutes.revisions.values_list("number", flat=True)) == [1]
    assert minutes.current_text() == draft
    minutes.refresh_from_db()
    assert minutes.status == "approved"

    # -- published: the public page shows both items and links the approved minutes -------
    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "date": "2022-11-17",
            "start_time": "14:00",
            "end_time": "14:41",
            "venue": "本庁舎6階 第2委員会室",
            "format": "in_person",
            "status": "held",
            "observers": "0",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.published_at is not None and meeting.status == "held"

    public = Client().get(f"/public/meetings/{meeting.pk}/")
    assert public.status_code == 200
    page = public.content.decode()
    assert f"資料18 {TITLE_18}" in page
    assert f"資料19 {TITLE_19}" in page
    assert '<span class="badge badge--approved">承認</span>（外部結合）' in page
    assert '<span class="badge badge--acknowledged">了承</span>（外部委託）' in page
    assert page.count('<span class="badge badge--acknowledged">了承</span>') == 2
    assert '<span class="small">答申第1号（令和4年11月17日）</span>' in page
    assert f'href="/public/meetings/{meeting.pk}/minutes/"' in page
    assert "準備中（承認後に掲載します）" not in page
    public_minutes = Client().get(f"/public/meetings/{meeting.pk}/minutes/")
    assert public_minutes.status_code == 200
    assert "異議なしと認め、本件は承認と了承ということで決定いたします。" in (
        public_minutes.content.decode()
    )
