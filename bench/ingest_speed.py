"""How fast minutes files are read and structured, and that memory stays flat.

Generates a corpus varied from the seed minutes (../shared/seeds): dates shifted by whole
weeks (weekdays stay right) into other fiscal years, meeting ordinals, 諮問/報告 numbers and
members' names changed, speaker turns dropped or repeated; written as UTF-8 text, Shift_JIS
text and HTML, plus a few Word and PDF files timed apart. Then, in one process:

1. the pipeline as the command runs it (read + structure in one limited worker process,
   `lib.limits.Worker`, then checks; no database) over every text/HTML file, one worker per
   format: files and MB of source per CPU second (this process and its children, counted
   once the worker is reaped, so other load on the machine does not count), per format;
   the same with a child forked per file (`limits.run`, as before the worker) on a subset;
   the same in process (no child at all); reading and structuring timed apart; then on
   long minutes of growing length (the record of speech repeated 1× to 16×; MB/s stays
   level when the time is linear in the length);
2. the same again under tracemalloc: peak after 500, 1000, 2000 … files, the RSS peak, and
   the worker's RSS;
3. the Word and PDF files through the pipeline;
4. storing a subset into a temporary SQLite database (`store.apply`, one transaction each).

    .venv/bin/python bench/ingest_speed.py [--docs 2000] [--store 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shingikai.ingest import pipeline  # noqa: E402
from shingikai.ingest.readers import read  # noqa: E402
from shingikai.ingest.records import ReadError  # noqa: E402
from shingikai.ingest.structure import structure  # noqa: E402
from shingikai.lib import jpnum, limits, wareki  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
MB = 1024 * 1024
EXTENSIONS = {"utf-8": "txt", "shift_jis": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}
CHECKPOINTS = (500, 1000, 2000, 4000, 8000)
NAMES = (
    "千代田区 中央区 港区 新宿区 文京区 台東区 墨田区 江東区 品川区 目黒区 大田区 世田谷区 渋谷区 "
    "中野区 杉並区 豊島区 北区 荒川区 板橋区 練馬区 足立区 葛飾区 江戸川区 八王子市 町田市",
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 斎藤 "
    "清水 山崎 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 "
    "青木 坂本 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦",
    "健太 翔 美咲 直樹 由美 和也 陽子 誠 智子 大輔 恵 拓也 真由美 修 綾",
)
WARDS, SURNAMES, GIVEN = (tuple(names.split()) for names in NAMES)
SEED_WARDS = ("世田谷区", "新宿区", "目黒区")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
FY_ORDINAL = re.compile(
    r"(?P<era>令和|平成)(?P<sp1>\s*)(?P<y>元|[0-9０-９]+)(?P<sp2>\s*)年度(?P<sp3>\s*)第(?P<sp4>\s*)"
    r"(?P<n>[0-9０-９]+)(?P<sp5>\s*)回"
)
CASE_NUMBER = re.compile(r"(?P<kind>諮問|報告)第(?P<n>[0-9０-９]+)号")
MEMBER_LABEL = re.compile(r"(?<=[○〇【])([\u4e00-\u9fff\u3040-\u309f]{1,4})委員(?=[】 　\t])")
NAME_LIST = re.compile(r"^(?P<head>.*?(?:（委員）|参加者\t|出席委員 ))(?P<names>.+)$")
TURN_START = re.compile(
    r"^\s*(?:[○〇]\S|【[^】]{1,15}】|(?:会長|副会長|委員|事務局|\S{1,12}課長)(?:\t| {2,}|　))"
)


# -- the corpus ------------------------------------------------------------------------------


def _width_like(original: str, text: str) -> str:
    """`text` with full-width digits when `original` used them."""
    return text.translate(FULL) if re.search(r"[０-９]", original) else text


def shift_dates(text: str, years: int, weeks: int = 0) -> str:
    """Every date moved by `years` × 52 + `weeks` weeks (same weekday, and within the same
    fiscal year for the seeds' meeting dates), written in 和暦 again."""
    out, last = [], 0
    for start, end, day in wareki.find_dates(text):
        original = text[start:end]
        moved = day + timedelta(weeks=52 * years + weeks)
        if moved < date(1990, 1, 1):
            continue
        label = wareki.format_date(moved, weekday=bool(re.search(r"[（(]", original)))
        if "(" in original:
            label = label.replace("（", "(").replace("）", ")")
        out += [text[last:start], _width_like(original, label)]
        last = end
    return "".join([*out, text[last:]])


def renumber(text: str, years: int, ordinal: int, case_offset: int) -> str:
    """The meeting's 年度第N回 and the 諮問/報告 numbers changed."""

    def session(match: re.Match[str]) -> str:
        era_year = 1 if match["y"] == "元" else jpnum.parse_number(match["y"])
        era = wareki.get_era(match["era"])
        fy = era.to_western_year(era_year) + years
        label = wareki.format_fiscal_year(fy).removesuffix("年度")
        return _width_like(match.group(0), f"{label}年度第{ordinal}回")

    def case(match: re.Match[str]) -> str:
        number = jpnum.parse_number(match["n"]) + case_offset
        return _width_like(match["n"], f"{match['kind']}第{number}号")

    return CASE_NUMBER.sub(case, FY_ORDINAL.sub(session, text))


def move(text: str, rng: random.Random) -> str:
    """The seed's ward replaced by another municipality (its council and meetings too)."""
    ward = next((w for w in SEED_WARDS if w in text), None)
    return text.replace(ward, rng.choice(WARDS)) if ward else text


def rename(text: str, rng: random.Random) -> str:
    """Members' names changed: those labelling turns (○伊藤委員, 【伊藤委員】) everywhere, and
    the attendance list (（委員）浅田、植野…, 出席委員 山田健太 …) in the header."""
    names = sorted(set(MEMBER_LABEL.findall(text)))
    mapping = dict(zip(names, rng.sample(SURNAMES, len(names)), strict=True))
    if mapping:
        pattern = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))
        text = pattern.sub(lambda m: mapping[m.group(0)], text)
    lines = text.split("\n")
    for i, line in enumerate(lines[:80]):
        match = NAME_LIST.match(line)
        if match is not None:
            names, paren, rest = match["names"].partition("（")
            full = match["head"].endswith("出席委員 ")
            names = re.sub(r"[^、 　\t]{2,5}", lambda _m, full=full: _person(rng, full=full), names)
            lines[i] = match["head"] + names + paren + rest
    return "\n".join(lines)


