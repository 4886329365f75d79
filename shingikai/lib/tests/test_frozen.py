"""Dataclass trees survive the trip to JSON and back."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from shingikai.lib.frozen import from_json, to_json


@dataclass(frozen=True)
class Leaf:
    name: str
    when: dt.time | None = None


@dataclass(frozen=True)
class Tree:
    day: dt.date
    leaves: tuple[Leaf, ...] = ()
    best: Leaf | None = None
    count: int | None = None


def test_it_round_trips_a_tree_through_json() -> None:
    tree = Tree(
        dt.date(2022, 11, 17), (Leaf("伊藤", dt.time(14, 41)), Leaf("松井")), Leaf("会長"), 3
    )
    assert from_json(Tree, json.loads(json.dumps(to_json(tree)))) == tree


def test_it_keeps_missing_optionals_empty() -> None:
    assert from_json(Tree, {"day": "2022-12-27"}) == Tree(dt.date(2022, 12, 27))
