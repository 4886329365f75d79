"""Inputs for the case-file importer: the repository's demo case files (read at run time)
edited value by value — wrong types, huge numbers, impossible dates, long texts, deep
nesting, unknown keys — and written as YAML or JSON, plus YAML that is hostile as text
(anchors that expand, deep nesting, bad encodings). Generated from a `random.Random`, for
atheris and hypothesis alike.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import yaml

from fuzz import minutes

ROOT = Path(__file__).resolve().parent.parent
DEMO_CASES = ROOT / "shingikai" / "demo" / "cases"

# An invented data-item catalogue (name → category); None is also tried (no catalogue).
CATALOGUE = {
    name: "basic"
    for name in ("氏名", "住所", "電話番号", "メールアドレス", "生年月日", "性別", "SNSアカウント")
}
KEYS = (
    "format", "council", "kind", "number", "fiscal_year", "title", "parties", "handlings",
    "flow", "safeguards", "key", "name", "type", "fields", "items", "party", "from", "to",
    "target", "handling", "step", "source", "free_text", "undecided", "parent", "clause",
    "certifications", "expires_on", "count", "start_on", "end_on", "department",
)  # fmt: skip


def demo_cases() -> list[dict[str, Any]]:
    """The demo case files as data (they ship with the repository)."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(DEMO_CASES.glob("*.yaml"))
    ]


def weird(rnd: random.Random, depth: int = 0) -> Any:
    """A value of a surprising type or size."""
    choices: list[Any] = [
        None, "", " ", "　", True, False, 0, -1, 1, 2**31, 2**63, 10**30, -(10**30), 0.5,
        float("nan"), float("inf"), float("-inf"), "2023-02-30", "令和5年1月16日", "令和元年",
        "平成99年99月99日", "R5.1.16", "１２３", "約百人", "はい", "いいえ", "○",
        dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(2023, 1, 16, 12, 0),
        "x" * rnd.choice((41, 81, 121, 201, 301, 5000)), "あ" * rnd.choice((81, 301)),
        "contractor", "outsourcing", "from_subject", "subject", "\x00\x1b\ufeff", "a\nb",
        [], {}, [None], {"": None}, "*", "&a", "!!python/object:os.system",
    ]  # fmt: skip
    if depth < 3:
        choices += [
            [weird(rnd, depth + 1) for _ in range(rnd.randint(1, 3))],
            {rnd.choice(KEYS): weird(rnd, depth + 1) for _ in range(rnd.randint(1, 3))},
            _nested(rnd.choice((10, 100, 500))),
        ]
    if rnd.random() < 0.2:
        return minutes.junk(rnd, 30)
    return rnd.choice(choices)


def _nested(depth: int) -> Any:
    value: Any = "底"
    for _ in range(depth):
        value = [value]
    return value


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in the tree (keys and indexes)."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def mutate_tree(rnd: random.Random, data: Any) -> Any:
    """A few edits at random places: replace, delete, duplicate, add a key, wrap."""
    data = copy.deepcopy(data)
    for _ in range(rnd.randint(1, 6)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return weird(rnd)
        path = rnd.choice(paths)
        parent, last = _get(data, path[:-1]), path[-1]
        roll = rnd.random()
        if roll < 0.5:
            parent[last] = weird(rnd)
        elif roll < 0.6:
            del parent[last]
        elif roll < 0.7 and isinstance(parent, list):
            parent.extend([copy.deepcopy(parent[last])] * rnd.choice((1, 2, 50)))
        elif roll < 0.8 and isinstance(parent, dict):
            parent[rnd.choice((*KEYS, "unknown", 1, None, True))] = weird(rnd)
        elif roll < 0.9:
            parent[last] = [parent[last]] if rnd.random() < 0.5 else {"value": parent[last]}
        else:
            other = _get(data, rnd.choice(paths)[:-1])
            if isinstance(other, dict) and other:
                parent[last] = copy.deepcopy(rnd.choice(list(other.values())))
    return data


def vary(rnd: random.Random, data: Any) -> Any:
    """The same tree with some leaves changed to other values of their type (texts with odd
    characters, other numbers and dates), so that many files still parse."""
    if isinstance(data, dict):
        return {key: vary(rnd, value) for key, value in data.items()}
    if isinstance(data, list):
        return [vary(rnd, value) for value in data]
    if rnd.random() > 0.03:
        return data
    if isinstance(data, bool):
        return not data
    if isinstance(data, int):
        return rnd.choice((0, 1, data + 1, rnd.randint(0, 10**6), 32767, 2_147_483_647))
    if isinstance(data, dt.date):
        return dt.date.fromordinal(rnd.randint(1, dt.date(9999, 12, 31).toordinal()))
    if isinstance(data, str) and not data.isascii():  # ASCII strings are codes and keys
        return rnd.choice((data + minutes.junk(rnd, 10), minutes.junk(rnd, 20), data * 2, data))
    return data


def serialize(rnd: random.Random, data: Any) -> bytes:
    """YAML or JSON, in UTF-8 mostly."""
    roll = rnd.random()
    try:
        if roll < 0.6:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        elif roll < 0.8:
            text = json.dumps(data, ensure_ascii=rnd.random() < 0.5, default=str)
        else:
            text = yaml.safe_dump(data, allow_unicode=False, default_flow_style=True)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        text = repr(data)
    encoding = rnd.choice(("utf-8",) * 8 + ("utf-8-sig", "cp932", "utf-16"))
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "ignore")


