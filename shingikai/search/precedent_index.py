"""Precedents beside a case: stored profiles, kept in step, and the precedents a reader may
see with what the council decided and what members asked.

Profiles (`PrecedentProfile`) are built from the live rows by `precedents` (pure) and
refreshed with the search index's units (`sync.flush` calls `refresh`): `case:1` rebuilds
the case's profile, `meeting:2` and `minutes:3` those of the meeting's agenda items without a
case. `shingikai reindex` rebuilds them all (`rebuild_all`). A process keeps the corpus of
candidates (decided cases, handled items) in memory (`corpus`) and reads it again when they
change (their count and the sum of their fingerprints), so a case page tokenises nothing
and reads one aggregate; editing a draft changes no candidate.

Who sees which precedent is decided from the live rows when precedents are sought, with the
rules of the pages they link to: a case only if it is decided and `dossiers.access` lets the
reader open it; an agenda item without a case only if its meeting was held or it has a
decision, and the reader sees it on its meeting page (`search.access.visible_items`).
Questions and utterances shown with a precedent pass the same filters (`visible_questions`;
utterances of draft minutes only for the secretariat).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from shingikai.accounts.models import User
from shingikai.dossiers import access as case_access
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.ingest.structure.agenda import review_types
from shingikai.meetings.models import AgendaItem, Decision, Meeting, MeetingStatus
from shingikai.minutes.models import Minutes, Utterance
from shingikai.review.models import Question
from shingikai.search import access as search_access
from shingikai.search import precedents
from shingikai.search.models import PrecedentProfile

LIMIT = 5  # precedents shown beside a case
MIN_SCORE = 0.1  # below this a candidate shares next to nothing with the case
BATCH = 30  # the best candidates checked for access by their ids
ASKED = 3  # questions (or utterances) of each source shown per precedent
SHORTEST = 12  # an utterance shorter than this (はい。異議なし。) is not a question
CLIP = 120  # characters of a question or answer shown
MEMBER_ROLES = (Utterance.Role.MEMBER, Utterance.Role.VICE_CHAIR)
# The chair's turns are mostly the running of the meeting; only questions are shown.
CHAIR_ASKS = re.compile(r"(?:か|？|\?)[。」）)]*$")
CHAIR_RUNS = re.compile(
    r"(?:ございません|ありません|よろしいでしょう|いかがでしょう|ありますでしょう)か"
)


# -- building profiles ------------------------------------------------------------------------


def case_profile(case: Case, catalogue: dict[str, str] | None = None) -> precedents.Profile:
    """The profile of a case from its dossier."""
    dossier = records.dossier_of(case)
    return precedents.profile_of_dossier(
        f"case:{case.pk}", dossier, records.catalogue() if catalogue is None else catalogue
    )


def _is_precedent_item(item: AgendaItem) -> bool:
    """An agenda item without a case that is about a handling (not 会長の選出 …)."""
    return item.case_id is None and (
        item.kind != AgendaItem.Kind.OTHER or bool(review_types(item.title))
    )


def item_profiles(meeting_id: int) -> list[tuple[AgendaItem, precedents.Profile, bool]]:
    """Profiles of a meeting's agenda items without a case (title, what was said on each in
    minutes past the draft, the questions and answers on it), and whether each is a
    candidate (its meeting was held, or it has a decision)."""
    items = [
        i
        for i in AgendaItem.objects.filter(meeting_id=meeting_id)
        .select_related("meeting")
        .annotate(decided=Count("decisions"))
        if _is_precedent_item(i)
    ]
    if not items:
        return []
    texts: dict[int, list[str]] = {i.pk: [i.title] for i in items}
    spoken = (
        Utterance.objects.filter(agenda_item__in=items, is_direction=False)
        .exclude(minutes__status=Minutes.Status.DRAFT)
        .order_by("order")
        .values_list("agenda_item_id", "text")
    )
    for item_id, text in spoken:
        texts[item_id].append(text)
    through = AgendaItem.questions.through
    asked = through.objects.filter(agendaitem__in=items).values_list(
        "agendaitem_id", "meetingquestion__text", "meetingquestion__answer"
    )
    for item_id, question, answer in asked:
        texts[item_id] += [question, answer]
    return [
        (
            i,
            precedents.profile_of_item(f"item:{i.pk}", review_types(i.title), texts[i.pk]),
            i.meeting.status == MeetingStatus.HELD or i.decided > 0,  # type: ignore[attr-defined]
        )
        for i in items
    ]


def _row(
    profile: precedents.Profile,
    candidate: bool,
    case_id: int | None = None,
    item_id: int | None = None,
) -> PrecedentProfile:
    return PrecedentProfile(
        key=profile.key,
        case_id=case_id,
        agenda_item_id=item_id,
        candidate=candidate,
        handling_types=sorted(profile.handling_types),
        categories=sorted(profile.categories),
        channels=sorted(profile.channels),
        party_kinds=sorted(profile.party_kinds),
        contractors=list(profile.contractors),
        terms=dict(profile.terms),
        has_dossier=profile.has_dossier,
        digest=profile.digest(),
    )


PROFILE_FIELDS = (
    "key",
    "handling_types",
    "categories",
    "channels",
    "party_kinds",
    "contractors",
    "terms",
    "has_dossier",
)


def _profile(
    key: str,
    handling_types: list[str],
    categories: list[str],
    channels: list[str],
    party_kinds: list[str],
    contractors: list[str],
    terms: dict[str, int],
    has_dossier: bool,
) -> precedents.Profile:
    return precedents.Profile(
        key=key,
        handling_types=frozenset(handling_types),
        categories=frozenset(categories),
        channels=frozenset(channels),
        party_kinds=frozenset(party_kinds),
        contractors=tuple(contractors),
        terms=terms,
        has_dossier=has_dossier,
    )


def profile_of_row(row: PrecedentProfile) -> precedents.Profile:
    return _profile(*(getattr(row, name) for name in PROFILE_FIELDS))


def _save(row: PrecedentProfile) -> None:
    """Write `row` over the stored profile of its key (nothing when it is unchanged)."""
    stored = PrecedentProfile.objects.filter(key=row.key).values_list("digest", "candidate")
    if stored.first() == (row.digest, row.candidate):
        return
    fields = [f.attname for f in PrecedentProfile._meta.concrete_fields if f.attname != "id"]
    defaults = {name: getattr(row, name) for name in fields if name != "key"}
    PrecedentProfile.objects.update_or_create(key=row.key, defaults=defaults)


def refresh_case(pk: int) -> None:
    """Rebuild one case's profile (a deleted case's went with it)."""
    case = (
        Case.objects.select_related("council", "council__municipality", "department")
        .filter(pk=pk)
        .first()
    )
    if case is not None:
        decided = case.status == CaseStatus.DECIDED
        _save(_row(case_profile(case), decided, case_id=case.pk))


def refresh_meeting(pk: int) -> None:
    """Rebuild the profiles of a meeting's agenda items without a case, drop those of items
    that now have one, and mark which of the cases on its agenda are decided (recording a
    decision decides the case with an UPDATE, which marks the meeting, not the case)."""
    kept = []
    for item, profile, candidate in item_profiles(pk):
        _save(_row(profile, candidate, item_id=item.pk))
        kept.append(item.pk)
    PrecedentProfile.objects.filter(agenda_item__meeting_id=pk).exclude(
        agenda_item_id__in=kept
    ).delete()
    on_agenda = Case.objects.filter(agenda_items__meeting_id=pk)
    decided = on_agenda.filter(status=CaseStatus.DECIDED)
    PrecedentProfile.objects.filter(case__in=decided, candidate=False).update(candidate=True)
    PrecedentProfile.objects.filter(case__in=on_agenda.exclude(status=CaseStatus.DECIDED)).filter(
        candidate=True
    ).update(candidate=False)


def refresh(units: Iterable[str]) -> None:
    """Bring the profiles of the search index's units up to date (see the module docstring)."""
    meetings: set[int] = set()
    for unit in units:
        kind, _sep, pk = unit.partition(":")
        if kind == "case":
            refresh_case(int(pk))
        elif kind == "meeting":
            meetings.add(int(pk))
        elif kind == "minutes":
            found = Minutes.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
            if found:
                meetings.add(found)
    for meeting_id in sorted(meetings):
        refresh_meeting(meeting_id)


