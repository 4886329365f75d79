"""Full-text search at the scale of 10,000 meetings (about three million utterances).

Builds a corpus from the seeds' vocabulary and structure (utterances recombined from the
sentences of /work/shared/seeds/*.txt, agenda titles from their agendas; a small built-in
vocabulary when the seeds are absent: no seed text is stored in the repository), indexes it
the way `shingikai reindex` does (`indexing.reindex_all`), and prints:

- the corpus (meetings, agenda items, decisions, utterances, documents, text MB);
- the index build time and the database's size on disk, token index against the rest;
- for 50 fixed queries (one- and two-character terms, common and rare words, phrases, OR,
  NOT, filters by kind and year), the latency of the real search service
  (`service.search`: access filter, match, counts per kind, first page by relevance with
  snippets) as the secretariat and as the public site, p50/p95/max over the 50 queries
  (each query's median of `--repeat` runs), the same for the order by date;
- two full scans of the same text for each query in the same run, over a dump of the folded
  text of every document the secretariat searches, one line each: `grep -F` pipelines (a
  group of OR terms is one grep with several -e, an excluded term `grep -v`, a filter a
  fixed-string grep of the line's prefix) and the reference matcher `query.matches` (plain
  `in`) in Python; and the speed-up of the search over each;
- the process's peak resident memory (`resource.getrusage`), and the scans' apart.

The corpus is built once into a SQLite file (default `var/bench/search-scale-N/`) and kept;
`--reuse PATH` times queries on it again without building. With `DATABASE_URL` set (e.g.
under `scripts/with-postgres`) the corpus goes into that PostgreSQL database instead (it
must hold no meetings; nothing is deleted) and is not kept.

    .venv/bin/python bench/search_scale.py                        # 10,000 meetings: builds
    .venv/bin/python bench/search_scale.py --reuse var/bench/search-scale-10000/shingikai.sqlite3
    .venv/bin/python bench/search_scale.py --meetings 1000        # a quick run
    PGTEST_PORT=55487 scripts/with-postgres .venv/bin/python bench/search_scale.py --meetings 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search_speed import WORDS  # noqa: E402 - bench/ is this script's folder

SEEDS = "/work/shared/seeds/*.txt"
SPEAKER = re.compile(r"^\s*(会長|副会長|委員|区側|事務局|説明員)\s{2,}(.*)$")
TITLE = re.compile(r"（[0-9０-９]+）(.{6,70}?について)")
ROLES = {
    "会長": "chair",
    "副会長": "vice_chair",
    "委員": "member",
    "区側": "staff",
    "事務局": "secretariat",
    "説明員": "staff",
}
# Used only without the seeds: enough to make sentences of the same shape (the speed bench's
# council vocabulary, and the connectives of the minutes).
FALLBACK_WORDS = [*WORDS, "電子計算組織", "保護", "について", "でございます", "の", "と"]
FALLBACK_TITLES = (
    "健康診査業務の外部委託に伴う個人情報の取扱いについて",
    "電子申請に係る電子計算組織の外部結合について",
    "特定個人情報保護評価の再実施に伴う第三者点検について",
    "防犯カメラの設置に伴う個人情報の取扱いについて",
)
SURNAMES = [
    "浅田",
    "植野",
    "岡田",
    "前田",
    "宮内",
    "河野",
    "金井",
    "岩崎",
    "山田",
    "深山",
    "上田",
    "平尾",
    "佐藤",
    "鈴木",
    "高橋",
]

# (query, filters): the 50 queries timed, with `service.Filters` fields.
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("個", {}),
    ("委", {}),
    ("の", {}),
    ("情", {}),
    ("鬱", {}),
    ("委託", {}),
    ("結合", {}),
    ("外部", {}),
    ("個人", {}),
    ("情報", {}),
    ("USB", {}),
    ("ＵＳＢ", {}),
    ("審議", {}),
    ("答申", {}),
    ("諮問", {}),
    ("暗号", {}),
    ("個人情報", {}),
    ("外部委託", {}),
    ("再委託", {}),
    ("外部結合", {}),
    ("電子計算組織", {}),
    ("特定個人情報", {}),
    ("マイナンバー", {}),
    ("サーバー", {}),
    ("委託先", {}),
    ("保管期間", {}),
    ("受診票", {}),
    ("防犯カメラ", {}),
    ("よろしくお願いいたします", {}),
    ("存在しない語句", {}),
    ("漏えい事故", {}),
    ('"外部 委託"', {}),
    ("「個人情報の取扱い」", {}),
    ('"第三者 点検"', {}),
    ("USB OR 電子記録媒体", {}),
    ("委託 OR 結合", {}),
    ("暗号化 OR パスワード", {}),
    ("委託 -再委託", {}),
    ("個人情報 -委託", {}),
    ("結合 -外部", {}),
    ("個人情報 保管 削除", {}),
    ("委託 暗号化", {}),
    ("会長 異議", {}),
    ("委託", {"kind": "utterance"}),
    ("個人情報", {"kind": "decision"}),
    ("結合", {"kind": "agenda"}),
    ("委託", {"year_from": 2020, "year_to": 2022}),
    ("個", {"year_from": 2024, "year_to": 2024}),
    ("個人情報", {"kind": "utterance", "year_from": 2015, "year_to": 2016}),
    ("答申", {"kind": "decision", "year_from": 2010}),
]


# -- the sentence model -------------------------------------------------------------------------


class Model:
    """Sentences, utterance lengths (in sentences) and agenda titles of the seeds."""

    def __init__(self) -> None:
        self.sentences: list[str] = []
        self.lengths: list[int] = []
        self.titles: list[str] = []
        self.speakers: list[str] = []
        for path in sorted(glob.glob(SEEDS)):
            self._read(Path(path).read_text(encoding="utf-8", errors="replace"))
        self.source = "seeds" if len(self.sentences) > 50 else "built-in vocabulary"
        if self.source != "seeds":
            self.sentences, self.lengths = [], [1, 1, 2, 2, 3, 4]
            self.titles, self.speakers = list(FALLBACK_TITLES), list(ROLES)
        self.titles = self.titles or list(FALLBACK_TITLES)

    def _read(self, text: str) -> None:
        flat = re.sub(r"\s+", "", text)
        self.titles += [m.group(1) for m in TITLE.finditer(flat)]
        current: list[str] | None = None
        utterances: list[str] = []
        for line in text.splitlines():
            found = SPEAKER.match(line)
            if found:
                self.speakers.append(found.group(1))
                current = [found.group(2)]
                utterances.append("")
                utterances[-1] = found.group(2)
            elif current is not None and line.strip():
                utterances[-1] += line.strip()
        for u in utterances:
            parts = [s + "。" for s in re.sub(r"\s+", "", u).split("。") if 4 <= len(s) <= 160]
            if parts:
                self.sentences += parts
                self.lengths.append(min(len(parts), 8))

    def sentence(self, rng: random.Random) -> str:
        if not self.sentences:
            return "".join(rng.choice(FALLBACK_WORDS) for _ in range(rng.randint(6, 20))) + "。"
        first = rng.choice(self.sentences)
        if rng.random() < 0.5 and "、" in first:  # recombine: a head and another's tail
            other = rng.choice(self.sentences)
            if "、" in other:
                return first.split("、", 1)[0] + "、" + other.split("、", 1)[1]
        return first

    def utterance(self, rng: random.Random) -> str:
        return "".join(self.sentence(rng) for _ in range(rng.choice(self.lengths)))


# -- the corpus ---------------------------------------------------------------------------------


def _build(meetings: int, per_meeting: int, model: Model, seed: int = 7) -> None:
    """Councils, meetings, agenda items, decisions, minutes and utterances (bulk inserts;
    no signals fire, so nothing is indexed yet)."""
    from django.db import transaction
    from django.utils import timezone

    from shingikai.councils.choices import Outcome
    from shingikai.councils.models import Council, Municipality
    from shingikai.meetings.models import AgendaItem, Decision, Meeting
    from shingikai.minutes.models import Minutes, Utterance

    rng = random.Random(seed)
    town = Municipality.objects.create(name="性能試験市", head_title="性能試験市長")
    councils = [
        Council.objects.create(municipality=town, name=f"第{n + 1}情報公開・個人情報保護審議会")
        for n in range(max(1, meetings // 500))
    ]
    now = timezone.now()
    batch = 50
    for start in range(0, meetings, batch):
        rows: list[Meeting] = []
        for n in range(start, min(meetings, start + batch)):
            council = councils[n % len(councils)]
            index = n // len(councils)
            per_year = -(-meetings // len(councils) // 26) or 1
            year, ordinal = 2000 + index // per_year, index % per_year + 1
            day = dt.date(year, 4, 1) + dt.timedelta(days=ordinal * 360 // (per_year + 1))
            published = rng.random() < 0.95
            rows.append(
                Meeting(
                    council=council,
                    fiscal_year=year,
                    ordinal=ordinal,
                    date=day,
                    status="held",
                    published_at=now - dt.timedelta(days=1) if published else None,
                )
            )
        with transaction.atomic():
            created = Meeting.objects.bulk_create(rows)
            items: list[AgendaItem] = []
            for meeting in created:
                for order in range(1, rng.randint(3, 6) + 1):
                    closed = rng.random() < 0.05
                    items.append(
                        AgendaItem(
                            meeting=meeting,
                            order=order,
                            kind=rng.choice(["consultation", "consultation", "report"]),
                            title=rng.choice(model.titles)[:300],
                            is_public=not closed,
                            closed_reason="個人が特定されるおそれがあるため" if closed else "",
                        )
                    )
            items = AgendaItem.objects.bulk_create(items)
            Decision.objects.bulk_create(
                Decision(
                    agenda_item=item,
                    outcome=rng.choice(
                        [Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS]
                        if item.kind == "consultation"
                        else [Outcome.ACKNOWLEDGED]
                    ),
                    decided_on=item.meeting.date,
                    no_objection=True,
                    text=model.sentence(rng),
                )
                for item in items
            )
            minutes = Minutes.objects.bulk_create(
                Minutes(
                    meeting=m,
                    status=rng.choices(["approved", "circulated", "draft"], [95, 3, 2])[0],
                )
                for m in created
            )
            by_meeting: dict[int, list[AgendaItem]] = {}
            for item in items:
                by_meeting.setdefault(item.meeting_id, []).append(item)
            utterances: list[Utterance] = []
            for m in minutes:
                agenda = by_meeting[m.meeting_id]
                for order in range(1, per_meeting + 1):
                    item = agenda[min(len(agenda) - 1, (order - 1) * len(agenda) // per_meeting)]
                    speaker = rng.choice(model.speakers) if model.speakers else "委員"
                    direction = rng.random() < 0.02
                    utterances.append(
                        Utterance(
                            minutes=m,
                            agenda_item=item if order > 5 else None,
                            order=order,
                            speaker="" if direction else speaker,
                            role=ROLES.get(speaker, "other"),
                            name=rng.choice(SURNAMES) if speaker == "委員" else "",
                            text="異議なしの声あり" if direction else model.utterance(rng),
                            is_direction=direction,
                        )
                    )
            Utterance.objects.bulk_create(utterances, batch_size=5000)
        if start and start % 1000 == 0:
            print(f"  … {start} meetings", flush=True)


def _dump(path: Path) -> tuple[int, int]:
    """The folded text of every document the secretariat searches (so the scan finds what
    the search finds as the secretariat), one line each, behind a prefix of two private-use
    characters (kind, fiscal year) that folded text never holds; returns (lines, bytes)."""
    from shingikai.search.access import INTERNAL
    from shingikai.search.models import SearchDocument
    from shingikai.search.tokens import fold

    lines = 0
    with path.open("w", encoding="utf-8") as out:
        rows = SearchDocument.objects.filter(audience__in=INTERNAL).order_by()
        rows = rows.values_list("kind", "fiscal_year", "text")
        for kind, year, text in rows.iterator(chunk_size=20000):
            out.write(_prefix(kind, year or 0) + fold(text) + "\n")
            lines += 1
    return lines, path.stat().st_size


KINDS = ("case", "handling", "finding", "agenda", "decision", "condition", "question", "utterance")


def _prefix(kind: str, year: int) -> str:
    return chr(0xE000 + KINDS.index(kind)) + chr(0xE100 + max(0, year - 1900))


def _scan(path: Path, text: str, filters: dict[str, object]) -> tuple[float, int]:
    """The full scan of one query: a grep pipeline over the dump; (ms, lines matched)."""
    from shingikai.search.query import parse

    query = parse(text)
    stages: list[list[str]] = []
    if filters:
        kinds = [str(filters["kind"])] if "kind" in filters else list(KINDS)
        first = int(filters.get("year_from") or 1900)  # type: ignore[call-overload]
        last = int(filters.get("year_to") or 2100)  # type: ignore[call-overload]
        prefixes = [_prefix(k, y) for k in kinds for y in range(first, last + 1)]
        stages.append(["grep", "-F", *(a for p in prefixes for a in ("-e", p))])
    for group in query.groups:
        stages.append(["grep", "-F", *(a for t in group for a in ("-e", t.text))])
    if query.excluded:
        stages.append(["grep", "-v", "-F", *(a for t in query.excluded for a in ("-e", t.text))])
    stages[-1].insert(1, "-c")
    env = {**os.environ, "LC_ALL": "C"}  # bytes: UTF-8 fixed strings match as bytes
    began = time.perf_counter()
    procs: list[subprocess.Popen[bytes]] = []
    source = path.open("rb")
    for stage in stages:
        proc = subprocess.Popen(  # noqa: S603 - grep with the benchmark's own queries
            stage, stdin=source, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        if procs or source is not None:
            source.close()
        procs.append(proc)
        source = proc.stdout  # type: ignore[assignment]
    out = procs[-1].communicate()[0]
    for proc in procs:
        proc.wait()
    return (time.perf_counter() - began) * 1000, int(out.strip() or 0)


def _scan_python(path: Path, text: str, filters: dict[str, object]) -> tuple[float, int]:
    """The full scan in Python: the reference matcher (`query.matches`, plain `in`) over
    every line of the dump, the filters checked on its prefix; (ms, lines matched)."""
    from shingikai.search.query import matches, parse

    query = parse(text)
    allowed: set[str] | None = None
    if filters:
        kinds = [str(filters["kind"])] if "kind" in filters else list(KINDS)
        first = int(filters.get("year_from") or 1900)  # type: ignore[call-overload]
        last = int(filters.get("year_to") or 2100)  # type: ignore[call-overload]
        allowed = {_prefix(k, y) for k in kinds for y in range(first, last + 1)}
    began = time.perf_counter()
    found = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if (allowed is None or line[:2] in allowed) and matches(query, line[2:]):
                found += 1
    return (time.perf_counter() - began) * 1000, found


# -- measuring ----------------------------------------------------------------------------------


def _sizes() -> tuple[int, int, dict[str, int]]:
    """(token index bytes, other bytes, largest tables) from SQLite's dbstat; the token
    index is the FTS5 table and the places it is walked with (`search_place`)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            sizes = dict(cursor.fetchall())
        fts = sum(v for k, v in sizes.items() if k.startswith(("search_fts", "search_place")))
        return fts, sum(sizes.values()) - fts, sizes
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('search_document_tokens'),"
            " pg_database_size(current_database())"
        )
        gin, total = cursor.fetchone()
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class"
            " WHERE relkind IN ('r', 'i') ORDER BY 2 DESC LIMIT 6"
        )
        return gin, total - gin, dict(cursor.fetchall())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(text: str, filters: dict[str, object], scope: object, order: str, repeat: int):
    from shingikai.search.service import Filters, search

    times, results = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        results = search(text, scope, Filters(**filters), order=order)  # type: ignore[arg-type]
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), results


