"""Meguro's written meeting of June 2021 (seed 003) run end to end through the screens.

A 書面開催 meeting: the deliberation opens on 2021-06-09 and the council decides on
2021-06-28 (議決日). Four consultation items; 59 written questions in the seven sections of
the real meeting (諮問事項1～3に共通 …); members vote and give opinions on the vote screen
until the decision date; one member never answers; the secretariat records each item's
written result; the minutes are drafted with the dates, the opinions and the Q&A tables.

The question and answer texts are synthetic. Only the council, its rule, term, members,
departments and the year's first meeting are made with the ORM. The file stays in the
meetings layer (import-linter): the minutes are reached through `meeting.minutes` and the
minutes page, and the Word file is read with python-docx.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import dataclass

import docx
import pytest
import time_machine
from django.test import Client

from conftest import World, make_user
from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term
from shingikai.meetings.models import Decision, Meeting, MeetingQuestion, WrittenVote

pytestmark = pytest.mark.django_db

COUNCIL = "目黒区情報公開・個人情報保護審議会"
ITEMS = [
    "住居表示システムの更改及びクラウド化に伴う外部委託及び電子計算組織の外部結合について",
    "オンラインフォームの活用に伴う電子計算組織の外部結合について",
    "介護保険システムの更改とクラウド化に伴う業務の外部委託及び電子計算組織の外部結合について",
    "プレミアム付き商品券の実施に伴う業務の外部委託について",
]
# (section label, items (1-based), number of questions, topic of the synthetic texts)
SECTIONS = [
    ("諮問事項1～3に共通", (1, 2, 3), 1, "三件共通"),
    ("諮問事項1・2に共通", (1, 2), 1, "住居表示・フォーム共通"),
    ("諮問事項1・3に共通", (1, 3), 4, "クラウド化共通"),
    ("諮問事項1", (1,), 15, "住居表示システム"),
    ("諮問事項2", (2,), 17, "オンラインフォーム"),
    ("諮問事項3", (3,), 12, "介護保険システム"),
    ("諮問事項4", (4,), 9, "商品券事業"),
]
MEMBER_NAMES = ["青山 一郎", "石川 二葉", "上田 三郎", "江口 四季", "大野 五月"]
VOTING_DAY = dt.datetime(2021, 6, 20, 12, tzinfo=dt.UTC)
AFTER_DECISION = dt.datetime(2021, 6, 29, 12, tzinfo=dt.UTC)
OPENED = "令和3年6月9日（水）"
DECIDED = "令和3年6月28日（月）"


@dataclass
class Meguro:
    council: Council
    members: list[Member]
    users: list[User]
    answering: Department


def _question(topic: str, k: int) -> tuple[str, str]:
    return f"{topic}の質問{k}", f"{topic}についての区の考え方{k}"


def _opinion(member: Member, item: int) -> str:
    return f"{member.name}から諮問事項{item}への意見です。"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meguro(world: World) -> Meguro:
    muni = Municipality.objects.create(name="目黒区", code="131105", head_title="目黒区長")
    council = Council.objects.create(municipality=muni, name=COUNCIL)
    CouncilRule.objects.create(council=council, valid_from=dt.date(2000, 4, 1))
    term = Term.objects.create(
        council=council, number=1, starts_on=dt.date(2021, 4, 1), ends_on=dt.date(2023, 3, 31)
    )
    users = [make_user(f"meguro{i}", Role.MEMBER) for i in range(1, len(MEMBER_NAMES) + 1)]
    members = [
        Member.objects.create(
            term=term,
            name=name,
            role=Member.Role.CHAIR if order == 1 else Member.Role.MEMBER,
            affiliation="academic",
            appointed_on=term.starts_on,
            order=order,
            user=user,
        )
        for order, (name, user) in enumerate(zip(MEMBER_NAMES, users, strict=True), start=1)
    ]
    secretariat = Department.objects.create(municipality=muni, division="総務部", name="区政情報課")
    secretariat.staff.add(world.secretariat)
    answering = Department.objects.create(municipality=muni, division="区長室", name="DX戦略課")
    # 令和3年度第1回 was held before.
    Meeting.objects.create(
        council=council, term=term, fiscal_year=2021, ordinal=1, date=dt.date(2021, 5, 24)
    )
    return Meguro(council, members, users, answering)


def _qa_groups_of_page(page: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The Q&A tables of the minutes page: (title, [(number, question, answer)]) in order."""
    qa = page[page.index('id="h-qa"') :]
    qa = qa[: qa.index("</section>")]
    groups = []
    for chunk in qa.split("<h3>")[1:]:
        title, rest = chunk.split("</h3>", 1)
        rows = re.findall(
            r'<tr><td class="num">(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>', rest, re.S
        )
        groups.append((html.unescape(title), [tuple(map(html.unescape, r)) for r in rows]))
    return groups


