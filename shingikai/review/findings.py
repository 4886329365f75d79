"""The precheck of a stored case, with the decisions taken on its findings."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from shingikai.dossiers import records
from shingikai.dossiers.models import Case
from shingikai.review import catalog, engine
from shingikai.review.engine import Finding
from shingikai.review.models import FindingDecision


@dataclass(frozen=True)
class Row:
    finding: Finding
    decision: FindingDecision | None

    @property
    def status(self) -> str:
        return self.decision.status if self.decision else "open"


@dataclass(frozen=True)
class Precheck:
    rows: list[Row]
    stale: list[FindingDecision]  # decisions on concerns that no longer apply

    def by_theme(self) -> list[tuple[str, list[Row]]]:
        groups: OrderedDict[str, list[Row]] = OrderedDict()
        for row in sorted(self.rows, key=lambda r: r.finding.order):
            groups.setdefault(row.finding.theme, []).append(row)
        return [
            (theme, sorted(rows, key=lambda r: engine.SEVERITY_ORDER[r.finding.severity]))
            for theme, rows in groups.items()
        ]

    def counts(self) -> dict[str, int]:
        counts = {"high": 0, "medium": 0, "low": 0, "open": 0}
        for row in self.rows:
            counts[row.finding.severity] += 1
            counts["open"] += row.status == "open"
        return counts

    def row(self, concern_id: str) -> Row | None:
        return next((r for r in self.rows if r.finding.concern_id == concern_id), None)


def precheck(case: Case) -> Precheck:
    findings = engine.run(records.dossier_of(case), catalog.concerns(), records.catalogue())
    decisions = {d.concern_id: d for d in case.finding_decisions.select_related("question")}
    rows = [Row(f, decisions.get(f.concern_id)) for f in findings]
    applying = {f.concern_id for f in findings}
    stale = [d for cid, d in decisions.items() if cid not in applying]
    return Precheck(rows, stale)
