"""Index maintenance: rebuild one unit, or everything (`shingikai reindex`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from shingikai.search import sources
from shingikai.search.backends import backend
from shingikai.search.models import SearchDocument
from shingikai.search.tokens import split_text


def _pieces(doc: SearchDocument) -> list[SearchDocument]:
    """The document, or its parts when its text is too long for one (see tokens)."""
    texts = split_text(doc.text)
    if len(texts) == 1:
        return [doc]
    parts = []
    for number, text in enumerate(texts, start=1):
        part = SearchDocument(**{f.attname: getattr(doc, f.attname) for f in doc._meta.fields})
        part.key, part.text = f"{doc.key}#{number}", text
        parts.append(part)
    return parts


def write(docs: Iterable[SearchDocument]) -> list[SearchDocument]:
    """Save new documents and index their tokens (in one transaction: on SQLite, row by
    row in autocommit mode would be many times slower)."""
    rows = [piece for doc in docs for piece in _pieces(doc)]
    with transaction.atomic():
        SearchDocument.objects.bulk_create(rows, batch_size=500)
        backend().store(rows)
    return rows


def reindex_unit(unit: str) -> int:
    """Replace the documents of `unit` with fresh ones; returns how many were written."""
    kind, _sep, pk = unit.partition(":")
    docs = sources.BUILDERS[kind](int(pk))
    with transaction.atomic():
        SearchDocument.objects.filter(unit=unit).delete()
        return len(write(docs))


def reindex_all(progress: Callable[[Iterable[str], int], Iterable[str]] | None = None) -> int:
    """Rebuild the whole index; `progress` wraps the units (e.g. a progress bar). Everything
    is deleted first, so each unit is only written, and units are written a batch per
    transaction (a commit per unit would cost more than the unit)."""
    units = list(sources.all_units())
    with transaction.atomic():
        backend().clear()
        SearchDocument.objects.all().delete()
    written = 0
    batch: list[str] = []
    for unit in progress(units, len(units)) if progress else units:
        batch.append(unit)
        if len(batch) == BATCH:
            written += _write_units(batch)
            batch = []
    written += _write_units(batch)
    backend().optimize()
    return written


BATCH = 20  # units written per transaction by `reindex_all`


def _write_units(units: list[str]) -> int:
    with transaction.atomic():
        docs = []
        for unit in units:
            kind, _sep, pk = unit.partition(":")
            docs += sources.BUILDERS[kind](int(pk))
        return len(write(docs))