def rebuild_all(progress: Callable[[Iterable[str], int], Iterable[str]] | None = None) -> int:
    """Replace every profile (`progress` wraps the units, as in `indexing.reindex_all`);
    returns how many were written."""
    units = [f"case:{pk}" for pk in Case.objects.order_by("pk").values_list("pk", flat=True)]
    units += [f"meeting:{pk}" for pk in Meeting.objects.order_by("pk").values_list("pk", flat=True)]
    catalogue = records.catalogue()
    rows: list[PrecedentProfile] = []
    cases = Case.objects.select_related("council", "council__municipality", "department")
    for unit in progress(units, len(units)) if progress else units:
        kind, _sep, pk = unit.partition(":")
        if kind == "case":
            case = cases.filter(pk=pk).first()
            if case is not None:
                decided = case.status == CaseStatus.DECIDED
                rows.append(_row(case_profile(case, catalogue), decided, case_id=case.pk))
        else:
            rows += [_row(p, candidate, item_id=i.pk) for i, p, candidate in item_profiles(int(pk))]
    with transaction.atomic():
        PrecedentProfile.objects.all().delete()
        PrecedentProfile.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# -- the corpus in memory ---------------------------------------------------------------------


@dataclass
class _Cached:
    stamp: tuple[int, int] | None = None
    corpus: precedents.Corpus | None = None