def _hits(results: object) -> str:
    """The total as the page shows it (with a plus sign when a count stopped at its cap)."""
    total = getattr(results, "total", 0)
    return f"{total:,}+" if getattr(results, "more", False) else f"{total:,}"


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _corpus() -> dict[str, int]:
    from django.db.models import Count, Sum
    from django.db.models.functions import Length

    from shingikai.meetings.models import AgendaItem, Decision, Meeting
    from shingikai.minutes.models import Utterance
    from shingikai.search.models import SearchDocument

    text = SearchDocument.objects.aggregate(n=Count("id"), chars=Sum(Length("text")))
    return {
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "utterances": Utterance.objects.count(),
        "documents": text["n"],
        "characters": text["chars"] or 0,
    }


def _report(args: argparse.Namespace, dump: Path) -> None:
    from django.db import connection

    from shingikai.search.service import DATE, EVERYTHING, PUBLIC, RELEVANCE

    corpus = _corpus()
    fts, rest, tables = _sizes()
    print(f"\n== corpus ({connection.vendor})")
    for key, value in corpus.items():
        print(f"{key:>14}: {value:,}")
    print(f"{'text':>14}: {_mb(corpus['characters'] * 3)} (UTF-8, about 3 bytes a character)")
    print(f"\n== size on disk\n token index: {_mb(fts)}\n   the rest: {_mb(rest)}")
    for name, size in sorted(tables.items(), key=lambda kv: -kv[1])[:8]:
        print(f"   {name:<40}{_mb(size):>10}")
    scans = {"grep": _scan, "python": _scan_python}
    used = list(scans) if args.scan == "both" else [] if args.scan == "none" else [args.scan]
    print(
        f"\n== queries: median of {args.repeat} runs each, ms; scans over"
        f" {_mb(dump.stat().st_size)} of folded text: grep = a grep -F pipeline,"
        " python = query.matches (plain `in`) line by line"
    )
    head = f"{'query':<30}{'hits':>9}{'staff':>7}{'public':>7}{'date':>7}{'scan hits':>10}"
    print(head + "".join(f"{name:>8}{'×':>5}" for name in used))
    timed: dict[str, list[float]] = {"staff": [], "public": [], "date": []}
    scanned: dict[str, list[float]] = {name: [] for name in used}
    ratios: dict[str, list[float]] = {name: [] for name in used}
    for text, filters in QUERIES:
        ms_staff, found = _time(text, filters, EVERYTHING, RELEVANCE, args.repeat)
        ms_public, _found = _time(text, filters, PUBLIC, RELEVANCE, args.repeat)
        ms_date, _found = _time(text, filters, EVERYTHING, DATE, args.repeat)
        for name, ms in (("staff", ms_staff), ("public", ms_public), ("date", ms_date)):
            timed[name].append(ms)
        label = text + (" " + ",".join(f"{k}={v}" for k, v in filters.items()) if filters else "")
        line = f"{label[:30]:<30}{_hits(found):>9}{ms_staff:>7.1f}{ms_public:>7.1f}{ms_date:>7.1f}"
        hits = 0
        cells = ""
        for name in used:
            ms_scan, hits = scans[name](dump, text, filters)
            ratio = ms_scan / max(ms_staff, ms_public)
            scanned[name].append(ms_scan)
            ratios[name].append(ratio)
            cells += f"{ms_scan:>8.0f}{ratio:>5.0f}"
        print(line + (f"{hits:>10,}" if used else f"{'-':>10}") + cells, flush=True)
    print("\n== latency over the 50 queries, ms")
    print(f"{'':<34}{'p50':>8}{'p95':>8}{'max':>8}")
    rows = [
        ("secretariat, by relevance", timed["staff"]),
        ("public site, by relevance", timed["public"]),
        ("secretariat, newest first", timed["date"]),
    ]
    rows += [(f"full scan ({name})", scanned[name]) for name in used]
    for name, values in rows:
        p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
        print(f"{name:<34}{p50:>8.1f}{p95:>8.1f}{max(values):>8.1f}")
    slower = max(_percentile(timed["staff"], 0.5), _percentile(timed["public"], 0.5))
    for name in used:
        values = ratios[name]
        print(
            f"speed-up over the {name} scan, per query (scan ms / the slower of secretariat"
            f" and public): min {min(values):.0f}×, p50 {_percentile(values, 0.5):.0f}×;"
            f" scan p50 / search p50: {_percentile(scanned[name], 0.5) / slower:.0f}×"
        )
    print(f"\npeak RSS of this process: {_mb(_rss())} (the greps are other processes)")