def _person(rng: random.Random, *, full: bool) -> str:
    return rng.choice(SURNAMES) + (rng.choice(GIVEN) if full else "")


def vary_turns(text: str, rng: random.Random) -> str:
    """Drop about one prose turn in seven and repeat about one in seven."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if TURN_START.match(line)]
    if len(starts) < 4:
        return text
    out = lines[: starts[0]]
    for begin, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        turn = lines[begin:end]
        prose = all("。" in line or not line.strip() for line in turn[1:])
        roll = rng.random()
        if prose and roll < 0.14:
            continue
        out += turn * (2 if prose and roll > 0.86 else 1)
    return "\n".join(out)


def as_html(text: str, title: str) -> bytes:
    """The text as an HTML page: tab-separated lines as table rows, the rest as paragraphs
    (<p> fragments already in the text are kept as markup)."""
    body, rows = [], []

    def cell(value: str) -> str:
        return html.escape(value).replace("&lt;p&gt;", "<p>").replace("&lt;/p&gt;", "</p>")

    def flush() -> None:
        if rows:
            body.append("<table>\n" + "\n".join(rows) + "\n</table>")
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        flush()
        if line.strip():
            body.append(f"<p>{cell(line.strip())}</p>")
    flush()
    page = (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>\n" + "\n".join(body) + "\n</body></html>"
    )
    return page.encode("utf-8")


def variant(seed: str, rng: random.Random) -> str:
    years = rng.randint(-20, 4)
    text = shift_dates(seed, years, rng.randint(-6, 6))
    text = renumber(text, years, rng.randint(1, 12), rng.randint(-300, 600))
    return vary_turns(rename(move(text, rng), rng), rng)


@dataclass(frozen=True)
class Doc:
    path: Path
    kind: str  # utf-8, shift_jis, html, docx, pdf
    size: int


def write_corpus(out: Path, count: int, docx: int, pdf: int, seed: int = 7) -> list[Doc]:
    """`count` text/HTML files (and `docx` Word, `pdf` PDF files) varied from the seeds."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    docs = []
    for i in range(count + docx + pdf):
        text = variant(seeds[i % len(seeds)], rng)
        kind = ("utf-8", "shift_jis", "html")[i % 3] if i < count else "docx"
        kind = "pdf" if i >= count + docx else kind
        path = out / f"{i:05d}.{EXTENSIONS[kind]}"
        data = _encode(text, kind, f"会議録 {i}")
        path.write_bytes(data)
        docs.append(Doc(path, kind, len(data)))
    return docs