_cached = _Cached()
_lock = threading.Lock()


def _candidates() -> QuerySet[PrecedentProfile]:
    return PrecedentProfile.objects.filter(candidate=True)


def _stamp() -> tuple[int, int]:
    found = _candidates().aggregate(n=Count("id"), total=Sum("digest"))
    return found["n"] or 0, found["total"] or 0


def forget() -> None:
    """Drop this process's corpus (the next request reads it again)."""
    with _lock:
        _cached.stamp, _cached.corpus = None, None


def corpus() -> precedents.Corpus:
    """The candidates' profiles, ready to rank; read again when they change."""
    stamp = _stamp()
    with _lock:
        if _cached.stamp == stamp and _cached.corpus is not None:
            return _cached.corpus
    rows = _candidates().values_list(*PROFILE_FIELDS)
    built = precedents.Corpus(_profile(*row) for row in rows.iterator(chunk_size=500))
    with _lock:
        _cached.stamp, _cached.corpus = stamp, built
    return built


# -- what a reader sees -----------------------------------------------------------------------


@dataclass
class Sitting:
    """An agenda item a precedent was heard under, with its decisions."""

    item: AgendaItem
    url: str
    decisions: list[Decision]


@dataclass
class Asked:
    """A question or remark of members on a precedent, with a link to where it was made."""

    source: str
    text: str
    url: str
    who: str = ""
    answer: str = ""


@dataclass
class Precedent:
    key: str
    score: float
    reasons: list[tuple[str, str]]
    title: str
    number_label: str
    url: str
    council: str
    case: Case | None = None
    sittings: list[Sitting] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def is_case(self) -> bool:
        return self.case is not None


def _ids(keys: Iterable[str], prefix: str) -> list[int]:
    return [int(k.partition(":")[2]) for k in keys if k.startswith(prefix)]


