"""Concern definitions: the questions members ask, as versioned YAML files.

Each file holds one theme:

```yaml
version: 1
theme: 委託先の適格性・認証
concerns:
  - id: C-VENDOR-01
    severity: high            # high | medium | low
    question: 委託先が未定のまま諮問されています。選定方法と…
    summary: Contractor not yet chosen …
    when: {contractor_undecided: true}
    answer: [選定方法と選定の時期, …]
    refs: [002 #999, 003 item 4]
```

`when` combines the tests of `predicates.REGISTRY` with `all`, `any` and `not`. Loading
checks every entry and raises one `DefinitionError` naming the file and the entry.
Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shingikai.review.predicates import REGISTRY

SEVERITIES = ("high", "medium", "low")
BUILTIN_DIR = Path(__file__).parent / "concerns"
_ENTRY_KEYS = {"id", "severity", "question", "summary", "when", "answer", "refs", "theme"}


class DefinitionError(Exception):
    """A concern file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Condition:
    """A node of a `when` tree: all / any / not over children, or one predicate test."""

    op: str  # "all", "any", "not" or a predicate name
    children: tuple[Condition, ...] = ()
    param: Any = None


@dataclass(frozen=True)
class Concern:
    id: str
    theme: str
    severity: str
    question: str
    summary: str
    when: Condition
    answer: tuple[str, ...]
    refs: tuple[str, ...]
    source: str  # file name and version, for the record
    order: int  # position in the catalogue, for stable listing


def parse_condition(node: Any) -> Condition:
    """Build a Condition, raising ValueError with what is wrong."""
    if not isinstance(node, dict) or len(node) != 1:
        raise ValueError(f"a condition is one key (all, any, not or a test), not {node!r}")
    ((op, value),) = node.items()
    if op in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ValueError(f"`{op}` needs a non-empty list")
        return Condition(op, tuple(parse_condition(child) for child in value))
    if op == "not":
        return Condition("not", (parse_condition(value),))
    if op not in REGISTRY:
        raise ValueError(f"unknown test `{op}` (known: {', '.join(sorted(REGISTRY))})")
    try:
        return Condition(op, param=REGISTRY[op].check(value))
    except ValueError as exc:
        raise ValueError(f"test `{op}`: {exc}") from exc


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"`{key}` must be a non-empty text")
    return value.strip()


def _texts(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"`{key}` must be a list of texts")
    return tuple(value)


def _concern(entry: Any, theme: str, source: str, order: int) -> Concern:
    if not isinstance(entry, dict):
        raise ValueError("an entry must be a mapping")
    extra = set(entry) - _ENTRY_KEYS
    if extra:
        raise ValueError(f"unknown keys {sorted(extra)}")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise ValueError(f"`severity` must be one of {', '.join(SEVERITIES)}")
    if "when" not in entry:
        raise ValueError("`when` is missing")
    return Concern(
        id=_text(entry, "id"),
        theme=entry.get("theme", theme),
        severity=severity,
        question=_text(entry, "question"),
        summary=_text(entry, "summary"),
        when=parse_condition(entry["when"]),
        answer=_texts(entry, "answer"),
        refs=_texts(entry, "refs"),
        source=source,
        order=order,
    )


def load_file(path: Path, start: int = 0) -> list[Concern]:
    """The concerns of one file, or DefinitionError naming the file and entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DefinitionError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("concerns"), list):
        raise DefinitionError(f"{path.name}: expected `version`, `theme` and `concerns`")
    if not isinstance(data.get("version"), int) or not isinstance(data.get("theme"), str):
        raise DefinitionError(f"{path.name}: `version` (a number) and `theme` are required")
    source = f"{path.name} v{data['version']}"
    concerns = []
    for index, entry in enumerate(data["concerns"], 1):
        name = entry.get("id", f"entry {index}") if isinstance(entry, dict) else f"entry {index}"
        try:
            concerns.append(_concern(entry, data["theme"], source, start + index))
        except ValueError as exc:
            raise DefinitionError(f"{path.name}: {name}: {exc}") from exc
    return concerns


def load(directories: Iterable[Path] = (BUILTIN_DIR,)) -> list[Concern]:
    """Every concern of every *.yaml in the directories, ids unique across them."""
    concerns: list[Concern] = []
    seen: dict[str, str] = {}
    for directory in directories:
        for path in sorted(Path(directory).glob("*.yaml")):
            for concern in load_file(path, start=len(concerns)):
                if concern.id in seen:
                    raise DefinitionError(
                        f"{path.name}: {concern.id}: already defined in {seen[concern.id]}"
                    )
                seen[concern.id] = path.name
                concerns.append(concern)
    return concerns
