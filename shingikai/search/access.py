"""Who may find which document: the same rules as the pages the results link to.

Staff and members (`for_user`): the secretariat finds everything; department staff their
departments' cases and, in the meetings where they have a case, the public items and their
own; members the meetings of their terms and the non-draft cases on them (the rules of
`dossiers.access` and `meetings.access`, evaluated in the database). The public
(`for_public`): public items of published meetings with their decisions and conditions, and
the questions and utterances of approved minutes of published meetings, closed items left
out (the rules of `portal.queries`, which this layer may not import). Nothing a reader may
not see is counted either: every count is taken after this filter.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from shingikai.accounts.models import User
from shingikai.dossiers import access as case_access
from shingikai.meetings import access as meeting_access
from shingikai.meetings.models import AgendaItem, Meeting, MeetingQuestion
from shingikai.minutes.models import Minutes
from shingikai.search.models import Audience, DocumentKind

ITEM_KINDS = (DocumentKind.AGENDA, DocumentKind.DECISION, DocumentKind.CONDITION)
# What the public site can find at all: a case's own text and findings never.
PUBLIC_KINDS: tuple[str, ...] = (*ITEM_KINDS, DocumentKind.QUESTION, DocumentKind.UTTERANCE)
INTERNAL = (Audience.INTERNAL, Audience.BOTH)
PUBLIC = (Audience.PUBLIC, Audience.BOTH)


def visible_items(user: User) -> QuerySet[AgendaItem]:
    """The agenda items `user` sees on the meeting pages (`meetings.access.visible_agenda`
    over every visible meeting)."""
    items = AgendaItem.objects.filter(meeting__in=meeting_access.visible_meetings(user))
    if user.is_department_staff:
        items = items.filter(Q(is_public=True) | Q(case__department__staff=user))
    return items


def visible_questions(user: User) -> QuerySet[MeetingQuestion]:
    """The meeting questions `user` sees (`meetings.access.visible_questions`)."""
    questions = MeetingQuestion.objects.filter(meeting__in=meeting_access.visible_meetings(user))
    if user.is_department_staff:
        questions = questions.filter(
            Q(agenda_items__in=visible_items(user)) | Q(agenda_items__isnull=True)
        )
    return questions


def for_user(user: User) -> Q:
    """The documents a signed-in user may find."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_secretariat:
        return Q(audience__in=INTERNAL)
    items = visible_items(user)
    case_docs = Q(unit__startswith="case:", case__in=case_access.visible_cases(user))
    item_docs = Q(kind__in=ITEM_KINDS, agenda_item__in=items)
    questions = Q(
        unit__startswith="meeting:",
        kind=DocumentKind.QUESTION,
        object_id__in=visible_questions(user).values("pk"),
    )
    # Draft minutes are the secretariat's until circulated (as on the minutes page).
    utterances = (
        Q(kind=DocumentKind.UTTERANCE, meeting__in=meeting_access.visible_meetings(user))
        & ~Q(minutes__status=Minutes.Status.DRAFT)
        & (Q(agenda_item__isnull=True) | Q(agenda_item__in=items))
    )
    return Q(audience__in=INTERNAL) & (case_docs | item_docs | questions | utterances)


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


def for_public() -> Q:
    """The documents anyone may find on the public site. Written as conditions on the rows
    a document points to (joined by primary key), not as lists of ids, so a search checks
    only the documents it walks through (see `backends`)."""
    now = timezone.now()
    published = Q(meeting__published_at__isnull=False, meeting__published_at__lte=now)
    open_item = Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True)
    item_docs = Q(kind__in=ITEM_KINDS, agenda_item__is_public=True) & published
    shown = MeetingQuestion.objects.filter(
        Q(agenda_items__is_public=True) | Q(agenda_items__isnull=True)
    ).exclude(phase=MeetingQuestion.Phase.DURING)
    questions = (
        Q(kind=DocumentKind.QUESTION, meeting__minutes__status=Minutes.Status.APPROVED)
        & published
        & Q(object_id__in=shown.values("pk"))
    )
    utterances = (
        Q(kind=DocumentKind.UTTERANCE, minutes__status=Minutes.Status.APPROVED)
        & published
        & open_item
    )
    return Q(audience__in=PUBLIC) & (item_docs | questions | utterances)
