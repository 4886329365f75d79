"""Frozen dataclasses to JSON and back, for records that must be kept as they were (the
meeting record behind approved minutes). Handles nested dataclasses, tuples, optionals,
dates and times. Pure Python."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any


def to_json(value: Any) -> Any:
    """A JSON-safe form of a dataclass tree (dates and times as ISO strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def from_json(cls: Any, data: Any) -> Any:
    """Rebuild a value of type `cls` (a dataclass or an annotation) from `to_json` output."""
    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_json(inner[0], data)
    if origin is tuple:
        item = typing.get_args(cls)[0]
        return tuple(from_json(item, v) for v in data)
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        return cls(
            **{
                f.name: from_json(hints[f.name], data[f.name])
                for f in dataclasses.fields(cls)
                if f.name in data
            }
        )
    if cls is dt.date:
        return dt.date.fromisoformat(data)
    if cls is dt.time:
        return dt.time.fromisoformat(data)
    return data