def _offerable(user: User, keys: Sequence[str] | None) -> set[str]:
    """Those of `keys` (all stored ones with None) that are precedents `user` may see (see
    the module docstring)."""
    found: set[str] = set()
    case_ids = _ids(keys, "case:") if keys is not None else None
    if case_ids is None or case_ids:
        cases = case_access.visible_cases(user).filter(status=CaseStatus.DECIDED)
        if case_ids is not None:
            cases = cases.filter(pk__in=case_ids)
        found |= {f"case:{pk}" for pk in cases.values_list("pk", flat=True)}
    item_ids = _ids(keys, "item:") if keys is not None else None
    if item_ids is None or item_ids:
        items = (
            search_access.visible_items(user)
            .filter(case__isnull=True)
            .filter(Q(meeting__status=MeetingStatus.HELD) | Q(decisions__isnull=False))
        )
        if item_ids is not None:
            items = items.filter(pk__in=item_ids)
        found |= {f"item:{pk}" for pk in items.values_list("pk", flat=True)}
    return found


def _chosen(user: User, ranked: Sequence[precedents.Scored], limit: int) -> list[precedents.Scored]:
    """The best `limit` candidates `user` may see: the first `BATCH` are checked by their
    ids; if too few pass (department staff see few cases), everything the user may see is
    read at once, so a request costs a bounded number of queries."""
    candidates = [s for s in ranked if s.score >= MIN_SCORE]
    first = candidates[:BATCH]
    allowed = _offerable(user, [s.key for s in first])
    chosen = [s for s in first if s.key in allowed]
    if len(chosen) < limit and len(candidates) > BATCH:
        allowed = _offerable(user, None)
        chosen += [s for s in candidates[BATCH:] if s.key in allowed]
    return chosen[:limit]


def query_profile(case: Case) -> precedents.Profile:
    """The stored profile of `case`, or one built now if none is stored yet."""
    row = PrecedentProfile.objects.filter(key=f"case:{case.pk}").first()
    return profile_of_row(row) if row is not None else case_profile(case)


def find(user: User, case: Case, limit: int = LIMIT) -> list[Precedent]:
    """The precedents of `case` that `user` may see, most similar first."""
    query = query_profile(case)
    ranked_corpus = corpus()
    chosen = _chosen(user, ranked_corpus.rank(query, exclude={query.key}), limit)
    if not chosen:
        return []
    rows = {r.key: r for r in PrecedentProfile.objects.filter(key__in=[s.key for s in chosen])}
    result = []
    for scored in chosen:
        row = rows.get(scored.key)
        reasons = (
            precedents.explain(query, profile_of_row(row), ranked_corpus).lines() if row else []
        )
        result.append(
            Precedent(
                key=scored.key,
                score=scored.score,
                reasons=reasons,
                title="",
                number_label="",
                url="",
                council="",
            )
        )
    _describe(user, result)
    return result


