"""Score the precheck against what council members actually asked on the seed items.

For every case file in tests/seed_cases/ with an entry in expected.yaml, run the engine
and compare the concerns it raises with the concerns members raised there. Prints the
share of raised concerns anticipated (recall), the findings per case, and per-case detail.

    .venv/bin/python bench/precheck_score.py [--verbose]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shingikai.dossiers.structure import casefile  # noqa: E402
from shingikai.dossiers.structure.catalogue import SEED_ITEMS  # noqa: E402
from shingikai.review import definitions, engine  # noqa: E402

CASES = ROOT / "tests" / "seed_cases"


def score(verbose: bool) -> tuple[float, float]:
    expected = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
    concerns = definitions.load()
    catalogue = dict(SEED_ITEMS)
    raised_total = hit_total = findings_total = cases = 0
    started = time.perf_counter()
    for name, raised in sorted(expected.items()):
        path = CASES / f"{name}.yaml"
        if not path.exists():
            print(f"{name}: no case file (not scored)")
            continue
        dossier = casefile.parse(casefile.load_text(path.read_text(encoding="utf-8")), catalogue)
        found = {f.concern_id for f in engine.run(dossier, concerns, catalogue)}
        hits = set(raised) & found
        raised_total, hit_total = raised_total + len(raised), hit_total + len(hits)
        findings_total, cases = findings_total + len(found), cases + 1
        missed = sorted(set(raised) - found)
        print(
            f"{name}: {len(hits)}/{len(raised)} anticipated, {len(found)} findings"
            + (f"; missed {', '.join(missed)}" if missed else "")
        )
        if verbose:
            print(f"    extra: {', '.join(sorted(found - set(raised)))}")
    elapsed = time.perf_counter() - started
    recall = hit_total / raised_total if raised_total else 0.0
    per_case = findings_total / cases if cases else 0.0
    print(f"\nconcerns loaded: {len(concerns)}; cases scored: {cases}")
    print(f"anticipated: {hit_total}/{raised_total} = {recall:.1%} (target ≥ 80%)")
    print(f"findings per case: {per_case:.1f} (target < 15)")
    print(f"time: {elapsed * 1000:.0f} ms for {cases} cases")
    return recall, per_case


if __name__ == "__main__":
    score("--verbose" in sys.argv)