def _encode(text: str, kind: str, title: str) -> bytes:
    if kind == "utf-8":
        return text.encode("utf-8")
    if kind == "shift_jis":
        return text.encode("cp932", errors="replace")
    if kind == "html":
        return as_html(text, title)
    if kind == "docx":
        return _docx(text)
    return _pdf(as_html(text, title))


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line.replace("\t", " "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(page: bytes) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=page.decode("utf-8")).write_pdf()


# -- measuring -------------------------------------------------------------------------------


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def cpu() -> float:
    """CPU seconds of this process and its finished (reaped) children: `pipeline.process`
    reads and structures each file in a limited child process (`lib.limits`), a worker's
    time counting once the worker is reaped."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def speed(docs: list[Doc], label: str, *, batch: bool = True) -> Counter[str]:
    """Time the pipeline on each format's files (bytes read beforehand), as the command runs
    it: one `limits.Worker` per format, its CPU time counted when it is reaped at the end
    (``batch``), else a child forked per file (`limits.run`). Print per-format rates. Rates
    use CPU time of the process and its children (one core), so other load on the machine
    does not skew them; the wall-clock total is printed alongside."""
    spent: dict[str, float] = defaultdict(float)
    size: dict[str, int] = defaultdict(int)
    count: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    by_kind: dict[str, list[tuple[bytes, Doc]]] = defaultdict(list)
    for doc in docs:
        by_kind[doc.kind].append((doc.path.read_bytes(), doc))
    wall = time.perf_counter()
    for kind, files in by_kind.items():
        started = cpu()
        with limits.Worker() as worker:
            for data, doc in files:
                result = pipeline.process(data, doc.path.name, worker=worker if batch else None)
                if not result.ok:
                    failures[result.error or ""] += 1
        spent[kind] = cpu() - started  # the worker is reaped: its CPU time is counted
        size[kind] = sum(doc.size for _data, doc in files)
        count[kind] = len(files)
    wall = time.perf_counter() - wall
    how = "one worker process per format" if batch else "a child process per file"
    print(f"\n{label}: {sum(count.values())} files, {how} ({wall:.1f}s wall clock)")
    print(f"  {'format':<10}{'files':>7}{'MB':>9}{'CPU s':>9}{'files/s':>9}{'MB/s':>8}")
    for kind in [*count, "all"]:
        n = sum(count.values()) if kind == "all" else count[kind]
        mb = (sum(size.values()) if kind == "all" else size[kind]) / MB
        s = sum(spent.values()) if kind == "all" else spent[kind]
        print(f"  {kind:<10}{n:>7}{mb:>9.1f}{s:>9.2f}{n / s:>9.1f}{mb / s:>8.2f}")
    for reason, n in failures.most_common(5):
        print(f"  failed: {n} × {reason}")
    return failures


def in_process(docs: list[Doc]) -> None:
    """`speed` again with the child process switched off (`lib.limits.isolated`), to show
    what the isolation costs."""
    isolated = limits.isolated
    limits.isolated = lambda: False
    try:
        speed(docs, "the same in process (no child process)")
    finally:
        limits.isolated = isolated


def structure_speed(docs: list[Doc]) -> None:
    """Where the pipeline's time goes: reading (decode, parse) apart from structuring."""
    reading: dict[str, float] = defaultdict(float)
    structuring: dict[str, float] = defaultdict(float)
    size: dict[str, int] = defaultdict(int)
    for doc in docs:
        data = doc.path.read_bytes()
        started = time.process_time()
        try:
            document = read(data, doc.path.name)
        except ReadError:
            continue
        middle = time.process_time()
        structure(document)
        reading[doc.kind] += middle - started
        structuring[doc.kind] += time.process_time() - middle
        size[doc.kind] += doc.size
    print("\nread and structure apart (MB/s of source, CPU time)")
    print(f"  {'format':<10}{'read':>9}{'structure':>11}")
    for kind in size:
        mb = size[kind] / MB
        print(f"  {kind:<10}{mb / reading[kind]:>9.2f}{mb / structuring[kind]:>11.2f}")


