"""State changes of meetings, each in one transaction with an audit event."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.meetings.models import Meeting


def schedule_meeting(user: User, meeting: Meeting, request: HttpRequest | None) -> Meeting:
    """Save a new meeting with the next ordinal of its fiscal year.

    Two people scheduling at once could compute the same ordinal; the unique constraint
    refuses the second, which then takes the following number.
    """
    for _attempt in range(3):
        meeting.ordinal = Meeting.next_ordinal(meeting.council, meeting.fiscal_year)
        try:
            with transaction.atomic():
                meeting.save()
                audit.record(user, AuditEvent.Action.CREATE, meeting, request=request)
                return meeting
        except IntegrityError:
            meeting.pk = None
    raise IntegrityError("could not allocate a meeting ordinal")
