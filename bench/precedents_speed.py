"""How fast precedents are built and found.

Builds a temporary database (SQLite by default; PostgreSQL when DATABASE_URL is set, e.g.
under scripts/with-postgres) with the demo data and the seed case files (tests/seed_cases)
imported as decided cases, and times `precedent_index.rebuild_all` over them. Then adds
synthetic past cases made by perturbing the seed case files (25 municipalities; summary
sentences shuffled and dropped, items dropped and added from the catalogue, channels and
contractors changed), each decided at a meeting with its decision, condition and a member's
question, until there are N decided cases, times the rebuild again, and times one case
page's precedents: `precedent_index.find` and the whole htmx request (sign-in session,
access rules, rendering) for the secretariat and for department staff, after timing the
reading and indexing of the corpus that the first request of a process (and the first after
any change of a profile) does, with the memory it holds.

    .venv/bin/python bench/precedents_speed.py [--cases 1000] [--requests 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "seed_cases"
MUNICIPALITIES = 25
BUSINESSES = ["健康推進", "子ども家庭支援", "介護保険", "国民健康保険", "住民記録", "税務", "保育"]
BUSINESSES += ["障害者福祉", "生活福祉", "学校教育", "図書館", "防災", "環境保全", "区民活動"]


def _seed_dossiers() -> list[Any]:
    from shingikai.dossiers import records
    from shingikai.dossiers.structure import casefile

    catalogue = records.catalogue()
    return [
        casefile.parse(casefile.load_text(p.read_text(encoding="utf-8")), catalogue)
        for p in sorted(SEEDS.glob("0*.yaml"))
    ]


def _place(dossier: Any) -> None:
    """The municipality, council and department a dossier names (created when missing)."""
    from shingikai.councils.models import Council, Department, Municipality

    muni, _ = Municipality.objects.get_or_create(
        name=dossier.municipality,
        defaults={
            "code": f"9{Municipality.objects.count():05d}",
            "head_title": f"{dossier.municipality}長",
        },
    )
    Council.objects.get_or_create(municipality=muni, name=dossier.council)
    Department.objects.get_or_create(
        municipality=muni, division=dossier.department_division, name=dossier.department_name
    )


def _import(dossier: Any) -> Any:
    from shingikai.dossiers import importing
    from shingikai.dossiers.models import CaseStatus
    from shingikai.dossiers.structure.casefile import CaseFileError

    _place(dossier)
    try:
        return importing.import_dossier(None, dossier, status=CaseStatus.DECIDED).case
    except CaseFileError:  # the demo has this number already: import it unnumbered
        plain = dataclasses.replace(dossier, number=None)
        return importing.import_dossier(None, plain, status=CaseStatus.DECIDED).case


def _perturb(rng: random.Random, seed: Any, n: int, catalogue: list[str], others: list[Any]) -> Any:
    from shingikai.dossiers.structure import dossier as d
    from shingikai.lib import glossary

    k = n % MUNICIPALITIES + 1
    municipality = f"合成{k:02d}市"
    business = rng.choice(BUSINESSES)
    title = seed.title.replace(seed.business or "\0", f"{business}業務")
    sentences = [s for s in seed.summary.split("。") if s]
    rng.shuffle(sentences)
    kept = [s for s in sentences if rng.random() > 0.3]
    if rng.random() < 0.5:
        extra = [s for s in rng.choice(others).summary.split("。") if s]
        kept += rng.sample(extra, min(len(extra), 1))
    handlings = []
    for h in seed.handlings:
        items = [i for i in h.items if rng.random() > 0.2]
        items += [d.Item(name=name) for name in rng.sample(catalogue, rng.randint(0, 2))]
        unique = {i.name: i for i in items}
        handlings.append(dataclasses.replace(h, items=tuple(unique.values())))
    channels = glossary.codes(glossary.CHANNELS)
    flow = tuple(
        dataclasses.replace(s, channel=rng.choice(channels)) if rng.random() < 0.2 else s
        for s in seed.flow
    )
    parties = tuple(
        dataclasses.replace(p, name=f"株式会社サンプル{rng.randint(1, 40)}")
        if p.kind == "contractor" and not p.undecided and rng.random() < 0.7
        else p
        for p in seed.parties
    )
    return dataclasses.replace(
        seed,
        municipality=municipality,
        council=f"{municipality}情報公開・個人情報保護審議会",
        number=n,
        fiscal_year=rng.randint(2015, 2024),
        consulted_on=None,
        title=title,
        business=f"{business}業務",
        summary="。".join(kept) + "。" if kept else "",
        handlings=tuple(handlings),
        flow=flow,
        parties=parties,
    )


def _hear(cases: list[Any], rng: random.Random) -> None:
    """Meetings of five cases each, with decisions, a condition and a member's question."""
    from shingikai.meetings.models import (
        AgendaItem,
        Condition,
        Decision,
        Meeting,
        MeetingQuestion,
        MeetingStatus,
    )

    by_council: dict[int, list[Any]] = {}
    for case in cases:
        by_council.setdefault(case.council_id, []).append(case)
    for council_cases in by_council.values():
        for start in range(0, len(council_cases), 5):
            group = council_cases[start : start + 5]
            council = group[0].council
            ordinal = Meeting.next_ordinal(council, 2020)
            meeting = Meeting.objects.create(
                council=council,
                fiscal_year=2020,
                ordinal=ordinal,
                date=dt.date(2020, 4, 1) + dt.timedelta(days=7 * ordinal),
                status=MeetingStatus.HELD,
            )
            for order, case in enumerate(group, start=1):
                item = AgendaItem.objects.create(
                    meeting=meeting, order=order, kind=case.kind, title=case.title, case=case
                )
                decision = Decision.objects.create(
                    agenda_item=item,
                    outcome=rng.choice(["approved", "approved_with_conditions", "acknowledged"]),
                    decided_on=meeting.date,
                    no_objection=True,
                )
                if decision.outcome == "approved_with_conditions":
                    Condition.objects.create(
                        decision=decision,
                        text="委託先の管理状況を年に一度報告すること。",
                        owner=case.department,
                    )
                question = MeetingQuestion.objects.create(
                    meeting=meeting,
                    number=order,
                    phase=MeetingQuestion.Phase.BEFORE,
                    text="委託先での個人情報の保管方法と、契約終了後の削除の方法を伺いたい。",
                    answer="施錠できる場所で保管し、契約終了後は消去証明書を提出させる。",
                )
                question.agenda_items.set([item])