def expanding_yaml(rnd: random.Random) -> bytes:
    """Anchors and aliases that expand exponentially (billion laughs), placed where the
    importer reads lists and texts."""
    levels = rnd.randint(2, 12)
    lines = ['a0: &a0 ["笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑"]']
    for level in range(1, levels):
        ref = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([ref] * 10)}]")
    top = f"*a{levels - 1}"
    place = rnd.choice(
        (
            f"flow:\n  - {{number: 1, from: a, to: b, items: {top}}}",
            f"title: {top}",
            f"handlings:\n  - type: outsourcing\n    items: {top}",
            f"handlings:\n  - type: outsourcing\n    fields: {{count: {top}, content: {top}}}",
            f"parties: {top}",
            f"safeguards:\n  - kind: {top}\n    text: {top}",
        )
    )
    return ("\n".join(lines) + "\n" + place + "\n").encode()


def deep_yaml(rnd: random.Random) -> bytes:
    depth = rnd.choice((100, 1000, 10_000, 100_000))
    kind = rnd.random()
    if kind < 0.33:
        return b"title: " + b"[" * depth + b"x" + b"]" * depth
    if kind < 0.66:
        return b"handlings: " + b"{a: " * depth + b"x" + b"}" * depth
    return b"flow:\n" + b"".join(b"  " * i + b"- \n" for i in range(min(depth, 2000)))


def case_file(rnd: random.Random, cases: list[dict[str, Any]]) -> bytes:
    """A demo case edited, serialized; or a hostile text; or text-level edits."""
    roll = rnd.random()
    if roll < 0.3:
        varied = vary(rnd, rnd.choice(cases))
        return yaml.safe_dump(varied, allow_unicode=True, sort_keys=False).encode(errors="replace")
    if roll < 0.6:
        return serialize(rnd, mutate_tree(rnd, rnd.choice(cases)))
    if roll < 0.7:
        return expanding_yaml(rnd)
    if roll < 0.75:
        return deep_yaml(rnd)
    text = serialize(rnd, rnd.choice(cases))
    return minutes.mutate_bytes(rnd, text, serialize(rnd, rnd.choice(cases)))


def seed_corpus(seed: int = 0) -> list[bytes]:
    """The demo cases as YAML and JSON, and a few edited and hostile ones."""
    rnd = random.Random(seed)
    cases = demo_cases()
    corpus = [yaml.safe_dump(c, allow_unicode=True, sort_keys=False).encode() for c in cases]
    corpus += [json.dumps(c, ensure_ascii=False, default=str).encode() for c in cases]
    corpus += [case_file(rnd, cases) for _ in range(20)]
    corpus += [expanding_yaml(rnd), deep_yaml(rnd), b"", b"\xff\xfe\x00", b"- 1\n- 2\n"]
    return corpus
