"""Demo data for incidents, statistics and the file register, loaded idempotently: every
row is found by its natural key and created only when missing, so a second run changes
nothing. Call `load()` after the main demo loader (it uses Setagaya's departments, cases,
upcoming meeting and secretariat account).

All figures are illustrative (デモ用の例示). Seed 001 (Meguro, FY2020 2nd meeting) is
restated for Meguro: the FY2019 operating statistics by category, and the USB stick lost
at a contractor during the 2020 holidays; the minutes give no counts, so those are
invented too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from shingikai.accounts.models import User
from shingikai.councils.models import Department, Municipality
from shingikai.dossiers.models import Case
from shingikai.meetings.models import Meeting, MeetingStatus
from shingikai.reports import actions
from shingikai.reports.models import (
    AnnualStatistics,
    Incident,
    PersonalInfoFile,
    RegisterSettings,
)

D = dt.date
ILLUSTRATIVE = "デモ用の例示データです。"
MY_NUMBER_DEPARTMENT = "番号制度・マイナンバーカード交付推進担当課"

# fiscal year: (requests, disclosed, partly, not disclosed, no document, withdrawn, pending,
#               appeals, upheld, partly upheld, rejected, dismissed, withdrawn, pending)
SETAGAYA_STATISTICS = {
    "public_documents": {
        2021: (412, 168, 186, 9, 38, 7, 4, 6, 0, 1, 3, 0, 1, 1),
        2022: (455, 181, 205, 11, 43, 9, 6, 5, 0, 1, 2, 1, 0, 1),
        2023: (498, 197, 226, 8, 52, 10, 5, 7, 1, 1, 3, 0, 1, 1),
        2024: (521, 203, 241, 12, 49, 11, 5, 4, 0, 1, 2, 0, 0, 1),
    },
    "personal_information": {
        2021: (236, 98, 121, 3, 9, 4, 1, 2, 0, 0, 1, 0, 0, 1),
        2022: (251, 104, 128, 2, 11, 5, 1, 3, 0, 1, 1, 0, 1, 0),
        2023: (274, 112, 139, 4, 12, 6, 1, 1, 0, 0, 1, 0, 0, 0),
        2024: (289, 120, 146, 3, 13, 5, 2, 2, 0, 1, 0, 0, 0, 1),
    },
}
MEGURO_STATISTICS = {
    "public_documents": {
        2018: (302, 121, 139, 6, 27, 6, 3, 3, 0, 1, 1, 0, 0, 1),
        2019: (318, 126, 148, 5, 30, 6, 3, 4, 0, 1, 2, 0, 0, 1),
    },
    "personal_information": {
        2018: (164, 71, 82, 1, 6, 3, 1, 1, 0, 0, 1, 0, 0, 0),
        2019: (177, 75, 90, 2, 7, 2, 1, 1, 0, 0, 0, 0, 0, 1),
    },
}
MEGURO_NOTE = (
    "デモ用の例示。令和元年度の実施状況は令和2年度第2回審議会（令和2年7月）で報告された"
    "（seed 001）が、会議録に件数の記載がないため数値は例示。"
)
STAT_FIELDS = (
    "requests",
    "disclosed",
    "partly_disclosed",
    "not_disclosed",
    "no_document",
    "withdrawn",
    "pending",
    "appeals",
    "upheld",
    "partly_upheld",
    "rejected",
    "dismissed",
    "appeal_withdrawn",
    "appeal_pending",
)


@transaction.atomic
def load() -> Counter[str]:
    """Load what is missing; return how many rows of each kind were created."""
    created: Counter[str] = Counter()
    secretariat = User.objects.filter(username="secretariat").first()
    setagaya = Municipality.objects.filter(name="世田谷区").first()
    if setagaya is not None and secretariat is not None:
        _statistics(setagaya, SETAGAYA_STATISTICS, ILLUSTRATIVE, created)
        _setagaya_incidents(setagaya, secretariat, created)
        _setagaya_files(setagaya, secretariat, created)
    meguro = _meguro(created)
    _statistics(meguro, MEGURO_STATISTICS, MEGURO_NOTE, created)
    _meguro_incident(meguro, secretariat, created)
    return created


def _count(created: Counter[str], obj: Any, was_created: bool) -> Any:
    if was_created:
        created[obj._meta.verbose_name] += 1
    return obj


def _statistics(
    municipality: Municipality,
    table: dict[str, dict[int, tuple[int, ...]]],
    note: str,
    created: Counter[str],
) -> None:
    for category, years in table.items():
        for fiscal_year, values in years.items():
            row, was_created = AnnualStatistics.objects.get_or_create(
                municipality=municipality,
                fiscal_year=fiscal_year,
                category=category,
                defaults={**dict(zip(STAT_FIELDS, values, strict=True)), "note": note},
            )
            _count(created, row, was_created)


# -- incidents ------------------------------------------------------------------------------


def _setagaya_incidents(muni: Municipality, user: User, created: Counter[str]) -> None:
    today = timezone.localdate()
    deps = {d.name: d for d in Department.objects.filter(municipality=muni)}
    for spec in _setagaya_incident_specs(today):
        department = deps.get(spec.pop("department"))
        if (
            department is None
            or Incident.objects.filter(municipality=muni, title=spec["title"]).exists()
        ):
            continue
        incident, _flagged = actions.create_incident(
            user,
            Incident(municipality=muni, department=department, note=ILLUSTRATIVE, **spec),
            None,
        )
        _count(created, incident, True)
    _report_at_next_meeting(muni, user)


def _setagaya_incident_specs(today: dt.date) -> list[dict[str, Any]]:
    """Found relative to today, so the warnings show: a final report due in 4 days, a
    prompt report due in 2 days, one overdue, and an old one that needed no report."""
    misdelivery = today - dt.timedelta(days=26)
    mail = today - dt.timedelta(days=3)
    web = today - dt.timedelta(days=9)
    return [
        {
            "department": MY_NUMBER_DEPARTMENT,
            "title": "個人番号が記載された通知書の誤送付",
            "kind": "misdelivery",
            "found_on": misdelivery,
            "occurred_on": misdelivery - dt.timedelta(days=2),
            "summary": "個人番号を記載した通知書を封入する際、隣り合う世帯の通知書を"
            "取り違えて封入し、"
            "別の世帯に送付した。受け取った区民からの連絡で発覚した。",
            "data_items": "氏名\n住所\n生年月日\n個人番号",
            "persons": 124,
            "my_number": True,
            "affected_process": "住民基本台帳に関する事務",
            "contractor": "通知書の印刷・封入封緘業務の受託事業者",
            "cause": "委託先の封入工程で、宛名と内容物の突合せが行われていなかった。",
            "response": "誤送付先を訪問して通知書を回収し、対象者に経緯を説明して謝罪した。",
            "prevention": "封入時の二重突合せ（バーコード照合）を仕様書に明記し、"
            "委託先の作業を立入検査で確認する。",
            "prompt_reported_on": misdelivery + dt.timedelta(days=2),
            "notified_on": misdelivery + dt.timedelta(days=3),
        },
        {
            "department": "健康推進課",
            "title": "健康診査結果のメール誤送信",
            "kind": "wrong_sending",
            "found_on": mail,
            "occurred_on": mail,
            "summary": "健康診査の結果を受診者にメールで送る際、宛先を取り違え、"
            "別の受診者に送信した。",
            "data_items": "氏名\n健康診査の結果",
            "persons": 2,
            "sensitive": True,
            "cause": "メールアドレスを手入力で転記した際の誤り。",
            "response": "誤送信先に削除を依頼し、削除したことを確認した。",
        },
        {
            "department": "障害保健福祉課",
            "title": "アンケート回答一覧のホームページへの誤掲載",
            "kind": "wrong_sending",
            "found_on": web,
            "occurred_on": web - dt.timedelta(days=1),
            "summary": "障害福祉サービス利用者アンケートの集計結果を掲載する際、"
            "回答者の一覧を含むファイルを"
            "誤ってホームページに掲載した。",
            "data_items": "氏名\n利用しているサービスの種類\n回答内容",
            "persons": 340,
            "sensitive": True,
            "cause": "掲載前の確認で、ファイルのシートを確認していなかった。",
            "response": "発覚後ただちにファイルを削除し、検索サイトのキャッシュの削除を依頼した。",
        },
        {
            "department": "子ども家庭課",
            "title": "家事支援用品購入支援事業の申請書類の紛失",
            "kind": "loss",
            "found_on": today - dt.timedelta(days=160),
            "summary": "窓口で受け付けた申請書類の一部が所在不明となった。",
            "data_items": "氏名\n住所\n電話番号",
            "persons": 18,
            "cause": "受付後の書類の引継ぎ記録がなかった。",
            "response": "対象者に連絡して経緯を説明し、再提出を依頼した。",
            "prevention": "受付簿と書類の引継ぎ時の照合を徹底する。",
        },
    ]


def _report_at_next_meeting(muni: Municipality, user: User) -> None:
    """Put the My Number incident on Setagaya's next meeting as a report item."""
    incident = Incident.objects.filter(
        municipality=muni, my_number=True, agenda_item__isnull=True
    ).first()
    meeting = (
        Meeting.objects.filter(
            council__municipality=muni,
            status=MeetingStatus.SCHEDULED,
            date__gte=timezone.localdate(),
        )
        .order_by("date")
        .first()
    )
    if incident is None or meeting is None:
        return
    actions.put_on_agenda(user, incident, meeting, is_public=True, closed_reason="", request=None)