def _has_meetings() -> bool:
    from shingikai.meetings.models import Meeting

    return Meeting.objects.exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--utterances", type=int, default=300, help="per meeting")
    parser.add_argument("--reuse", type=Path, help="a SQLite file an earlier run built")
    parser.add_argument("--out", type=Path, help="where to build (default var/bench/…)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scan", choices=["both", "grep", "python", "none"], default="both", help="full scans"
    )
    parser.add_argument("--rows-only", action="store_true", help="build the rows, no index")
    parser.add_argument(
        "--count-cap", type=int, help="service.COUNT_CAP for this run (the trade-off it makes)"
    )
    parser.add_argument(
        "--rank-window", type=int, help="service.RANK_WINDOW for this run (the same)"
    )
    parser.add_argument(
        "--reindex", action="store_true", help="with --reuse: migrate and rebuild the index"
    )
    args = parser.parse_args()
    postgres = bool(os.environ.get("DATABASE_URL"))
    if args.reuse:
        folder = args.reuse.resolve().parent
    else:
        folder = (args.out or ROOT / "var" / "bench" / f"search-scale-{args.meetings}").resolve()
        if not postgres:
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    os.environ["SHINGIKAI_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no query log (it costs time and memory)
    from django.core.management import call_command
    from django.db import connection

    from shingikai.search import indexing, service

    service.COUNT_CAP = args.count_cap or service.COUNT_CAP
    service.RANK_WINDOW = args.rank_window or service.RANK_WINDOW
    print(
        f"counts stop at {service.COUNT_CAP:,} a kind; relevance ranks the newest"
        f" {service.RANK_WINDOW:,} matches"
    )
    dump = folder / ("scan-postgres.txt" if postgres else "scan.txt")
    began_all = time.perf_counter()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        if postgres and _has_meetings():
            sys.exit("search_scale: the database at DATABASE_URL has meetings; use an empty one")
        model = Model()
        print(
            f"building {args.meetings:,} meetings × {args.utterances} utterances"
            f" ({connection.vendor}; sentences from the {model.source}:"
            f" {len(model.sentences):,} sentences, {len(model.titles)} agenda titles)",
            flush=True,
        )
        began = time.perf_counter()
        _build(args.meetings, args.utterances, model)
        print(f"rows inserted in {time.perf_counter() - began:,.0f} s", flush=True)
        if args.rows_only:
            return
    elif args.reindex:
        call_command("migrate", verbosity=0)
    if not args.reuse or args.reindex:
        began = time.perf_counter()
        written = indexing.reindex_all()
        built = time.perf_counter() - began
        print(
            f"index built (indexing.reindex_all, as `shingikai reindex`): {written:,} documents"
            f" in {built:,.0f} s ({written / built:,.0f}/s); peak RSS so far {_mb(_rss())}",
            flush=True,
        )
    if not args.reuse or args.reindex or not dump.exists():
        began = time.perf_counter()
        lines, size = _dump(dump)
        print(f"scan dump: {lines:,} lines, {_mb(size)} in {time.perf_counter() - began:,.0f} s")
    _report(args, dump)
    print(f"whole run: {time.perf_counter() - began_all:,.0f} s")


if __name__ == "__main__":
    main()
