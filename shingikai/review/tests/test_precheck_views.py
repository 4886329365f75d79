"""The precheck screens: the findings of a case inside its page, the secretariat's
decisions on them, the department's answers, and the PIA threshold judgement."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import lxml.html
import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.dossiers.structure import casefile
from shingikai.review import catalog
from shingikai.review.findings import precheck
from shingikai.review.models import FindingDecision, Question

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NOTE_REQUIRED = "解決とする場合は回答の要旨を、対象外とする場合は理由を入力してください。"
STALE = "該当しなくなった論点"

# A small outsourcing whose flow hands data over on a USB stick (C-MEDIA-01) and reports
# back by FAX (C-CHANNEL-02), to a contractor not yet chosen (C-VENDOR-01).
CASE_FILE = """
format: shingikai-case/1
council: テスト区情報公開・個人情報保護審議会
municipality: テスト区
kind: consultation
title: 「健康推進業務」における外部委託について
subtitle: 健診票の発送業務委託
business: 健康推進業務
department: {division: 保健所, name: 健康推進課}
parties:
  - {key: subject, name: 区民, kind: data_subject}
  - {key: ward, name: 保健所健康推進課, kind: ward_division}
  - key: contractor
    name: 未定
    kind: contractor
    undecided: true
    selection_method: プロポーザル方式
@EXTRA_PARTIES@
handlings:
  - type: outsourcing
    title: 外部委託
    legal_basis: テスト区個人情報保護条例第12条
    party: contractor
    fields:
      contract_title: 健診票発送業務委託
      content: 健診票の印刷と発送
      subjects: 健診の対象となる区民
      count: 5000
      place: 委託先の施設
    items:
      - {name: 氏名, source: ward_to_contractor}
      - {name: 住所, source: ward_to_contractor}
flow:
  - {number: 1, from: ward, to: contractor, action: 対象者データを渡す, items: [氏名, 住所],
     channel: electronic_media}
  - {number: 2, from: contractor, to: ward, action: 発送結果を報告, items: [氏名],
     channel: @CHANNEL@}
