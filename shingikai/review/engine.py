"""The precheck: a pure function from a case's facts to findings.

A finding names the concern, its severity and theme, the question to put to the department
in Japanese, and the evidence: the places of the case that made the concern apply. The
result is sorted (severity, catalogue order), so the same case always gives the same list.
Pure Python: no Django.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shingikai.dossiers.structure.dossier import Dossier
from shingikai.review.definitions import Concern, Condition
from shingikai.review.facts import Facts, Ref
from shingikai.review.predicates import REGISTRY

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
SEVERITY_LABELS = {"high": "重要", "medium": "確認", "low": "参考"}


@dataclass(frozen=True)
class Finding:
    concern_id: str
    severity: str
    theme: str
    question: str
    summary: str
    answer: tuple[str, ...]
    evidence: tuple[Ref, ...]
    refs: tuple[str, ...]
    order: int

    @property
    def fingerprint(self) -> str:
        """Stable across runs while the same places trigger it: the concern and the keys
        of its evidence. Decisions taken on a finding follow its fingerprint."""
        keys = "|".join(f"{r.kind}:{r.key}" for r in self.evidence)
        return hashlib.sha256(f"{self.concern_id}|{keys}".encode()).hexdigest()[:20]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def as_dict(self) -> dict[str, object]:
        return {
            "concern": self.concern_id,
            "severity": self.severity,
            "theme": self.theme,
            "question": self.question,
            "summary": self.summary,
            "answer": list(self.answer),
            "evidence": [
                {"kind": r.kind, "key": r.key, "label": r.label, "anchor": r.anchor}
                for r in self.evidence
            ],
            "refs": list(self.refs),
            "fingerprint": self.fingerprint,
        }


def evaluate(condition: Condition, facts: Facts) -> list[Ref]:
    """The places that make `condition` hold; empty when it does not."""
    if condition.op == "all":
        results = [evaluate(child, facts) for child in condition.children]
        return _merge(results) if all(results) else []
    if condition.op == "any":
        return _merge([evaluate(child, facts) for child in condition.children])
    if condition.op == "not":
        return [] if evaluate(condition.children[0], facts) else [facts.case_ref]
    return REGISTRY[condition.op].test(facts, condition.param)


def _merge(results: Iterable[list[Ref]]) -> list[Ref]:
    """Evidence of several tests, each place once, the case itself only if nothing else."""
    merged = list(dict.fromkeys(ref for refs in results for ref in refs))
    specific = [ref for ref in merged if ref.kind != "case"]
    return specific or merged


def run(
    dossier: Dossier, concerns: Iterable[Concern], categories: Mapping[str, str] | None = None
) -> list[Finding]:
    """Every concern that applies to the dossier, most severe first."""
    facts = Facts(dossier, categories or {})
    findings = []
    for concern in concerns:
        evidence = evaluate(concern.when, facts)
        if evidence:
            findings.append(
                Finding(
                    concern_id=concern.id,
                    severity=concern.severity,
                    theme=concern.theme,
                    question=concern.question,
                    summary=concern.summary,
                    answer=concern.answer,
                    evidence=tuple(sorted(set(evidence), key=_ref_order)),
                    refs=concern.refs,
                    order=concern.order,
                )
            )
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.order))


_KIND_ORDER = {
    "case": 0,
    "handling": 1,
    "field": 2,
    "item": 3,
    "party": 4,
    "step": 5,
    "safeguard": 6,
}


def _ref_order(ref: Ref) -> tuple[int, str]:
    return (_KIND_ORDER.get(ref.kind, 9), ref.key.zfill(8))