def _clip(text: str, length: int = CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _item_url(item: AgendaItem) -> str:
    return f"{item.meeting.get_absolute_url()}#item-{item.order}"


def _describe(user: User, found: list[Precedent]) -> None:
    """Fill in titles, sittings, decisions and what members asked (all through the reader's
    access rules)."""
    case_ids = _ids((p.key for p in found), "case:")
    item_ids = _ids((p.key for p in found), "item:")
    cases = Case.objects.select_related("council").in_bulk(case_ids)
    items = list(
        search_access.visible_items(user)
        .filter(Q(case_id__in=case_ids) | Q(pk__in=item_ids))
        .select_related("meeting", "meeting__council")
        .prefetch_related("decisions__conditions", "decisions__handling")
        .order_by("meeting__date", "order")
    )
    for item in items:
        for decision in item.decisions.all():
            decision.agenda_item = item  # decision_label reads the meeting's council
    by_item = {i.pk: i for i in items}
    asked = _asked(user, cases, items)
    for precedent in found:
        kind, _sep, raw = precedent.key.partition(":")
        pk = int(raw)
        if kind == "case":
            case = cases[pk]
            heard = [i for i in items if i.case_id == pk]
            precedent.case = case
            precedent.title = case.full_title
            precedent.number_label = case.number_label
            precedent.url = case.get_absolute_url()
            precedent.council = case.council.short_name or case.council.name
            owners = {i.pk for i in heard}
            precedent.asked = [
                a
                for key, a in asked
                if key == ("case", pk) or (key[0] == "item" and key[1] in owners)
            ]
        else:
            item = by_item[pk]
            heard = [item]
            precedent.title = item.title
            precedent.url = _item_url(item)
            council = item.meeting.council
            precedent.council = council.short_name or council.name
            precedent.asked = [a for key, a in asked if key == ("item", pk)]
        precedent.sittings = [
            Sitting(item=i, url=_item_url(i), decisions=list(i.decisions.all())) for i in heard
        ]


def _asks(u: Utterance) -> bool:
    """Whether an utterance is a member's question or remark (not the chair running the
    meeting, not a bare はい)."""
    text = u.text.strip()
    if len(text) < SHORTEST:
        return False
    if u.role == Utterance.Role.CHAIR:
        return bool(CHAIR_ASKS.search(text)) and not CHAIR_RUNS.search(text)
    return True


def _asked(
    user: User, cases: dict[int, Case], items: list[AgendaItem]
) -> list[tuple[tuple[str, int], Asked]]:
    """What members asked on these cases and items: questions on the items, the precheck's
    questions to the department, and members' utterances on the items (a few of each)."""
    found: list[tuple[tuple[str, int], Asked]] = []
    shown: Counter[tuple[str, tuple[str, int]]] = Counter()

    def add(key: tuple[str, int], entry: Asked, source: str) -> None:
        if shown[source, key] < ASKED:
            shown[source, key] += 1
            found.append((key, entry))

    item_ids = [i.pk for i in items]
    questions = (
        search_access.visible_questions(user)
        .filter(agenda_items__in=item_ids)
        .distinct()
        .select_related("meeting", "asked_by")
        .prefetch_related("agenda_items")
        .order_by("meeting__date", "number")
    )
    for q in questions:
        item_id = next((i.pk for i in q.agenda_items.all() if i.pk in item_ids), None)
        if item_id is None:
            continue
        add(
            ("item", item_id),
            Asked(
                source=q.get_phase_display(),
                text=_clip(q.text),
                url=f"{q.meeting.get_absolute_url()}#questions",
                who=f"{q.asked_by.name}委員" if q.asked_by else "",
                answer=_clip(q.answer),
            ),
            "question",
        )
    for q in Question.objects.filter(case_id__in=list(cases)).order_by("case_id", "number"):
        add(
            ("case", q.case_id),
            Asked(
                source="事前点検の質問",
                text=_clip(q.text),
                url=reverse("review:precheck", args=[q.case_id]) + f"#question-{q.number}",
                answer=_clip(q.answer),
            ),
            "precheck",
        )
    spoken = Utterance.objects.filter(
        agenda_item_id__in=item_ids,
        is_direction=False,
        role__in=(*MEMBER_ROLES, Utterance.Role.CHAIR),
    ).select_related("minutes")
    if not user.is_secretariat:
        spoken = spoken.exclude(minutes__status=Minutes.Status.DRAFT)
    seen = {entry.text for _key, entry in found}
    for u in spoken.order_by("minutes_id", "order"):
        if not _asks(u) or _clip(u.text) in seen:
            continue
        add(
            ("item", u.agenda_item_id),  # type: ignore[arg-type]
            Asked(
                source="会議録の発言",
                text=_clip(u.text),
                url=reverse("minutes:detail", args=[u.minutes.meeting_id]) + f"#u-{u.order}",
                who=u.speaker,
            ),
            "utterance",
        )
    return found
