"""What a precheck finding's search document holds: the question put to the department, what
the answer should cover and where in the case, in Japanese; never the concern's summary,
which is a note in English for the people who write concerns."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core.management import call_command

from shingikai.review import definitions
from shingikai.search.models import DocumentKind, SearchDocument

pytestmark = pytest.mark.django_db
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,;'-]+[A-Za-z]+){4,}")


def test_finding_documents_hold_the_question_and_no_english_summary(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the index follows on commit
        call_command("demo", verbosity=0)
    findings = SearchDocument.objects.filter(kind=DocumentKind.FINDING)
    concerns = {concern.id: concern for concern in definitions.load()}

    assert findings.count() >= 10
    for document in findings:
        concern = concerns[document.key.rsplit(":", 1)[1]]
        assert concern.question in document.text, document.key
        assert concern.summary not in document.text, document.key
        assert not ENGLISH_SENTENCE.search(document.text), (document.key, document.text)
