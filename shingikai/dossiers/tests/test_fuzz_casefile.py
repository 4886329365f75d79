"""Short runs of the case-file fuzz harness (fuzz/fuzz_casefile.py) in the normal suite, and
regression tests of what the long runs found (docs/fuzzing.md).

The property is the harness's: any bytes either parse into a dossier that survives the YAML
and JSON round trips, or are refused with a `CaseFileError` listing problems.
"""

from __future__ import annotations

import functools
import pickle
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import cases, fuzz_casefile
from shingikai.dossiers import models
from shingikai.dossiers.structure import casefile

FAST = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@functools.cache
def target() -> Callable[[bytes], None]:
    return fuzz_casefile.load()


@functools.cache
def demo() -> list[dict[str, Any]]:
    return cases.demo_cases()


def problems(data: bytes) -> list[str]:
    with pytest.raises(casefile.CaseFileError) as caught:
        casefile.parse(casefile.load_bytes(data), None)
    return [str(p) for p in caught.value.problems]


@FAST
@given(st.binary(max_size=1024))
def test_any_bytes_parse_or_list_problems(data: bytes) -> None:
    target()(data)


@FAST
@given(st.randoms(use_true_random=True))
def test_edited_demo_cases_parse_and_round_trip_or_list_problems(rnd: random.Random) -> None:
    target()(cases.case_file(rnd, demo()))


def test_the_demo_cases_round_trip() -> None:
    for data in demo():
        target()(casefile.dump(casefile.parse(data, None)).encode())


# -- what the fuzzers found -------------------------------------------------------------------


def test_aliases_that_expand_exponentially_are_refused_quickly() -> None:
    """`flow[].items` and field values went through str(), which a billion-laughs file
    nests to 10¹² elements: the parse never ended."""
    levels = ['a0: &a0 ["笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 12)]
    head = "\n".join(levels)
    flow = f"{head}\nflow:\n  - {{number: 1, from: a, to: b, items: *a11}}\n".encode()
    assert "flow[1].items[1]: 項目名を文字列で書いてください。" in problems(flow)
    fields = f"{head}\nhandlings:\n  - type: outsourcing\n    fields: {{count: *a11}}\n"
    assert any(
        p.startswith("handlings[1].fields.count: 一つの値で書いてください")
        for p in problems(fields.encode())
    )


# libyaml refuses the nesting as YAML; the pure-Python loader runs out of recursion.
DEEP = r"^(入れ子が深すぎるため読めません。|\d+行目: YAML/JSONとして読めません。)$"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: " + "[" * 100_000 + "x" + "]" * 100_000, DEEP),
        ("flow:\n" + "".join("  " * i + "- \n" for i in range(1000)), DEEP),
        ("title: " + "[" * 900 + "x" + "]" * 900, r"^title: 文字列で書いてください。$"),
    ],
    ids=["flow-100000", "block-1000", "flow-900"],
)
def test_deeply_nested_yaml_is_a_problem(text: str, expected: str) -> None:
    """PyYAML composes recursively: RecursionError escaped the importer, and its pure-Python
    scanner took seconds on a long line of 「[」 (libyaml refuses past 1000 levels)."""
    found = problems(text.encode())
    assert any(re.search(expected, problem) for problem in found), found


def test_without_libyaml_deep_nesting_is_one_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casefile, "_LOADER", yaml.SafeLoader)
    assert problems(("title: " + "[" * 2000 + "x" + "]" * 2000).encode()) == [
        "入れ子が深すぎるため読めません。"
    ]


def test_texts_and_numbers_beyond_the_database_are_problems_with_their_paths() -> None:
    """On PostgreSQL these failed on save (value too long, integer out of range)."""
    data = demo()[0] | {"title": "あ" * 301, "number": 2**31, "fiscal_year": 40_000}
    data["parties"] = [data["parties"][0] | {"name": "い" * 201}]
    with pytest.raises(casefile.CaseFileError) as caught:
        casefile.parse(data, None)
    paths = {p.path: p.message for p in caught.value.problems}
    assert paths["title"] == "300文字以内にしてください（301文字あります）。"
    assert paths["number"] == "2147483647以下の数値にしてください。"
    assert paths["fiscal_year"] == "32767以下の数値にしてください。"
    assert paths["parties[1].name"] == "200文字以内にしてください（201文字あります）。"


def test_the_case_file_limits_are_the_models() -> None:
    """casefile.TEXT_LIMITS is pure Python; it must say what dossiers.models keeps."""
    owners = {
        "": models.Case,
        "parties": models.Party,
        "handlings": models.Handling,
        "items": models.HandlingItem,
        "flow": models.FlowStep,
    }
    for where, fields in casefile.TEXT_LIMITS.items():
        for name, limit in fields.items():
            assert owners[where]._meta.get_field(name).max_length == limit, (where, name)
    assert casefile.MAX_SMALL == 32_767 and casefile.MAX_CASE_NUMBER == 2_147_483_647
    assert isinstance(models.Case._meta.get_field("number"), models.models.PositiveIntegerField)
    small = models.models.PositiveSmallIntegerField
    assert isinstance(models.Case._meta.get_field("fiscal_year"), small)
    assert isinstance(models.FlowStep._meta.get_field("number"), small)


def test_a_case_file_error_keeps_its_problems_across_processes() -> None:
    """The import parses in a child process (lib.limits); the error comes back pickled."""
    error = casefile.CaseFileError([casefile.Problem("title", "必須です。")])
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - made here
    assert again.problems == error.problems and str(again) == "title: 必須です。"


@pytest.mark.parametrize("blank", ["''", "' '", "null", "[]"])
def test_a_flow_step_with_a_blank_number_is_refused_not_numbered_zero(blank: str) -> None:
    """`number: ' '` read as no number, stored as step 0: its own export failed to import
    again (「1以上の番号にしてください」). Found by atheris."""
    text = f"flow:\n  - number: {blank}\n    from: a\n    to: b\n"
    assert "flow[1].number: 必須です。" in problems(text.encode())


@pytest.mark.parametrize(
    "value",
    ["2027-04-00", "2023-02-30", "2023-13-01", "!!timestamp x", "!!bool maybe", "!!int x"],
)
def test_a_yaml_value_that_cannot_be_built_is_one_problem(value: str) -> None:
    """PyYAML builds dates and tagged values itself and raised ValueError, AttributeError or
    KeyError out of the importer. Found by atheris (2027-04-00, !!timestamp)."""
    text = f"handlings:\n  - type: outsourcing\n    fields:\n      start_on: {value}\n"
    assert problems(text.encode()) == [casefile.UNREADABLE_VALUE]


@pytest.mark.parametrize("blank", ["' '", "'\u3000'", "[]"])
def test_a_required_code_written_blank_is_refused_not_left_empty(blank: str) -> None:
    """`kind: ' '` passed as no kind: the dossier had a party of kind "", and its own export
    failed to import again (「必須です」). Found by atheris."""
    text = f"kind: {blank}\nparties:\n  - {{key: a, name: 架空株式会社, kind: {blank}}}\n"
    found = problems(text.encode())
    assert "kind: 必須です。" in found and "parties[1].kind: 必須です。" in found