def _qa_groups_of_docx(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """The Q&A tables of the Word file: each heading after 質問と区の考え方 and its table."""
    document = docx.Document(io.BytesIO(data))
    groups: list[tuple[str, list[list[str]]]] = []
    started, heading = False, ""
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            if started:
                rows = [[c.text for c in row.cells] for row in block.rows]
                groups.append((heading, rows))
        elif block.text == "質問と区の考え方":
            started = True
        elif started and block.text.strip():
            heading = block.text
    return groups


def test_it_runs_meguros_written_meeting_from_questions_to_minutes(
    world: World, secretariat_client: Client
) -> None:
    mg = _meguro(world)
    client = secretariat_client

    # -- the written meeting: 令和3年度第2回, deliberation 6/9, decision 6/28 --------------
    response = client.post(
        "/meetings/new/",
        {
            "council": mg.council.pk,
            "date": "2021-06-28",
            "format": "written",
            "question_deadline": "2021-06-16",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get(council=mg.council, date=dt.date(2021, 6, 28))
    assert (meeting.fiscal_year, meeting.ordinal, meeting.format) == (2021, 2, "written")
    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "date": "2021-06-28",
            "format": "written",
            "status": "scheduled",
            "opens_on": "2021-06-09",
            "question_deadline": "2021-06-16",
            "note": "新型コロナウイルス感染症対策として、書面により開催する。",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.opens_on == dt.date(2021, 6, 9)

    # -- four consultation items --------------------------------------------------------
    for title in ITEMS:
        response = client.post(
            f"/meetings/{meeting.pk}/agenda/add-item/",
            {"title": title, "kind": "consultation", "is_public": "on"},
        )
        assert response.status_code == 302, response.content.decode()
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.kind, i.title) for i in items] == [
        (n, "consultation", t) for n, t in enumerate(ITEMS, start=1)
    ]

    # -- 59 written questions in the seven sections ---------------------------------------
    expected: list[tuple[str, list[tuple[str, str, str]]]] = []
    number = 0
    for section, linked, count, topic in SECTIONS:
        rows = []
        for k in range(1, count + 1):
            text, answer = _question(topic, k)
            response = client.post(
                f"/meetings/{meeting.pk}/questions/new/",
                {
                    "phase": "written",
                    "section": section,
                    "agenda": [items[n - 1].pk for n in linked],
                    "text": text,
                    "answer": answer,
                    "answered_by": mg.answering.pk,
                    "asked_on": "2021-06-14",
                    "answered_on": "2021-06-18",
                },
            )
            assert response.status_code == 302, response.content.decode()
            number += 1
            rows.append((str(number), text, answer))
        expected.append((section, rows))
    assert number == 59
    questions = list(meeting.questions.order_by("number"))
    assert [q.number for q in questions] == list(range(1, 60))
    by_section = {
        section: [
            sorted(i.order for i in q.agenda_items.all()) for q in questions if q.section == section
        ]
        for section, *_ in SECTIONS
    }
    for section, linked, count, _topic in SECTIONS:
        assert by_section[section] == [list(linked)] * count, section
    assert {q.phase for q in questions} == {MeetingQuestion.Phase.WRITTEN}
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    rows = re.findall(rf'<td class="num"><a href="/meetings/{meeting.pk}/questions/(\d+)/">', page)
    assert rows == [str(n) for n in range(1, 60)]

    # -- members vote before the decision date; the fifth never answers -------------------
    voters, silent = mg.members[:4], mg.members[4]
    with time_machine.travel(VOTING_DAY):
        first = _client(mg.users[0])
        page = first.get(f"/meetings/{meeting.pk}/").content.decode()
        assert page.count("賛否と意見を提出") == 4
        for member, user in zip(voters, mg.users[:4], strict=True):
            voter = _client(user)
            for item in items:
                # The fourth member abstains on 諮問事項4.
                choice = "abstain" if (member.order, item.order) == (4, 4) else "for"
                response = voter.post(
                    f"/meetings/{meeting.pk}/agenda/{item.pk}/vote/",
                    {"choice": choice, "opinion": _opinion(member, item.order)},
                    follow=True,
                )
                assert "賛否と意見を送信しました。" in response.content.decode()
        page = first.get(f"/meetings/{meeting.pk}/").content.decode()
        assert page.count("賛否を提出済み") == 4
        assert "賛否と意見を提出" not in page
    assert WrittenVote.objects.filter(agenda_item__meeting=meeting).count() == 16
    assert not WrittenVote.objects.filter(member=silent).exists()
    assert list(
        WrittenVote.objects.filter(choice="abstain").values_list("member", "agenda_item")
    ) == [(voters[3].pk, items[3].pk)]

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"賛否が未提出の委員（1人）</strong>：{silent.name}</p>" in page
    assert page.count("書面による賛否：4件") == 4
    assert f"意見（{voters[1].name}）：{_opinion(voters[1], 3)}" in page

    # -- a vote after the decision date is refused ---------------------------------------
    with time_machine.travel(AFTER_DECISION):
        late = _client(mg.users[4]).post(
            f"/meetings/{meeting.pk}/agenda/{items[0].pk}/vote/",
            {"choice": "for", "opinion": "遅れて提出する意見"},
            follow=True,
        )
    assert "議決日を過ぎたため、賛否を受け付けられません。" in late.content.decode()
    assert not WrittenVote.objects.filter(member=silent).exists()

    # -- participation, then each item's written decision with the counts ----------------
    attendance = {f"m{m.pk}": "present" for m in voters}
    attendance[f"m{silent.pk}"] = "absent"
    response = client.post(f"/meetings/{meeting.pk}/attendance/", attendance, follow=True)
    assert "✔ 定足数を満たしています" in response.content.decode()
    for item in items:
        abstain = 1 if item.order == 4 else 0
        response = client.post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/decide/",
            {
                "outcome": "approved",
                "mode": "written",
                "decided_on": "2021-06-28",
                "votes_for": str(4 - abstain),
                "votes_against": "0",
                "votes_abstain": str(abstain),
            },
        )
        assert response.status_code == 302, response.content.decode()
    decisions = list(Decision.objects.filter(agenda_item__meeting=meeting).order_by("id"))
    assert [
        (d.agenda_item.order, d.outcome, d.no_objection, d.votes_for, d.votes_abstain)
        for d in decisions
    ] == [
        (1, "approved", False, 4, 0),
        (2, "approved", False, 4, 0),
        (3, "approved", False, 4, 0),
        (4, "approved", False, 3, 1),
    ]
    assert all(d.decided_on == dt.date(2021, 6, 28) and not d.warning for d in decisions)
    assert [d.vote_summary for d in decisions] == ["賛成4"] * 3 + ["賛成3・棄権1"]
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "賛成3・棄権1" in page

    # -- the minutes: 書面開催, the dates in 和暦, opinions, and the Q&A tables -------------
    response = client.post(f"/minutes/{meeting.pk}/generate/", follow=True)
    page = response.content.decode()
    assert "会議録の案を作成しました。" in page
    minutes = Meeting.objects.get(pk=meeting.pk).minutes
    assert f"<td>令和3年度第2回 {COUNCIL}</td>" in page
    assert '<th scope="row">開催方法</th><td>書面開催</td>' in page
    assert f"<td>審議開始日 {OPENED}　議決日 {DECIDED}</td>" in page
    assert '<th scope="row">会場</th>' not in page
    assert '<th scope="row">傍聴者</th>' not in page

    text = minutes.current_text()
    assert f"（本審議会は書面により開催した。審議開始日：{OPENED}、議決日：{DECIDED}）" in text
    for item in items:
        assert f"■{item.order} {item.title}" in text
        for member in voters:
            assert f"○委員　{_opinion(member, item.order)}" in text
    assert text.count("（書面による表決の結果、承認とした。賛成4人）") == 3
    assert "（書面による表決の結果、承認とした。賛成3人、棄権1人）" in text
    assert silent.name not in text  # gave no opinion

    groups = _qa_groups_of_page(page)
    assert [title for title, _rows in groups] == [s for s, *_ in SECTIONS]
    assert [len(rows) for _title, rows in groups] == [1, 1, 4, 15, 17, 12, 9]
    assert groups == expected

    # -- the minutes as Word: the 59 questions in their sections ------------------------
    word = client.get(f"/minutes/{meeting.pk}/minutes.docx")
    assert word.status_code == 200
    tables = _qa_groups_of_docx(word.content)
    assert [title for title, _rows in tables] == [s for s, *_ in SECTIONS]
    body = [row for _title, rows in tables for row in rows if row[0].isdigit()]
    assert len(body) == 59
    assert body == [list(row) for _section, rows in expected for row in rows]
    assert all(rows[0] == ["番号", "質問", "区の考え方"] for _title, rows in tables)