def scaling(repeats: tuple[int, ...] = (1, 4, 16)) -> None:
    """The pipeline on one seed whose record of speech is repeated: linear time keeps the
    rate level."""
    text = (SEEDS / "002_8e51d9809667fcb5.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if TURN_START.match(line))
    head, speech = "\n".join(lines[:start]), "\n".join(lines[start:])
    print("\nlong minutes (record of speech repeated)")
    print(f"  {'repeat':>6}{'MB':>7}{'CPU s':>8}{'MB/s':>7}")
    for n in repeats:
        data = "\n".join([head, *[speech] * n]).encode("utf-8")
        started = cpu()
        pipeline.process(data, f"long-{n}.txt")
        spent = cpu() - started
        print(f"  {n:>6}{len(data) / MB:>7.2f}{spent:>8.2f}{len(data) / MB / spent:>7.2f}")


def memory(docs: list[Doc]) -> None:
    """Memory after growing numbers of files, read in one batch as the command does: this
    process's traced peak and current size and its RSS peak, and the worker's RSS now and
    at most (it is recycled every `limits.Worker.max_calls` files)."""
    print("\nmemory over the run (tracemalloc on, so slower than above)")
    print(
        f"  {'files':>6}{'peak MB':>9}{'current MB':>12}{'RSS MB':>8}"
        f"{'worker RSS MB':>15}{'worker max MB':>15}"
    )
    tracemalloc.start()
    worker_now = worker_max = 0.0
    with limits.Worker() as worker:
        for n, doc in enumerate(docs, start=1):
            pipeline.process(doc.path.read_bytes(), doc.path.name, worker=worker)
            if worker.pid is not None:
                worker_now, peak_rss = _process_rss(worker.pid)
                worker_max = max(worker_max, peak_rss)
            if n in CHECKPOINTS or n == len(docs):
                current, peak = tracemalloc.get_traced_memory()
                print(
                    f"  {n:>6}{peak / MB:>9.1f}{current / MB:>12.1f}{rss_mb():>8.1f}"
                    f"{worker_now:>15.1f}{worker_max:>15.1f}"
                )
    tracemalloc.stop()


def _process_rss(pid: int) -> tuple[float, float]:
    """A live process's resident set now and at most (VmRSS, VmHWM), in MB."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value
    return (
        int(fields.get("VmRSS", "0 kB").split()[0]) / 1024,
        int(fields.get("VmHWM", "0 kB").split()[0]) / 1024,
    )


def store_subset(docs: list[Doc], count: int, workdir: Path) -> None:
    """Store `count` files into a fresh SQLite database (migrated first, not timed)."""
    os.environ["SHINGIKAI_VAR_DIR"] = str(workdir / "var")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from shingikai.ingest import store

    index = _time_search_index()
    outcomes: Counter[str] = Counter()
    used, wall, size = cpu(), time.perf_counter(), 0
    with limits.Worker() as worker:  # as the command does
        for doc in docs[:count]:
            data = doc.path.read_bytes()
            result = pipeline.process(data, doc.path.name, worker=worker)
            outcomes[store.apply(result).outcome] += 1
            size += doc.size
    used, wall = cpu() - used, time.perf_counter() - wall
    print(f"\nread + structure + store into SQLite: {count} files, {dict(outcomes)}")
    rate = f"{count / used:.1f} files/s, {size / MB / used:.2f} MB/s"
    print(f"  {rate} (CPU {used:.1f}s, wall {wall:.1f}s)")
    if index:
        print(f"  of which updating the search index on commit: {index[0]:.1f}s CPU")


def _time_search_index() -> list[float]:
    """Time spent in the search app's on-commit index update, if the app is installed."""
    try:
        from shingikai.search import sync
    except ImportError:
        return []
    total = [0.0]
    flush = sync.flush

    def timed(units: set[str]) -> None:
        started = cpu()
        flush(units)
        total[0] += cpu() - started

    sync.flush = timed
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="text and HTML files")
    parser.add_argument("--docx", type=int, default=30)
    parser.add_argument("--pdf", type=int, default=10)
    parser.add_argument("--store", type=int, default=200, help="files stored into SQLite")
    parser.add_argument(
        "--fork-each", type=int, default=300, help="files read with a child forked per file"
    )
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        sys.exit(f"seeds not found: {SEEDS}")
    with tempfile.TemporaryDirectory(prefix="shingikai-ingest-") as tmp:
        out = args.keep or Path(tmp) / "corpus"
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        docs = write_corpus(out, args.docs, args.docx, args.pdf)
        print(f"corpus: {len(docs)} files in {out} ({time.perf_counter() - started:.1f}s)")
        plain = [d for d in docs if d.kind not in ("docx", "pdf")]
        office = [d for d in docs if d.kind in ("docx", "pdf")]
        speed(plain, "text and HTML: read + structure + checks")
        if args.fork_each > 0:
            speed(plain[: args.fork_each], "the same, forking per file (before)", batch=False)
        in_process(plain)
        structure_speed(plain)
        scaling()
        memory(plain)
        if office:
            speed(office, "Word and PDF (timed apart)")
        if args.store:
            store_subset(plain, min(args.store, len(plain)), Path(tmp))


if __name__ == "__main__":
    main()