# -- file register --------------------------------------------------------------------------

REQUEST_OFFICE = "世田谷区 総務部区政情報課（区政情報センター）　東京都世田谷区世田谷4丁目21番27号"


def _case(muni: Municipality, number: int, fiscal_year: int) -> Case | None:
    return Case.objects.filter(
        council__municipality=muni, kind="consultation", number=number, fiscal_year=fiscal_year
    ).first()


def _setagaya_files(muni: Municipality, user: User, created: Counter[str]) -> None:
    settings_row, was_created = RegisterSettings.objects.get_or_create(
        municipality=muni,
        defaults={"publish_all": False, "request_office": REQUEST_OFFICE, "note": ILLUSTRATIVE},
    )
    _count(created, settings_row, was_created)
    deps = {d.name: d for d in Department.objects.filter(municipality=muni)}
    for spec in _setagaya_file_specs():
        department = deps.get(spec.pop("department"))
        cases = [c for c in (_case(muni, n, fy) for n, fy in spec.pop("cases")) if c]
        if (
            department is None
            or PersonalInfoFile.objects.filter(
                municipality=muni, department=department, name=spec["name"]
            ).exists()
        ):
            continue
        found = PersonalInfoFile(
            municipality=muni,
            department=department,
            organisation="世田谷区長",
            request_office=REQUEST_OFFICE,
            remarks=ILLUSTRATIVE,
            **spec,
        )
        _count(created, actions.save_file(user, found, cases, None, None), True)


