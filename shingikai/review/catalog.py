"""The concern definitions in use: the built-in files plus any directories the
installation adds (setting REVIEW_CONCERN_DIRS, from the environment)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from shingikai.review import definitions
from shingikai.review.definitions import Concern

_loaded: list[Concern] = []


def directories() -> list[Path]:
    extra = [Path(p) for p in getattr(settings, "REVIEW_CONCERN_DIRS", [])]
    return [definitions.BUILTIN_DIR, *extra]


def load() -> list[Concern]:
    """(Re)load every definition; DefinitionError when one is broken."""
    global _loaded
    _loaded = definitions.load(directories())
    return _loaded


def concerns() -> list[Concern]:
    return _loaded or load()