def _quietly(action: Any) -> Any:
    """Run `action` without the index updates of every save (rebuilt and timed apart)."""
    from shingikai.search import sync

    schedule = sync.schedule
    sync.schedule = lambda *units: None  # type: ignore[assignment]
    try:
        return action()
    finally:
        sync.schedule = schedule  # type: ignore[assignment]


def _rebuild(label: str) -> None:
    from shingikai.search import precedent_index

    began = time.perf_counter()
    count = precedent_index.rebuild_all()
    seconds = time.perf_counter() - began
    print(
        f"{label}: {count} profiles built in {seconds:.2f} s ({seconds / count * 1000:.1f} ms each)"
    )


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered) * 1000:6.1f} ms  "
        f"p95 {p95 * 1000:6.1f} ms  max {ordered[-1] * 1000:6.1f} ms"
    )


def _requests(username: str, count: int, rng: random.Random) -> None:
    from django.test import Client

    from shingikai.accounts.models import User
    from shingikai.dossiers import access
    from shingikai.search import precedent_index

    user = User.objects.get(username=username)
    cases = list(access.visible_cases(user).order_by("pk"))
    picks = [rng.choice(cases) for _ in range(count)]
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    finds, pages, shown = [], [], []
    for case in picks:
        began = time.perf_counter()
        found = precedent_index.find(user, case)
        finds.append(time.perf_counter() - began)
        shown.append(len(found))
        began = time.perf_counter()
        response = client.get(f"/search/precedents/{case.pk}/", HTTP_HX_REQUEST="true")
        pages.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    print(f"  {username:<12} find(): {_ms(finds)}")
    print(
        f"  {username:<12} request: {_ms(pages)}  ({statistics.mean(shown):.1f} precedents shown)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000, help="decided cases in the corpus")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shingikai-precedents-") as tmp:
        os.environ["SHINGIKAI_VAR_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.urls import reverse

        django.setup()
        from shingikai.demo import loader
        from shingikai.dossiers import records
        from shingikai.dossiers.models import Case, CaseStatus
        from shingikai.search import precedent_index, words

        call_command("migrate", verbosity=0)
        _quietly(loader.load)
        seeds = _seed_dossiers()
        with transaction.atomic():
            _quietly(lambda: [_import(s) for s in seeds])
        print(f"{connection.vendor}; {os.cpu_count()} CPUs")
        began = time.perf_counter()
        list(words.content_words("辞書を読み込む"))
        print(f"SudachiPy core dictionary loaded in {time.perf_counter() - began:.2f} s")
        _rebuild("demo + seed cases")

        rng = random.Random(7)
        catalogue = sorted(records.catalogue())
        decided = Case.objects.filter(status=CaseStatus.DECIDED).count()
        synthetic = []
        began = time.perf_counter()
        with transaction.atomic():
            for n in range(1, max(0, args.cases - decided) + 1):
                dossier = _perturb(rng, rng.choice(seeds), n, catalogue, seeds)
                synthetic.append(_quietly(lambda d=dossier: _import(d)))
            _quietly(lambda: _hear(synthetic, rng))
        print(f"{len(synthetic)} synthetic cases imported in {time.perf_counter() - began:.1f} s")
        decided = Case.objects.filter(status=CaseStatus.DECIDED).count()
        _rebuild(f"{decided} decided cases (all cases)")

        reverse("search:precedents", args=[1])  # load the URLconf (a server has it loaded)
        began = time.perf_counter()
        precedent_index.corpus()
        seconds = time.perf_counter() - began
        precedent_index.forget()
        tracemalloc.start()
        corpus = precedent_index.corpus()
        size, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        postings = sum(len(p[0]) for p in corpus.postings.values())
        print(
            f"corpus read and indexed (the first request of a process, and after any change) "
            f"in {seconds * 1000:.0f} ms: {len(corpus)} profiles, {len(corpus.postings)} words, "
            f"{postings} postings, {size / 2**20:.1f} MB"
        )
        print(f"one case page's precedents ({args.requests} random cases each):")
        _requests("secretariat", args.requests, rng)
        _requests("department", args.requests, rng)
        if connection.vendor == "postgresql":
            call_command("flush", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