def _setagaya_file_specs() -> list[dict[str, Any]]:
    return [
        {
            "department": "健康推進課",
            "name": "健康診査受診者ファイル",
            "purpose": "区が実施する健康診査の受診券の発行、受診結果の管理及び受診勧奨のため。",
            "recorded_items": "氏名\n性別\n生年月日\n住所\n電話番号\n受診日\n健康診査の結果",
            "subjects": "区が実施する健康診査の対象者及び受診者",
            "collection": "本人から（受診票）、委託医療機関から（受診結果）",
            "sensitive": True,
            "recipients": "",
            "file_type": "electronic",
            "persons": 182_000,
            "registered_on": D(2023, 4, 1),
            "cases": [],
        },
        {
            "department": "健康推進課",
            "name": "出産・子育て応援事業ファイル",
            "purpose": "出産・子育て応援事業における面談の記録及び給付の管理のため。",
            "recorded_items": "氏名\n生年月日\n住所\n電話番号\n出産予定日\n面談の記録\n給付の状況",
            "subjects": "妊娠の届出をした者及び出生した子の保護者",
            "collection": "本人から（申請書、面談）、委託先から（オンライン面談の記録）",
            "sensitive": False,
            "recipients": "",
            "file_type": "electronic",
            "persons": 7_600,
            "registered_on": D(2023, 1, 10),
            "revised_on": D(2023, 4, 1),
            "cases": [(999, 2022)],
        },
        {
            "department": "子ども家庭課",
            "name": "家事支援用品購入支援事業ファイル",
            "purpose": "家事支援用品購入支援事業の申請の受付及び支援の実施のため。",
            "recorded_items": "氏名\n住所\n電話番号\nメールアドレス\n子の氏名\n子の生年月日",
            "subjects": "事業の対象となる子育て世帯の保護者及びその子",
            "collection": "本人から（電子申請）",
            "sensitive": False,
            "recipients": "事業の受託事業者",
            "file_type": "electronic",
            "persons": 5_200,
            "registered_on": D(2023, 2, 10),
            "cases": [(1001, 2022), (1004, 2022)],
        },
        {
            "department": "障害保健福祉課",
            "name": "地域障害者相談支援センター相談記録ファイル",
            "purpose": "障害者及びその家族からの相談に応じ、必要な支援を行うため。",
            "recorded_items": "氏名\n生年月日\n住所\n電話番号\n障害の状況\n相談の内容\n支援の経過",
            "subjects": "地域障害者相談支援センターに相談した者",
            "collection": "本人及び家族から（相談）",
            "sensitive": True,
            "recipients": "",
            "file_type": "electronic",
            "persons": 3_100,
            "registered_on": D(2023, 4, 1),
            "cases": [(1002, 2022)],
        },
        {
            "department": MY_NUMBER_DEPARTMENT,
            "name": "マイナンバーカード交付管理ファイル",
            "purpose": "個人番号カードの交付申請の受付、交付及び管理のため。",
            "recorded_items": "氏名\n住所\n生年月日\n性別\n個人番号\n交付申請日\n交付日",
            "subjects": "個人番号カードの交付を申請した者",
            "collection": "本人から（交付申請書）、地方公共団体情報システム機構から",
            "sensitive": False,
            "my_number": True,
            "recipients": "地方公共団体情報システム機構",
            "other_procedures": "",
            "file_type": "electronic",
            "persons": 640_000,
            "registered_on": D(2023, 4, 1),
            "cases": [(1005, 2026), (1003, 2022)],
        },
        {
            "department": "区政情報課",
            "name": "開示請求等受付ファイル",
            "purpose": "公文書の開示請求、保有個人情報の開示・訂正・利用停止請求の受付"
            "及び処理の管理のため。",
            "recorded_items": "氏名\n住所\n電話番号\n請求の内容\n決定の内容",
            "subjects": "開示請求等をした者",
            "collection": "本人から（請求書）",
            "sensitive": False,
            "recipients": "",
            "file_type": "electronic",
            "persons": 2_400,
            "registered_on": D(2023, 4, 1),
            "cases": [],
        },
        {
            "department": "区政情報課",
            "name": "審議会傍聴者受付簿",
            "purpose": "情報公開・個人情報保護審議会の傍聴の受付のため。",
            "recorded_items": "氏名\n住所\n傍聴日",
            "subjects": "審議会を傍聴した者",
            "collection": "本人から（受付簿への記入）",
            "sensitive": False,
            "recipients": "",
            "file_type": "manual",
            "persons": 240,
            "registered_on": D(2023, 4, 1),
            "cases": [],
        },
    ]


