"""The structurer against hand-made gold labels for the five seed minutes.

Gold labels live in tests/gold/NNN.yaml (how each value was checked is written there); the
seeds themselves are shared with the project, in ../shared/seeds next to the repository.
Header fields, agenda items, utterance counts per speaker label, and the written questions
must match exactly.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from shingikai.ingest.readers import read
from shingikai.ingest.records import MinutesRecord
from shingikai.ingest.structure import looks_like_minutes, structure

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"
GOLD = REPO / "tests" / "gold"
SEED_IDS = ["000", "001", "002", "003", "004"]
HEADER_FIELDS = [
    "municipality",
    "body",
    "title",
    "fiscal_year",
    "ordinal",
    "date",
    "start_time",
    "end_time",
    "venue",
    "format",
    "observers",
]


@cache
def gold(seed: str) -> dict[str, Any]:
    return yaml.safe_load((GOLD / f"{seed}.yaml").read_text(encoding="utf-8"))


@cache
def record(seed: str) -> MinutesRecord:
    path = SEEDS / gold(seed)["seed"]
    if not path.is_file():
        pytest.skip(f"seed minutes not found at {path} (the shared seeds are not checked out)")
    return structure(read(path.read_bytes(), path.name))


@pytest.mark.parametrize("seed", SEED_IDS)
def test_gold_file_names_its_seed(seed: str) -> None:
    assert gold(seed)["seed"].startswith(seed + "_")


@pytest.mark.parametrize("seed", SEED_IDS)
@pytest.mark.parametrize("name", HEADER_FIELDS)
def test_header_field(seed: str, name: str) -> None:
    assert getattr(record(seed), name) == gold(seed)["header"][name]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_attendees(seed: str) -> None:
    assert record(seed).attendees == gold(seed)["header"]["attendees"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_agenda(seed: str) -> None:
    found = record(seed).as_json()["agenda"]
    expected = gold(seed)["agenda"]
    assert [item["title"] for item in found] == [item["title"] for item in expected]
    for got, want in zip(found, expected, strict=True):
        for key in ("kind", "number", "review_types", "outcome", "votes"):
            assert got[key] == want[key], (want["title"], key)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_utterances_per_speaker(seed: str) -> None:
    counts = Counter(u.speaker for u in record(seed).utterances)
    assert dict(counts) == gold(seed)["utterances"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_speaker_roles(seed: str) -> None:
    roles = {u.speaker: u.role for u in record(seed).utterances}
    assert roles == gold(seed)["roles"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_questions(seed: str) -> None:
    found = [
        {"number": q.number, "section": q.section, "agenda_index": q.agenda_index}
        for q in record(seed).questions
    ]
    assert found == gold(seed)["questions"]
    assert all(q.question for q in record(seed).questions)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seeds_look_like_minutes(seed: str) -> None:
    assert looks_like_minutes(record(seed))


@pytest.mark.parametrize("seed", SEED_IDS)
def test_utterances_are_clean(seed: str) -> None:
    """No stage direction or HTML tag is left in a turn, and every turn has an item or None."""
    rec = record(seed)
    for utterance in rec.utterances:
        assert "（資料により説明）" not in utterance.text
        assert "<p>" not in utterance.text
        assert utterance.agenda_index is None or 0 <= utterance.agenda_index < len(rec.agenda)


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_turns_follow_the_agenda(seed: str) -> None:
    """Agenda indexes only move forward, start before the first item and end outside."""
    indexes = [u.agenda_index for u in record(seed).utterances]
    assert indexes[0] is None
    assert indexes[-1] is None
    seen = [i for i in indexes if i is not None]
    assert seen == sorted(seen)
    assert set(seen) == set(range(len(record(seed).agenda)))
