"""Load: the production server (gunicorn, several workers, DEBUG off) on loopback and
simulated users browsing, searching and saving at once. Prints throughput, latency
percentiles and errors per kind of request, then counts the saved records in the database
and compares them with the saves the users saw: any error or lost save exits non-zero.

Each database gets a fresh one (migrations and demo data): an SQLite file in a temporary
folder, and a throw-away PostgreSQL server from scripts/with-postgres (port PGTEST_PORT).

    .venv/bin/python bench/load.py                      # SQLite, then PostgreSQL; 50 users, 60 s
    .venv/bin/python bench/load.py --database sqlite --users 20 --duration 20
    PGTEST_PORT=55484 .venv/bin/python bench/load.py --database postgres --port 8035

The users sit behind an imagined TLS-terminating proxy (they send `X-Forwarded-Proto:
https`), so the server runs with every production setting, secure cookies included.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402 - after the path set-up, like the other benches

PASSWORD = "shingikai-demo"  # noqa: S105 - the documented demo password
MARK = "負荷試験"  # starts every text the users save, so the count finds exactly theirs
STAFF_TERMS = ["委託", "個人情報", "外部結合", "妊婦", "マイナンバー", "LINE", "暗号化", "電子申請"]
STAFF_TERMS += ["会議録", "セキュリティ", "健康診査", "予防接種", "委託 暗号化", '"個人情報の流れ"']
PUBLIC_TERMS = ["委託", "外部結合", "電子申請", "健康", "マイナンバー", "予防接種", "会議録"]
# Who the users are: anonymous residents on the public site, and signed-in staff.
PERSONAS = [("resident", 0.4), ("secretariat", 0.2), ("department", 0.2), ("member", 0.2)]
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STYLESHEET = re.compile(r'href="(/static/[^"]+\.css)"')
# A part editor refuses a save drawn from an outdated page (someone saved the case since);
# the user saves again from the re-drawn form, as a person would, up to RETRIES times.
STALE = "他の人が保存したため"
RETRIES = 5


# -- the run's results --------------------------------------------------------------------


@dataclass
class Sample:
    kind: str  # page, search or save
    name: str  # what was asked for, e.g. "case detail"
    ms: float
    error: str = ""  # empty when the answer was the expected one
    stale: bool = False  # a save refused because someone else saved the case first


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    saved: dict[str, list[str]] = field(default_factory=lambda: {"question": [], "safeguard": []})
    signin_ms: list[float] = field(default_factory=list)
    errors_outside: Counter[str] = field(default_factory=Counter)  # sign-in and set-up
    server_cpu: float | None = None  # CPU seconds of gunicorn during the measured part
    client_cpu: float = 0.0  # CPU seconds of this process (the users) during it

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


# -- targets read from the fresh database -------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """What the users visit and where they save, read from the database before the run."""

    cases: dict[str, list[int]]  # persona -> case ids it may read
    meetings: dict[str, list[int]]  # persona -> meeting ids it may read
    minutes: dict[str, list[int]]  # persona -> meeting ids whose minutes exist
    public_meetings: list[int]
    public_minutes: list[int]
    ask_meeting: int  # the upcoming meeting members send questions to
    ask_items: list[int]
    edit_cases: list[int]  # the department's drafts its staff add safeguards to


def prepare_database(drafts: int) -> Targets:
    """Migrate, load the demo data (with `drafts` drafts of the department) and collect
    static files; read the targets."""
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    django.setup()
    # Hashed names and the manifest as in production, without WhiteNoise's .gz/.br copies:
    # compressing the admin's scripts takes over half a minute and no page timed needs them.
    manifest_only = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    took = []
    with open(os.devnull, "w") as quiet:
        for name, options in [("migrate", {"interactive": False}), ("demo", {})]:
            started = time.perf_counter()
            call_command(name, verbosity=0, stdout=quiet, **options)  # demo fills the index
            took.append(f"{name} {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        with override_settings(STORAGES=manifest_only):
            call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
        took.append(f"collectstatic {time.perf_counter() - started:.0f} s")
    print(f"  prepared: {', '.join(took)}")
    targets = read_targets(department_drafts(drafts))
    connections.close_all()
    return targets


def department_drafts(count: int) -> list[int]:
    """The department's demo draft and copies of it up to `count`, so that its staff work
    two to a case, as colleagues do, rather than all on one."""
    from django.db import transaction

    from shingikai.accounts.models import User
    from shingikai.dossiers import access, records
    from shingikai.dossiers.models import Case, CaseStatus

    user = User.objects.get(username="department")
    draft = access.visible_cases(user).filter(status=CaseStatus.DRAFT).order_by("pk").first()
    if draft is None:
        raise SystemExit("load: the demo has no draft case of the department")
    dossier = records.dossier_of(draft)
    ids = [draft.pk]
    with transaction.atomic():
        for n in range(2, count + 1):
            case = Case(
                council=draft.council,
                department=draft.department,
                status=CaseStatus.DRAFT,
                created_by=user,
            )
            title = f"{dossier.title}（負荷試験用の写し{n}）"
            records.write_dossier(case, dataclasses.replace(dossier, title=title))
            ids.append(case.pk)
    return ids


def read_targets(edit_cases: list[int]) -> Targets:
    from shingikai.accounts.models import User
    from shingikai.dossiers import access as case_access
    from shingikai.meetings import access as meeting_access
    from shingikai.meetings.models import AgendaItem, MeetingStatus
    from shingikai.minutes.models import Minutes
    from shingikai.portal import queries

    users = {
        name: User.objects.get(username=name) for name in ("secretariat", "department", "member")
    }
    with_minutes = set(Minutes.objects.values_list("meeting_id", flat=True))
    cases, meetings, minutes = {}, {}, {}
    for persona, user in users.items():
        cases[persona] = sorted(case_access.visible_cases(user).values_list("pk", flat=True))
        meetings[persona] = sorted(
            meeting_access.visible_meetings(user).values_list("pk", flat=True)
        )
        minutes[persona] = [pk for pk in meetings[persona] if pk in with_minutes]
    public = sorted(queries.published_meetings().values_list("pk", flat=True))
    member_meetings = meeting_access.visible_meetings(users["member"])
    ask = member_meetings.filter(status=MeetingStatus.SCHEDULED).order_by("date").first()
    if ask is None:
        raise SystemExit("load: the demo has no scheduled meeting for members' questions")
    return Targets(
        cases=cases,
        meetings=meetings,
        minutes=minutes,
        public_meetings=public,
        public_minutes=sorted(
            Minutes.objects.public()
            .filter(meeting_id__in=public)
            .values_list("meeting_id", flat=True)
        ),
        ask_meeting=ask.pk,
        ask_items=list(
            ask.agenda_items.exclude(kind=AgendaItem.Kind.OTHER).values_list("pk", flat=True)
        ),
        edit_cases=edit_cases,
    )


def count_saved(targets: Targets, results: Results) -> list[str]:
    """Compare the saves the users saw with the rows in the database; the problems."""
    from django.db import connections

    from shingikai.dossiers.models import Safeguard
    from shingikai.meetings.models import MeetingQuestion

    stored = {
        "question": list(
            MeetingQuestion.objects.filter(
                meeting_id=targets.ask_meeting, text__startswith=MARK
            ).values_list("text", flat=True)
        ),
        "safeguard": list(
            Safeguard.objects.filter(
                case_id__in=targets.edit_cases, text__startswith=MARK
            ).values_list("text", flat=True)
        ),
    }
    connections.close_all()
    problems = []
    print("  saved records (users saw a successful save / rows in the database):")
    for what, seen in results.saved.items():
        rows = stored[what]
        lost = set(seen) - set(rows)
        unexpected = Counter(rows) - Counter(seen)
        print(f"    {what:<10} {len(seen):>6} / {len(rows):<6} lost {len(lost)}")
        if len(seen) != len(rows) or lost or unexpected:
            problems.append(
                f"{what}: users saw {len(seen)} saves, the database holds {len(rows)}"
                f" ({len(lost)} lost, {sum(unexpected.values())} not seen by a user)"
            )
    return problems


# -- the server ---------------------------------------------------------------------------


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn on loopback with the environment of this process (production settings)."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60"]
    command += ["--log-level", "warning"]
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"load: gunicorn stopped at start:\n{log.read_text()}")
        try:
            answer = httpx.get(
                f"http://127.0.0.1:{port}/public/",
                headers={"X-Forwarded-Proto": "https"},
                timeout=5,
            )
            if answer.status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"load: gunicorn did not answer on port {port}:\n{log.read_text()}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- the simulated users ------------------------------------------------------------------


class Refused(Exception):
    """An answer other than the one a working site gives."""


class User:
    """One person with a browser of their own (connection and cookies)."""

    def __init__(self, number: int, persona: str, base: str, results: Results) -> None:
        self.number, self.persona, self.results = number, persona, results
        self.base = base
        self.origin = base.replace("http://", "https://")
        self.rng = random.Random(number)
        self.client = httpx.AsyncClient(
            base_url=base,
            headers={"X-Forwarded-Proto": "https", "User-Agent": f"shingikai-load/{number}"},
            timeout=60,
        )
        self.cookies: dict[str, str] = {}
        self.client.event_hooks = {"request": [self.send_cookies], "response": [self.keep_cookies]}
        self.saves = 0
        self.search_ready = True

    # The cookies are Secure (production settings) and the user speaks plain HTTP to the
    # server, as the proxy in front would, so the user keeps them rather than httpx.

    async def send_cookies(self, request: httpx.Request) -> None:
        if self.cookies:
            request.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def keep_cookies(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def request(
        self,
        kind: str,
        name: str,
        url: str,
        *,
        data: dict[str, Any] | None = None,
        expect: int = 200,
        record: bool = True,
    ) -> httpx.Response | None:
        """Send one request, time it and record it; None when it failed (a save refused as
        stale is not a failure: its answer, the re-drawn form, is returned)."""
        headers = {"Origin": self.origin, "Referer": self.origin + url} if data else {}
        started = time.perf_counter()
        error, stale = "", False
        answer = None
        try:
            if data is None:
                answer = await self.client.get(url)
            else:
                answer = await self.client.post(url, data=data, headers=headers)
            stale = data is not None and answer.status_code == 200 and STALE in answer.text
            if answer.status_code != expect and not stale:
                error = f"HTTP {answer.status_code} (expected {expect})"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        ms = (time.perf_counter() - started) * 1000
        if record:
            self.results.samples.append(Sample(kind, name, ms, error, stale))
        elif error:
            self.results.errors_outside[f"{name}: {error}"] += 1
        return None if error else answer

    async def sign_in(self) -> None:
        if self.persona == "resident":
            return
        form = await self.request("page", "sign-in form", "/accounts/login/", record=False)
        if form is None:
            raise Refused("sign-in form")
        started = time.perf_counter()
        done = await self.request(
            "save",
            "sign in",
            "/accounts/login/",
            data={
                **hidden_fields(form, "/accounts/login/"),
                "username": self.persona,
                "password": PASSWORD,
                "next": "/",
            },
            expect=302,
            record=False,
        )
        self.results.signin_ms.append((time.perf_counter() - started) * 1000)
        if done is None or "sessionid" not in self.cookies:
            raise Refused(f"sign in as {self.persona}")

    async def page(self, name: str, url: str) -> httpx.Response | None:
        return await self.request("page", name, url)

    async def search(self, url: str, terms: list[str]) -> None:
        query = self.rng.choice(terms)
        params = {"q": query}
        if self.rng.random() < 0.25:
            params["order"] = "date"
        await self.request("search", url, f"{url}?{httpx.QueryParams(params)}")

    async def save(
        self, name: str, url: str, form: httpx.Response, fields: dict[str, Any]
    ) -> httpx.Response | None:
        """Post the page's form (its hidden fields and `fields`); the redirect that follows a
        save, or None. A save refused as stale is sent again from the re-drawn form."""
        for _attempt in range(RETRIES):
            data = {**hidden_fields(form, url), **fields}
            answer = await self.request("save", name, url, data=data, expect=302)
            if answer is None or answer.status_code == 302:
                return answer
            form = answer
        self.results.errors_outside[f"{name}: refused as stale {RETRIES} times"] += 1
        return None

    async def ask_question(self, targets: Targets) -> None:
        """A member opens the question form of the upcoming meeting and sends a question."""
        url = f"/meetings/{targets.ask_meeting}/questions/ask/"
        form = await self.page("question form", url)
        if form is None:
            return
        self.saves += 1
        text = f"{MARK} 質問 利用者{self.number}-{self.saves}：委託先の監査はどのように行うのか。"
        fields = {"agenda": [str(self.rng.choice(targets.ask_items))], "text": text}
        done = await self.save("question", url, form, fields)
        if done is not None:
            self.results.saved["question"].append(text)
            await self.page("meeting detail", done.headers["location"].split("#")[0])

    async def add_safeguard(self, targets: Targets) -> None:
        """Department staff open the safeguard form of their draft and save a new one."""
        case = targets.edit_cases[self.number % len(targets.edit_cases)]
        url = f"/cases/{case}/safeguards/new/"
        form = await self.page("safeguard form", url)
        if form is None:
            return
        self.saves += 1
        text = f"{MARK} 対策 利用者{self.number}-{self.saves}：作業場所への私物の持込みを禁止する。"
        kind = self.rng.choice(["operational", "technical", "physical"])
        fields = {"kind": kind, "clause": "", "text": text, "target": ""}
        done = await self.save("safeguard", url, form, fields)
        if done is not None:
            self.results.saved["safeguard"].append(text)
            await self.page("case detail", done.headers["location"].split("#")[0])

    def actions(self, t: Targets) -> list[tuple[int, Any]]:
        """What this persona does, with weights (closures returning coroutines)."""
        pick = self.rng.choice
        if self.persona == "resident":
            meeting = "/public/meetings/{}/"
            return [
                (2, lambda: self.page("public index", "/public/")),
                (1, lambda: self.page("public cases", "/public/cases/")),
                (3, lambda: self.page("public meeting", meeting.format(pick(t.public_meetings)))),
                (
                    2,
                    lambda: self.page(
                        "public minutes", meeting.format(pick(t.public_minutes)) + "minutes/"
                    ),
                ),
                (1, lambda: self.page("public files", "/public/files/")),
                (2, lambda: self.search("/public/search/", PUBLIC_TERMS)),
            ]
        p = self.persona
        common = [
            (1, lambda: self.page("dashboard", "/")),
            (2, lambda: self.page("meeting detail", f"/meetings/{pick(t.meetings[p])}/")),
        ]
        if self.search_ready:
            common.append((3, lambda: self.search("/search/", STAFF_TERMS)))
        if t.minutes[p]:
            common.append((2, lambda: self.page("minutes", f"/minutes/{pick(t.minutes[p])}/")))
        if t.cases[p]:
            common += [
                (2, lambda: self.page("case list", "/cases/")),
                (3, lambda: self.page("case detail", f"/cases/{pick(t.cases[p])}/")),
            ]
        if p in ("secretariat", "member"):
            common.append((1, lambda: self.page("meeting list", "/meetings/")))
        if p == "department":
            common.append((2, lambda: self.add_safeguard(t)))
        if p == "member":
            common.append((2, lambda: self.ask_question(t)))
        return common

    async def browse(self, targets: Targets, stop_at: float, think: float) -> None:
        choices = self.actions(targets)
        weights = [w for w, _ in choices]
        while time.monotonic() < stop_at:
            action = self.rng.choices([a for _, a in choices], weights)[0]
            try:
                await action()
            except Refused as exc:
                self.results.errors_outside[str(exc)] += 1
            if think:
                await asyncio.sleep(think * self.rng.uniform(0.5, 1.5))


class HiddenInputs(HTMLParser):
    """The hidden inputs of each form on a page, with the form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append((urlsplit(found.get("action") or "").path, {}))
            self.inside = True
        elif tag == "input" and self.inside and found.get("type") == "hidden" and found.get("name"):
            self.forms[-1][1][found["name"] or ""] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def hidden_fields(answer: httpx.Response, url: str) -> dict[str, str]:
    """The hidden fields (CSRF token, the case version …) of the page's form posting to
    `url`, as a browser would send them."""
    parser = HiddenInputs()
    parser.feed(answer.text)
    for action, fields in parser.forms:
        if action in ("", url) and "csrfmiddlewaretoken" in fields:
            return fields
    raise Refused(f"no form posting to {url} on {answer.request.url.path}")


