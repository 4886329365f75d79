"""The template context of the dossier part of the case page, shared by the page itself and
by every in-place edit that re-renders it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from shingikai.dossiers import access, presenters, records
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import diagram, schema
from shingikai.lib import glossary


def dossier_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    dossier = records.dossier_of(case)
    return {
        "case": case,
        "dossier": dossier,
        "can_edit": access.can_edit(request.user, case),
        "handling_views": presenters.handling_views(dossier),
        "step_views": presenters.step_views(dossier),
        "safeguard_views": presenters.safeguard_views(dossier),
        "party_rows": [
            (p, glossary.label(glossary.PARTY_KINDS, p.kind), dossier.party(p.parent))
            for p in dossier.parties
        ],
        # The SVG escapes every text it draws (structure.diagram), so it is safe inline.
        "diagram": mark_safe(diagram.render_svg(dossier)),  # noqa: S308
        "handling_types": glossary.HANDLING_TYPES,
        "attachments": case.attachments.all(),
        "attachment_kinds": schema.ATTACHMENT_KINDS,
        "revisions": case.revisions.all(),
    }