"""
SYSTEM_PARTY = "  - {key: system, name: 区民健康情報システム, kind: system}"


def write_case(case: Case, *, channel: str = "fax", extra_parties: str = "") -> Case:
    text = CASE_FILE.replace("@CHANNEL@", channel).replace("@EXTRA_PARTIES@", extra_parties)
    dossier = casefile.parse(casefile.load_text(text), records.catalogue())
    return records.write_dossier(case, dossier)


@pytest.fixture
def case(world: World) -> Case:
    """健康推進課's accepted case, on the agenda of the term's meeting, with findings."""
    return write_case(world.health_case)


def fired(case: Case) -> list[str]:
    return [row.finding.concern_id for row in precheck(case).rows]


def fragment(client: Client, case: Case) -> str:
    response = client.get(f"/review/cases/{case.pk}/precheck/", headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def finding_rows(html: str) -> dict[str, str]:
    """Concern id → the text of its finding row."""
    tree = lxml.html.fromstring(html)
    return {
        li.get("id").removeprefix("finding-"): li.text_content()
        for li in tree.xpath('//li[starts-with(@id, "finding-")]')
    }


def act(client: Client, case: Case, concern_id: str, step: str, note: str | None = None):
    data = {} if note is None else {"note": note}
    return client.post(f"/review/cases/{case.pk}/precheck/{concern_id}/{step}/", data, headers=HTMX)


def answer(client: Client, case: Case, number: int, text: str, htmx: bool = True):
    return client.post(
        f"/review/cases/{case.pk}/questions/{number}/answer/",
        {"answer": text},
        headers=HTMX if htmx else {},
    )


# -- the findings ----------------------------------------------------------------------------


def test_it_lists_the_findings_with_question_id_and_evidence_links(
    case: Case, secretariat_client: Client
) -> None:
    result = precheck(case)
    assert {"C-CHANNEL-02", "C-MEDIA-01", "C-VENDOR-01"} <= set(fired(case))

    html = fragment(secretariat_client, case)

    assert html.lstrip().startswith('<div id="precheck-body">')
    assert "<html" not in html
    rows = finding_rows(html)
    assert list(rows) == [r.finding.concern_id for t in result.by_theme() for r in t[1]]
    assert f"{len(result.rows)}件" in html
    tree = lxml.html.fromstring(html)
    case_page = secretariat_client.get(case.get_absolute_url()).content.decode()
    for row in result.rows:
        finding = row.finding
        assert finding.question in rows[finding.concern_id]
        assert "未処理" in rows[finding.concern_id]
        (li,) = tree.xpath(f'//li[@id="finding-{finding.concern_id}"]')
        links = li.xpath('.//p[contains(@class, "finding__evidence")]/a')
        assert [a.get("href") for a in links] == [
            f"/cases/{case.pk}/#{ref.anchor}" for ref in finding.evidence
        ]
        assert [a.text_content() for a in links] == [ref.label for ref in finding.evidence]
        for ref in finding.evidence:  # the anchor exists on the case page
            assert f'id="{ref.anchor}"' in case_page, ref
    fax = rows["C-CHANNEL-02"]
    assert "流れ②（発送結果を報告）" in fax


def test_it_shows_a_whole_page_without_htmx(case: Case, secretariat_client: Client) -> None:
    response = secretariat_client.get(f"/review/cases/{case.pk}/precheck/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "事前点検（論点整理）" in html
    assert 'id="precheck-body"' in html
    assert "C-CHANNEL-02" in html


@pytest.mark.parametrize("who", ["secretariat_client", "department_client", "member_client"])
def test_it_shows_the_precheck_to_those_who_may_read_the_case(
    who: str, case: Case, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(who)

    html = fragment(client, case)

    assert set(finding_rows(html)) == set(fired(case))
    assert ("担当課へ質問として送付" in html) is (who == "secretariat_client")


@pytest.mark.parametrize("who", ["other_department_client", "outsider_client"])
def test_it_hides_the_precheck_from_others(
    who: str, case: Case, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(who)

    response = client.get(f"/review/cases/{case.pk}/precheck/", headers=HTMX)

    assert response.status_code == 404


def test_it_hides_a_draft_from_members(case: Case, member_client: Client) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DRAFT)

    response = member_client.get(f"/review/cases/{case.pk}/precheck/", headers=HTMX)

    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(case: Case) -> None:
    url = f"/review/cases/{case.pk}/precheck/"

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


# -- the secretariat's decisions -------------------------------------------------------------


def test_it_sends_findings_as_numbered_questions(
    world: World, case: Case, secretariat_client: Client
) -> None:
    result = precheck(case)
    fax, media = result.row("C-CHANNEL-02"), result.row("C-MEDIA-01")
    assert fax and media

    first = act(secretariat_client, case, "C-CHANNEL-02", "send")
    second = act(secretariat_client, case, "C-MEDIA-01", "send")

    assert first.status_code == second.status_code == 200
    q1, q2 = Question.objects.filter(case=case).order_by("number")
    assert (q1.number, q1.concern_id, q1.status) == (1, "C-CHANNEL-02", Question.Status.OPEN)
    assert q1.text.startswith(fax.finding.question)
    assert "流れ②（発送結果を報告）" in q1.text
    assert q1.asked_by == world.secretariat
    assert (q2.number, q2.concern_id) == (2, "C-MEDIA-01")
    assert q2.text.startswith(media.finding.question)
    decision = FindingDecision.objects.get(case=case, concern_id="C-CHANNEL-02")
    assert decision.status == FindingDecision.Status.SENT
    assert decision.question == q1
    assert decision.decided_by == world.secretariat
    assert FindingDecision.objects.get(case=case, concern_id="C-MEDIA-01").question == q2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, summary="論点C-CHANNEL-02を担当課へ送付"
    ).exists()
    rows = finding_rows(second.content.decode())
    assert "担当課へ送付" in rows["C-CHANNEL-02"]
    assert "質問1として送付（回答待ち）" in rows["C-CHANNEL-02"]
    assert "質問2として送付" in rows["C-MEDIA-01"]
    assert 'id="question-1"' in second.content.decode()


@pytest.mark.parametrize("step", ["resolve", "dismiss"])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_it_wants_a_note_to_resolve_or_dismiss(
    step: str, note: str | None, case: Case, secretariat_client: Client
) -> None:
    response = act(secretariat_client, case, "C-CHANNEL-02", step, note)

    assert response.status_code == 200
    assert NOTE_REQUIRED in response.content.decode()
    assert not FindingDecision.objects.exists()
    assert not AuditEvent.objects.filter(summary__startswith="論点C-CHANNEL-02").exists()


def test_it_shows_the_error_on_the_case_page_without_htmx(
    case: Case, secretariat_client: Client
) -> None:
    url = f"/review/cases/{case.pk}/precheck/C-CHANNEL-02/resolve/"

    response = secretariat_client.post(url, {"note": ""})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#precheck"
    page = secretariat_client.get(response["Location"]).content.decode()
    assert NOTE_REQUIRED in page
    assert not FindingDecision.objects.exists()


def test_it_resolves_a_finding_with_the_gist_of_the_answer(
    world: World, case: Case, secretariat_client: Client
) -> None:
    note = "FAXは使わずファイル交換サービスで報告させる"

    response = act(secretariat_client, case, "C-CHANNEL-02", "resolve", f"  {note}  ")

    assert response.status_code == 200
    decision = FindingDecision.objects.get(case=case, concern_id="C-CHANNEL-02")
    assert (decision.status, decision.note) == (FindingDecision.Status.RESOLVED, note)
    assert decision.decided_by == world.secretariat
    row = finding_rows(response.content.decode())["C-CHANNEL-02"]
    assert "解決" in row
    assert f"回答の要旨：{note}" in row
    assert "未処理に戻す" in row
    assert AuditEvent.objects.filter(summary="論点C-CHANNEL-02: 解決").exists()


def test_it_dismisses_a_finding_with_the_reason(case: Case, secretariat_client: Client) -> None:
    reason = "USBメモリは使わない運用に変更済み"

    response = act(secretariat_client, case, "C-MEDIA-01", "dismiss", reason)

    decision = FindingDecision.objects.get(case=case, concern_id="C-MEDIA-01")
    assert (decision.status, decision.note) == (FindingDecision.Status.DISMISSED, reason)
    row = finding_rows(response.content.decode())["C-MEDIA-01"]
    assert "対象外" in row
    assert f"対象外の理由：{reason}" in row


def test_it_reopens_a_decided_finding(case: Case, secretariat_client: Client) -> None:
    act(secretariat_client, case, "C-MEDIA-01", "dismiss", "理由")
    assert FindingDecision.objects.filter(concern_id="C-MEDIA-01").exists()

    response = act(secretariat_client, case, "C-MEDIA-01", "reopen")

    assert response.status_code == 200
    assert not FindingDecision.objects.filter(case=case).exists()
    row = finding_rows(response.content.decode())["C-MEDIA-01"]
    assert "未処理" in row
    assert "対象外の理由" not in row
    assert AuditEvent.objects.filter(summary="論点C-MEDIA-01を未処理に戻す").exists()


def test_it_answers_an_htmx_post_with_the_fragment(case: Case, secretariat_client: Client) -> None:
    response = act(secretariat_client, case, "C-VENDOR-01", "resolve", "令和5年1月下旬に決定")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="precheck-body">')
    assert "<html" not in html


def test_it_redirects_to_the_case_page_without_htmx(case: Case, secretariat_client: Client) -> None:
    url = f"/review/cases/{case.pk}/precheck/C-VENDOR-01/send/"

    response = secretariat_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#precheck"
    assert Question.objects.filter(case=case, number=1).exists()


@pytest.mark.parametrize("who", ["department_client", "member_client"])
@pytest.mark.parametrize("step", ["send", "resolve", "dismiss", "reopen"])
def test_it_lets_only_the_secretariat_decide(
    who: str, step: str, case: Case, request: pytest.FixtureRequest
) -> None:
    FindingDecision.objects.create(
        case=case, concern_id="C-MEDIA-01", status=FindingDecision.Status.DISMISSED, note="理由"
    )
    client: Client = request.getfixturevalue(who)

    response = act(client, case, "C-CHANNEL-02" if step != "reopen" else "C-MEDIA-01", step, "x")

    assert response.status_code == 403
    assert list(FindingDecision.objects.values_list("concern_id", flat=True)) == ["C-MEDIA-01"]
    assert not Question.objects.exists()


def test_it_hides_decisions_on_another_departments_case(
    case: Case, other_department_client: Client
) -> None:
    assert act(other_department_client, case, "C-CHANNEL-02", "send").status_code == 404
    assert not Question.objects.exists()


@pytest.mark.parametrize("step", ["send", "resolve", "dismiss", "reopen"])
def test_it_refuses_get_on_the_decisions(step: str, case: Case, secretariat_client: Client) -> None:
    response = secretariat_client.get(f"/review/cases/{case.pk}/precheck/C-CHANNEL-02/{step}/")

    assert response.status_code == 405
    assert not FindingDecision.objects.exists()


def test_it_answers_404_for_a_concern_that_does_not_apply(
    case: Case, secretariat_client: Client
) -> None:
    applying = set(fired(case))
    silent = next(c.id for c in catalog.concerns() if c.id not in applying)

    assert act(secretariat_client, case, "C-NOSUCH-99", "send").status_code == 404
    assert act(secretariat_client, case, silent, "resolve", "メモ").status_code == 404
    assert act(secretariat_client, case, "C-CHANNEL-02", "approve", "メモ").status_code == 404
    assert not FindingDecision.objects.exists()
    assert not Question.objects.exists()


# -- the department's answers ----------------------------------------------------------------


@pytest.fixture
def question(case: Case, secretariat_client: Client) -> Question:
    assert act(secretariat_client, case, "C-CHANNEL-02", "send").status_code == 200
    return Question.objects.get(case=case, number=1)


def test_it_lets_the_department_answer(
    world: World, case: Case, question: Question, department_client: Client
) -> None:
    text = "医療機関からの報告はFAXではなくファイル交換サービスで受ける。"

    response = answer(department_client, case, 1, f"{text}\n")

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answer == text
    assert question.answered_by == world.department
    assert question.answered_at is not None
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="precheck-body">')
    assert text in html
    assert "回答済" in html
    assert "質問1に回答しました。" in html
    event = AuditEvent.objects.get(summary="質問に回答")
    assert event.actor == world.department
    assert event.action == AuditEvent.Action.CHANGE
    assert (event.object_type, event.object_id) == ("review.Question", str(question.pk))
    rows = finding_rows(fragment(department_client, case))
    assert "質問1として送付（回答済）" in rows["C-CHANNEL-02"]


def test_it_redirects_the_department_to_the_case_page_without_htmx(
    case: Case, question: Question, department_client: Client
) -> None:
    response = answer(department_client, case, 1, "回答します", htmx=False)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#precheck"
    question.refresh_from_db()
    assert question.answer == "回答します"


@pytest.mark.parametrize("text", ["", "  \n "])
def test_it_wants_an_answer(
    text: str, case: Case, question: Question, department_client: Client
) -> None:
    response = answer(department_client, case, 1, text)

    assert response.status_code == 200
    assert "回答を入力してください。" in response.content.decode()
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.OPEN, "")
    assert not AuditEvent.objects.filter(summary="質問に回答").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_department_client", 404),
        ("outsider_client", 404),
        ("secretariat_client", 403),
        ("member_client", 403),
    ],
)
def test_it_lets_only_the_department_answer(
    who: str, status: int, case: Case, question: Question, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(who)

    response = answer(client, case, 1, "回答")

    assert response.status_code == status
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.OPEN, "")


def test_it_answers_404_for_a_question_that_does_not_exist(
    case: Case, question: Question, department_client: Client
) -> None:
    assert answer(department_client, case, 2, "回答").status_code == 404


def test_it_refuses_get_on_the_answer(
    case: Case, question: Question, department_client: Client
) -> None:
    assert department_client.get(f"/review/cases/{case.pk}/questions/1/answer/").status_code == 405


# -- decisions across edits ------------------------------------------------------------------


def test_it_keeps_decisions_while_the_concern_applies(
    case: Case, secretariat_client: Client
) -> None:
    note = "報告はファイル交換サービスに変更する"
    act(secretariat_client, case, "C-CHANNEL-02", "resolve", note)

    write_case(case, extra_parties=SYSTEM_PARTY)  # an unrelated change

    assert "C-CHANNEL-02" in fired(case)
    html = fragment(secretariat_client, case)
    row = finding_rows(html)["C-CHANNEL-02"]
    assert f"回答の要旨：{note}" in row
    assert "未処理に戻す" in row
    assert STALE not in html

    write_case(case, channel="mail", extra_parties=SYSTEM_PARTY)  # FAX no longer used

    assert "C-CHANNEL-02" not in fired(case)
    assert FindingDecision.objects.filter(case=case, concern_id="C-CHANNEL-02").exists()
    html = fragment(secretariat_client, case)
    rows = finding_rows(html)
    assert "C-CHANNEL-02" not in rows
    assert all(note not in text for text in rows.values())
    assert f"{STALE}：C-CHANNEL-02（解決）" in html
    assert precheck(case).stale[0].concern_id == "C-CHANNEL-02"


# -- the PIA threshold judgement -------------------------------------------------------------


def pia_case(world: World, started_on: dt.date | None = None, **fields: object) -> Case:
    """A case with an outsourcing (1) and a PIA third-party inspection (2)."""
    case = make_case(
        world.council,
        world.health,
        "特定個人情報保護評価の第三者点検",
        CaseStatus.ACCEPTED,
        "outsourcing",
        "pia_third_party_inspection",
        consulted_on=dt.date(2023, 3, 1),
    )
    handling = case.handlings.get(order=2)
    values = {**fields, "started_on": started_on} if started_on else fields
    handling.fields = {**handling.fields, **records.encode_fields(values)}
    handling.save()
    return case


def pia_fragment(client: Client, case: Case, n: int = 2) -> str:
    response = client.get(f"/review/cases/{case.pk}/handlings/{n}/pia/", headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def required_line(html: str) -> str:
    return lxml.html.fromstring(html).xpath("//strong")[0].text_content()


def test_it_requires_the_full_assessment_for_300000_people(
    world: World, secretariat_client: Client
) -> None:
    case = pia_case(world, people=300_000, handlers=10, assessment_level="full")

    html = pia_fragment(secretariat_client, case)

    assert html.lstrip().startswith('<div class="pia" id="pia-2">')
    assert "全項目評価" in required_line(html)
    assert "重点項目評価" not in required_line(html)
    assert "第三者点検" in html
    assert "住民等からの意見聴取（30日以上）" in html
    assert "30万人以上" in html
    assert "事後" not in html
    assert "足りません" not in html


def test_it_requires_the_focused_assessment_for_many_handlers(
    world: World, secretariat_client: Client
) -> None:
    case = pia_case(world, people=50_000, handlers=600, assessment_level="focused")

    html = pia_fragment(secretariat_client, case)

    assert "重点項目評価" in required_line(html)
    assert "全項目評価" not in required_line(html)
    assert "取扱者数600人（500人以上）" in html
    assert "第三者点検" not in html
    assert "足りません" not in html


def test_it_warns_of_an_after_the_fact_assessment(world: World, secretariat_client: Client) -> None:
    late = pia_case(world, dt.date(2022, 10, 1), people=300_000, assessment_level="full")
    timely = pia_case(world, dt.date(2023, 4, 1), people=300_000, assessment_level="full")

    assert "事後" in pia_fragment(secretariat_client, late)
    assert "事務の開始日が審議日より前です" in pia_fragment(secretariat_client, late)
    assert "事後" not in pia_fragment(secretariat_client, timely)


@pytest.mark.parametrize(
    ("people", "handlers", "declared", "too_low"),
    [
        (300_000, 0, "basic", True),
        (300_000, 0, "focused", True),
        (300_000, 0, "full", False),
        (50_000, 600, "basic", True),
        (50_000, 600, "focused", False),
        (50_000, 10, "basic", False),
        (50_000, 10, "focused", False),  # more than required is never too little
        (500, 0, "basic", False),
    ],
)
def test_it_warns_when_the_declared_assessment_falls_short(
    people: int,
    handlers: int,
    declared: str,
    too_low: bool,
    world: World,
    secretariat_client: Client,
) -> None:
    case = pia_case(world, people=people, handlers=handlers, assessment_level=declared)

    html = pia_fragment(secretariat_client, case)

    assert ("必要な評価に足りません" in html) is too_low


def test_it_answers_404_for_a_handling_that_is_not_a_pia(
    world: World, secretariat_client: Client
) -> None:
    case = pia_case(world, people=300_000)

    for n in (1, 3, 0):
        url = f"/review/cases/{case.pk}/handlings/{n}/pia/"
        assert secretariat_client.get(url, headers=HTMX).status_code == 404


def test_it_hides_the_pia_from_another_department(
    world: World, other_department_client: Client
) -> None:
    case = pia_case(world, people=300_000)

    url = f"/review/cases/{case.pk}/handlings/2/pia/"
    assert other_department_client.get(url, headers=HTMX).status_code == 404
