"""How long the precheck takes on a large case: 50 flow steps, 10 parties, 4 handlings with
60 items, 30 safeguards. Prints the median and 95th percentile over repeated runs.

    .venv/bin/python bench/precheck_speed.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shingikai.dossiers.structure.catalogue import SEED_ITEMS
from shingikai.dossiers.structure.dossier import (
    Dossier,
    FlowStep,
    Handling,
    Item,
    Party,
    Safeguard,
)
from shingikai.lib import glossary
from shingikai.review import definitions, engine

RUNS = 300


def large_case(steps: int = 50) -> Dossier:
    names = [name for name, _ in SEED_ITEMS]
    kinds = [
        "ward_division",
        "contractor",
        "subcontractor",
        "data_subject",
        "system",
        "public_body",
        "system",
        "contractor",
        "ward_division",
        "other",
    ]
    parties = tuple(
        Party(
            key=f"p{i}",
            name=f"関係者{i}",
            kind=kind,
            parent="p1" if kind == "subcontractor" else "",
        )
        for i, kind in enumerate(kinds)
    )
    channels = glossary.codes(glossary.CHANNELS)
    handling_types = (
        "outsourcing",
        "external_connection",
        "use_beyond_purpose",
        "new_recorded_items",
    )
    handlings = tuple(
        Handling(
            type=h_type,
            party="p1" if h_type in ("outsourcing", "external_connection") else "",
            fields={
                "count": 10_000 + n,
                "start_on": dt.date(2023, 1, 1),
                "end_on": dt.date(2024, 3, 31),
                "period_note": "令和5年1月1日から",
            },
            items=tuple(
                Item(
                    names[(n * 15 + j) % len(names)],
                    source="ward_to_contractor" if h_type == "outsourcing" else "",
                )
                for j in range(15)
            ),
        )
        for n, h_type in enumerate(handling_types)
    )
    flow = tuple(
        FlowStep(
            number=i,
            source=f"p{i % 10}",
            target=f"p{(i + 3) % 10}",
            action=f"手順{i}の処理",
            items=(names[i % len(names)], names[(i + 7) % 40]),
            channel=channels[i % len(channels)],
        )
        for i in range(1, steps + 1)
    )
    safeguards = tuple(
        Safeguard(
            kind=glossary.codes(glossary.SAFEGUARD_KINDS)[i % 4],
            text=f"対策{i}",
            step=(i % steps) + 1 if i % 3 == 0 else None,
        )
        for i in range(30)
    )
    return Dossier(
        council="審議会",
        municipality="区",
        kind="consultation",
        title="大きな案件",
        department_name="課",
        consulted_on=dt.date(2023, 2, 1),
        parties=parties,
        handlings=handlings,
        flow=flow,
        safeguards=safeguards,
    )


def main() -> None:
    started = time.perf_counter()
    concerns = definitions.load()
    load_ms = (time.perf_counter() - started) * 1000
    case, catalogue = large_case(), dict(SEED_ITEMS)
    timings, findings = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        findings = engine.run(case, concerns, catalogue)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"concerns: {len(concerns)} (loaded in {load_ms:.0f} ms)")
    print(
        f"case: {len(case.flow)} flow steps, {len(case.parties)} parties, "
        f"{sum(len(h.items) for h in case.handlings)} items, {len(case.safeguards)} safeguards"
    )
    print(f"findings: {len(findings)}")
    print(
        f"precheck time over {RUNS} runs: median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(RUNS * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms"
        " (target: well under 100 ms)"
    )


if __name__ == "__main__":
    main()