# -- Meguro (seed 001) ----------------------------------------------------------------------


def _meguro(created: Counter[str]) -> Municipality:
    muni, was_created = Municipality.objects.get_or_create(
        name="目黒区", defaults={"code": "131105", "head_title": "目黒区長"}
    )
    _count(created, muni, was_created)
    for division, name in (("総務部", "区政情報課"), ("健康推進部", "保健予防課")):
        department, was_created = Department.objects.get_or_create(
            municipality=muni, division=division, name=name
        )
        _count(created, department, was_created)
    return muni


def _meguro_incident(muni: Municipality, user: User | None, created: Counter[str]) -> None:
    title = "個人情報が記録されたUSBメモリの紛失（委託先）"
    if Incident.objects.filter(municipality=muni, title=title).exists():
        return
    incident = Incident(
        municipality=muni,
        department=Department.objects.get(municipality=muni, name="保健予防課"),
        title=title,
        kind="loss",
        found_on=D(2020, 5, 7),
        summary="区の委託を受けた事業先（医療機関）で、個人情報が記録されたUSBメモリを紛失した。"
        "新型コロナウイルス感染症の対応に追われていた連休中の出来事で、対応が後手に回った。",
        data_items="氏名\n連絡先\n検査に関する情報",
        persons=45,
        sensitive=True,
        contractor="区の委託を受けた医療機関",
        cause="電子記録媒体の持ち出しと管理の手順が守られていなかった。",
        response="所在の捜索と関係者への説明を行った。",
        prevention="区と委託先の双方で、電子記録媒体の管理手順を徹底する（審議会からの要請）。",
        prompt_reported_on=D(2020, 5, 11),
        final_reported_on=D(2020, 6, 4),
        notified_on=D(2020, 5, 15),
        note="令和2年度第2回審議会（令和2年7月）で報告（seed 001）。会議録に件数・項目・経過の"
        "記載がないため、これらはデモ用の例示。報告の要否と期限は、令和5年4月以降の規定を"
        "当てはめた参考表示。",
    )
    if user is None:
        incident.save()
    else:
        actions.create_incident(user, incident, None)
    _count(created, incident, True)