def personas(count: int) -> list[str]:
    """`count` personas in the PERSONAS proportions (at least one of each from 4 users)."""
    result: list[str] = []
    for name, share in PERSONAS:
        result += [name] * max(1, round(count * share))
    while len(result) > count:
        result.remove(max(set(result), key=result.count))
    while len(result) < count:
        result.append("resident")
    return result


async def check_static(base: str, results: Results) -> None:
    """The public page's stylesheet comes from WhiteNoise under its hashed name."""
    async with httpx.AsyncClient(base_url=base, headers={"X-Forwarded-Proto": "https"}) as client:
        page = await client.get("/public/")
        found = STYLESHEET.search(page.text)
        answer = await client.get(found.group(1)) if found else None
        if answer is None or answer.status_code != 200:
            results.errors_outside["static: no stylesheet served on /public/"] += 1


def server_cpu(pid: int) -> float | None:
    """CPU seconds used so far by gunicorn's master `pid` and its workers (Linux /proc)."""
    total = 0
    try:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if entry.name == str(pid) or stat[1] == str(pid):  # stat[1]: the parent
                total += int(stat[11]) + int(stat[12])  # user and system time, in ticks
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


async def run_users(
    base: str, server: int, targets: Targets, users: int, duration: float, think: float
) -> tuple[Results, float]:
    """Sign everyone in, then let them browse for `duration` seconds; the results and the
    seconds the measured part lasted."""
    results = Results()
    people = [User(n, persona, base, results) for n, persona in enumerate(personas(users), 1)]
    try:
        outcomes = await asyncio.gather(*(p.sign_in() for p in people), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                results.errors_outside[f"sign-in: {outcome!r}"] += 1
        signed_in = [p for p, o in zip(people, outcomes, strict=True) if o is None]
        staff = [p for p in signed_in if p.persona != "resident"]
        probe = await staff[0].client.get("/search/?q=" + STAFF_TERMS[0]) if staff else None
        if probe is not None and probe.status_code == 404:  # the search app is not there yet
            print("  /search/ answers 404: searching left out of this run")
            for person in signed_in:
                person.search_ready = False
        await check_static(base, results)
        cpu_before, client_before = server_cpu(server), time.process_time()
        started = time.monotonic()
        stop_at = started + duration
        await asyncio.gather(*(p.browse(targets, stop_at, think) for p in signed_in))
        elapsed = time.monotonic() - started
        cpu_after, results.client_cpu = server_cpu(server), time.process_time() - client_before
        if cpu_before is not None and cpu_after is not None:
            results.server_cpu = cpu_after - cpu_before
    finally:
        await asyncio.gather(*(p.client.aclose() for p in people))
    return results, elapsed


# -- the report ---------------------------------------------------------------------------


def report(results: Results, elapsed: float) -> None:
    samples = results.samples
    print(
        f"  requests {len(samples)} in {elapsed:.1f} s: {len(samples) / elapsed:.1f} req/s;"
        f" errors {len(results.errors)}"
    )
    print(
        f"  {'':<24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}"
    )

    def row(label: str, group: list[Sample]) -> None:
        ms = [s.ms for s in group]
        errors = sum(1 for s in group if s.error)
        print(
            f"  {label:<24} {len(group):>6} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f}"
            f" {percentile(ms, 99):>8.0f} {max(ms, default=0):>8.0f} {errors:>7}"
        )

    row("all", samples)
    for kind in ("page", "search", "save"):
        row(kind, [s for s in samples if s.kind == kind])
    print("  by request (slowest p95 first):")
    names = {s.name for s in samples}
    by_name = {n: [s for s in samples if s.name == n] for n in names}
    for name in sorted(names, key=lambda n: -percentile([s.ms for s in by_name[n]], 95)):
        row("  " + name, by_name[name])
    if results.signin_ms:
        print(
            f"  sign-in (before the measured part): {len(results.signin_ms)} users,"
            f" p50 {percentile(results.signin_ms, 50):.0f} ms,"
            f" max {max(results.signin_ms):.0f} ms"
        )
    if results.server_cpu is not None and samples:
        per_request = results.server_cpu * 1000 / len(samples)
        print(
            f"  CPU per request: server {per_request:.1f} ms"
            f" (so {os.cpu_count()} idle cores serve at most ~"
            f"{(os.cpu_count() or 1) * 1000 / per_request:.0f} req/s of this mix),"
            f" simulated users {results.client_cpu * 1000 / len(samples):.1f} ms"
        )
    stale = Counter(s.name for s in samples if s.stale)
    for name, count in sorted(stale.items()):
        print(f"  {name}: {count} saves refused as stale (someone saved first), sent again")
    breakdown = Counter(f"{s.kind} {s.name}: {s.error}" for s in results.errors)
    breakdown.update(results.errors_outside)
    for what, count in breakdown.most_common():
        print(f"  ERROR {count} × {what}")


# -- one database, and both ---------------------------------------------------------------


def run_one(args: argparse.Namespace) -> int:
    """The whole run on the database the environment names; 0 when nothing failed."""
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    print(
        f"== load on {database}: gunicorn with {workers} workers on 127.0.0.1:{args.port},"
        f" {args.users} users for {args.duration:.0f} s, think time {args.think:g} s"
        f" (machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})"
    )
    var = Path(tempfile.mkdtemp(prefix="shingikai-load."))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SHINGIKAI_VAR_DIR=str(var),
        LOG_LEVEL="WARNING",
    )
    server = None
    try:
        targets = prepare_database(drafts=max(1, personas(args.users).count("department") // 2))
        log = var / "gunicorn.log"
        server = start_server(args.port, workers, log)
        base = f"http://127.0.0.1:{args.port}"
        results, elapsed = asyncio.run(
            run_users(base, server.pid, targets, args.users, args.duration, args.think)
        )
        stop_server(server)
        server = None
        print(f"  load average after the run: {os.getloadavg()[0]:.1f}")
        report(results, elapsed)
        problems = count_saved(targets, results)
        failed = bool(results.errors or results.errors_outside or problems)
        for problem in problems:
            print(f"  LOST {problem}")
        if failed and log.read_text().strip():
            print("  gunicorn log (last 40 lines):")
            for line in log.read_text().splitlines()[-40:]:
                print("    " + line)
        p95 = percentile([s.ms for s in results.samples if s.kind == "page"], 95)
        print(
            f"  verdict: {'FAILED' if failed else 'ok (no errors, no lost saves)'};"
            f" p95 of pages {p95:.0f} ms: {'met' if p95 < 300 else 'MISSED'} (target under 300 ms)"
        )
        return 1 if failed else 0
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(var, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a user's clicks (s)"
    )
    parser.add_argument("--workers", type=int, default=0, help="default 2 × cores + 1")
    parser.add_argument("--port", type=int, default=8034, help="PostgreSQL run: port + 1")
    args = parser.parse_args()
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return run_one(args)
    if args.database == "postgres" and os.environ.get("DATABASE_URL"):
        return run_one(args)
    if args.database == "postgres":
        return again(args, "postgres", args.port)
    codes = [again(args, "sqlite", args.port), again(args, "postgres", args.port + 1)]
    print(
        f"== load: SQLite {'ok' if codes[0] == 0 else 'FAILED'},"
        f" PostgreSQL {'ok' if codes[1] == 0 else 'FAILED'}"
    )
    return max(codes)


def again(args: argparse.Namespace, database: str, port: int) -> int:
    """Run this script for one database in a process of its own (PostgreSQL: inside
    scripts/with-postgres, which starts a throw-away server and sets DATABASE_URL)."""
    command = [sys.executable, str(Path(__file__).resolve()), f"--database={database}"]
    command += [f"--users={args.users}", f"--duration={args.duration}", f"--think={args.think}"]
    command += [f"--workers={args.workers}", f"--port={port}"]
    if database == "postgres":
        command.insert(0, str(ROOT / "scripts" / "with-postgres"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.call(command, env=env)  # noqa: S603 - this script, fixed arguments


if __name__ == "__main__":
    sys.exit(main())
