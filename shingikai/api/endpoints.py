"""The JSON API (`/api/v1/`): cases, meetings, decisions and search, read-only.

Every operation reads through `reads`, which chooses the same functions the web pages use,
and answers through `present`, which leaves staff-only fields out for the public. Errors are
JSON with a Japanese `detail`; anything a reader may not see is a 404, as on the pages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from shingikai.api import actions, present, reads, searching
from shingikai.api import schemas as s
from shingikai.api.auth import BearerToken, Viewer, public, viewer_of
from shingikai.councils.choices import Outcome
from shingikai.dossiers.models import CaseStatus
from shingikai.search.models import DocumentKind

log = logging.getLogger(__name__)

MAX_ID = 2**63 - 1  # the largest primary key; larger numbers are refused, not looked up
MAX_PAGE = 100_000
PER_PAGE = 50
MAX_PER_PAGE = 200
Id = Path(..., ge=1, le=MAX_ID)
PageNumber = Query(1, ge=1, le=MAX_PAGE, description="1 for the first page.")
PerPage = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE)
Year = Query(None, ge=1868, le=9999, description="Fiscal year, Western (2022 = 令和4年度).")
StaffStatus = Query(None, description="Staff only (400 without a token).")
StaffDepartment = Query(None, ge=1, le=MAX_ID, description="Staff only (400 without a token).")
SearchText = Query(..., min_length=1, max_length=searching.MAX_QUERY, description="検索語")

NOT_FOUND = {404: s.Error}
REFUSED = {401: s.Error, 422: s.InvalidRequest}
T = TypeVar("T")


class JapaneseJSON(JSONRenderer):
    """JSON with Japanese text as is, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class ShingikaiAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Mark the token as optional: without one, an operation answers for the public."""
        schema = super().get_openapi_schema(**kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                if "security" in operation:
                    operation["security"].append({})
        return schema


api = ShingikaiAPI(
    title="Shingikai API",
    version="1",
    description=(
        "審議会の案件・会議・答申・検索を他のシステムに提供する読み取り専用のAPI。"
        "トークン（Authorization: Bearer）を付けると、その利用者が画面で見られる範囲を返し、"
        "付けないと公開サイトと同じ範囲だけを返します。"
    ),
    auth=[BearerToken(), public],
    renderer=JapaneseJSON(),
    urls_namespace="api-v1",
)

MESSAGES = {
    400: "リクエストが正しくありません。",
    401: "トークンが無効です（失効・期限切れ・誤り）。",
    403: "この操作は許可されていません。",
    404: "見つかりません。",
    405: "このメソッドは使えません。",
}


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    response = api.create_response(request, {"detail": detail}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="shingikai"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, MESSAGES[404])


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, MESSAGES[401])


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Our own HttpErrors carry Japanese; django-ninja's own (English) get the standard text.
    detail = exc.message if exc.message and not exc.message.isascii() else None
    return _error(request, exc.status_code, detail or MESSAGES.get(exc.status_code, "エラー"))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "リクエストの値が正しくありません。", "errors": errors}, status=422
    )


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.get_full_path())
    return _error(request, 500, "サーバーでエラーが発生しました。")


def _page(rows: QuerySet[T], page: int, per_page: int) -> tuple[list[T], dict[str, int]]:
    count = rows.count()
    pages = max(1, -(-count // per_page))
    found = list(rows[(page - 1) * per_page : page * per_page]) if page <= pages else []
    return found, {"count": count, "page": page, "pages": pages, "per_page": per_page}


def _exported(request: HttpRequest, viewer: Viewer, count: int) -> None:
    if viewer.token is not None:
        actions.record_export(viewer.token, request, count)


def _openable(viewer: Viewer, case_ids: Sequence[int | None]) -> set[int]:
    return reads.visible_case_ids(viewer, {pk for pk in case_ids if pk is not None})


# -- cases ----------------------------------------------------------------------------------


@api.get("/cases", response={200: s.CasePage, 400: s.Error, **REFUSED}, tags=["cases"])
def list_cases(
    request: HttpRequest,
    status: CaseStatus | None = StaffStatus,
    department: int | None = StaffDepartment,
    year: int | None = Year,
    page: int = PageNumber,
    per_page: int = PerPage,
) -> s.CasePage:
    """Cases the reader may see, newest first: for the public, the cases on a public item of
    a published meeting."""
    viewer = viewer_of(request)
    cases = reads.cases(viewer)
    if viewer.is_public:
        if status or department:
            raise HttpError(400, "状態・担当課での絞り込みにはトークンが必要です。")
        cases = cases.prefetch_related(reads.public_items())
    if status:
        cases = cases.filter(status=status)
    if department:
        cases = cases.filter(department_id=department)
    if year:
        cases = cases.filter(fiscal_year=year)
    rows, info = _page(cases.order_by("-created_at", "-id"), page, per_page)
    _exported(request, viewer, len(rows))
    return s.CasePage(**info, items=[present.case_summary(viewer, c) for c in rows])


@api.get("/cases/{case_id}", response={200: s.Case, **NOT_FOUND, **REFUSED}, tags=["cases"])
def get_case(request: HttpRequest, case_id: int = Id) -> s.Case:
    """One case with its meetings and decisions; for staff also its content (parties,
    handlings with their fields, individuals and items, the data flow and safeguards)."""
    viewer = viewer_of(request)
    case = reads.case(viewer, case_id)
    items = list(reads.case_agenda(viewer, case))
    if viewer.is_public:
        # Latest meeting first, as `reads.public_items` orders them for the lists.
        case.public_items = sorted(items, key=lambda i: (-i.meeting.date.toordinal(), i.order))
    elif viewer.token is not None:
        actions.record_case_view(viewer.token, request, case)
    return present.case(viewer, case, items)


# -- meetings -------------------------------------------------------------------------------


@api.get("/meetings", response={200: s.MeetingPage, **REFUSED}, tags=["meetings"])
def list_meetings(
    request: HttpRequest, year: int | None = Year, page: int = PageNumber, per_page: int = PerPage
) -> s.MeetingPage:
    """Meetings the reader may see, latest first: for the public, published meetings."""
    viewer = viewer_of(request)
    meetings = reads.meetings(viewer)
    if year:
        meetings = meetings.filter(fiscal_year=year)
    rows, info = _page(meetings.order_by("-date", "-ordinal", "-id"), page, per_page)
    _exported(request, viewer, len(rows))
    return s.MeetingPage(**info, items=[present.meeting_summary(viewer, m) for m in rows])


@api.get(
    "/meetings/{meeting_id}", response={200: s.Meeting, **NOT_FOUND, **REFUSED}, tags=["meetings"]
)
def get_meeting(request: HttpRequest, meeting_id: int = Id) -> s.Meeting:
    """A meeting with the agenda items the reader may see, their decisions and the
    materials: closed items and non-public materials only for staff who may see them."""
    viewer = viewer_of(request)
    meeting = reads.meeting(viewer, meeting_id)
    items = list(reads.agenda(viewer, meeting))
    materials = list(reads.materials(viewer, meeting))
    _exported(request, viewer, 1)
    openable = _openable(viewer, [i.case_id for i in items])
    return present.meeting(viewer, meeting, items, materials, openable)


# -- decisions ------------------------------------------------------------------------------


@api.get("/decisions", response={200: s.DecisionPage, **REFUSED}, tags=["decisions"])
def list_decisions(
    request: HttpRequest,
    outcome: Outcome | None = None,
    year: int | None = Year,
    page: int = PageNumber,
    per_page: int = PerPage,
) -> s.DecisionPage:
    """答申 and other decisions on the agenda items the reader may see, with their
    conditions, latest first. `year` is the fiscal year of the meeting."""
    viewer = viewer_of(request)
    decisions = reads.decisions(viewer)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if year:
        decisions = decisions.filter(agenda_item__meeting__fiscal_year=year)
    rows, info = _page(decisions.order_by("-decided_on", "-id"), page, per_page)
    _exported(request, viewer, len(rows))
    openable = _openable(viewer, [x.agenda_item.case_id for x in rows])
    return s.DecisionPage(**info, items=[present.decision(viewer, x, openable) for x in rows])


@api.get(
    "/decisions/{decision_id}",
    response={200: s.Decision, **NOT_FOUND, **REFUSED},
    tags=["decisions"],
)
def get_decision(request: HttpRequest, decision_id: int = Id) -> s.Decision:
    viewer = viewer_of(request)
    decision = reads.decision(viewer, decision_id)
    _exported(request, viewer, 1)
    openable = _openable(viewer, [decision.agenda_item.case_id])
    return present.decision(viewer, decision, openable)


# -- search ---------------------------------------------------------------------------------


@api.get("/search", response={200: s.SearchResults, **REFUSED}, tags=["search"])
def search_documents(
    request: HttpRequest,
    q: str = SearchText,
    kind: DocumentKind | None = None,
    order: searching.Order = searching.RELEVANCE,
    year_from: int | None = Year,
    year_to: int | None = Year,
    page: int = PageNumber,
) -> s.SearchResults:
    """Full-text search over what the reader may see (for the public, what the public
    site's search finds). `q` takes the search page's syntax (words, "phrases", -exclusions,
    OR)."""
    viewer = viewer_of(request)
    found = searching.run(viewer, q, kind=kind, order=order, years=(year_from, year_to), page=page)
    _exported(request, viewer, len(found.hits))
    return found
