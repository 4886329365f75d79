"""The council's vocabulary as Django choices, built from `lib.glossary` so that forms, the
case file, documents and the precheck share one list of codes and labels."""

from __future__ import annotations

from django.db import models

from shingikai.lib import glossary


def _choices(name: str, vocabulary: glossary.Vocabulary) -> type[models.TextChoices]:
    return models.TextChoices(  # type: ignore[return-value]
        name, [(code.upper(), (code, label)) for code, label in vocabulary]
    )


HandlingType = _choices("HandlingType", glossary.HANDLING_TYPES)
CaseKind = _choices("CaseKind", glossary.CASE_KINDS)
Outcome = _choices("Outcome", glossary.OUTCOMES)

CONSULTATION_OUTCOMES = (
    Outcome.APPROVED,
    Outcome.APPROVED_WITH_CONDITIONS,
    Outcome.REJECTED,
    Outcome.CONTINUED,
)
REPORT_OUTCOMES = (Outcome.ACKNOWLEDGED, Outcome.CONTINUED)
