"""`make bench`: every page's throughput beside the stack's ceiling, at two county sizes.

usage: .venv/bin/python scripts/bench/run.py [--quick] [--dialects sqlite,postgresql]
           [--sizes 10000,100000] [--duration S] [--rounds N] [--replay-runs N]
           [--python-loader]

For each database and size (generate.ensure makes or reuses the county), the app and the
minimal page (minimal.py) are served by gunicorn with 2 sync workers on free ports, the staff
user and the leader sign in through the real form, and every page is loaded with wrk in
interleaved rounds (medians over the rounds), the leader's cockpit (/dashboard, and 上半年
through its period picker) as the leader, every other page as the staff user. Then: the
follow-up POST and its redirect, the SQL statements each page sends, the search against a LIKE
scan, the cockpit against its own SQL replayed bare (replay.py; issue 11's ratio and growth),
the workers' peak RSS, the error logs; on SQLite also /projects with one worker. Prints two
markdown tables per database and saves the raw figures in
instance/bench/results-<timestamp>.json. Exits non-zero only when it could not
measure (a server did not start, a page did not answer 200, no way to load the pages).
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import common
import generate
import replay

BENCH_DIR = Path(__file__).resolve().parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
RESULTS_DIR = common.CACHE_DIR

# Search terms: a 2-character trade word in ~5% of the generated company names and in many
# project names (generate.TRADES), and a 4-character region + core pair that few names hold
# (the terms of scripts/bench_search.py).
TERM_2 = "建筑"
TERM_4 = "天津恒泰"

MINIMAL = "minimal"
PROJECT = "/projects/<id>"
# The leader's cockpit, measured as the bench leader (leaders read every project, confidential
# ones too: its heaviest case): the default period (this year to date) and the period picker's
# answer for 上半年 of this year (双过半).
COCKPIT = "/dashboard"
YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year
COCKPIT_H1 = f"/dashboard?p=h1&y={YEAR}"
LEADER = "leader"
LEADER_PAGES = (COCKPIT, COCKPIT_H1)
# (label, path) in the order of the table; the minimal page is served by minimal.py.
PAGES = [
    ("minimal 50-row ORM page (ceiling)", MINIMAL),
    ("/projects", "/projects"),
    ("/projects by stage, sorted", "/projects?stage=negotiation&sort=amount"),
    ("/projects page 500", "/projects?page=500"),
    ("/companies", "/companies"),
    (f"/search?q= 2 characters ({TERM_2})", f"/search?q={TERM_2}"),
    (f"/search?q= 4 characters ({TERM_4})", f"/search?q={TERM_4}"),
    ("/projects/board", "/projects/board"),
    ("/ (workbench)", "/"),
    ("/projects/<id>", PROJECT),
    ("/dashboard, 本年1–N月 (as the leader)", COCKPIT),
    (f"{COCKPIT_H1}, 上半年 (as the leader)", COCKPIT_H1),
]
SINGLE_WORKER_PAGE = "/projects"  # SQLite: the read page served by 1 worker as well,
ONE_WORKER = "/projects (1 worker)"  # in the same rounds (a third server, idle otherwise)
LOG_PATTERNS = {"database_locked": "database is locked", "worker_timeouts": "WORKER TIMEOUT",
                "tracebacks": "Traceback (most recent call last)"}
WRK_TIMEOUT = "35s"  # above gunicorn's 30 s worker timeout: a slow page is slow, not failed
HTTP_TIMEOUT = 120
WARMUP_S = 1
WORKERS = 2  # gunicorn sync workers per server (the 1-worker SQLite server apart)


class CouldNotMeasure(Exception):
    """A figure could not be taken at all (as opposed to a slow or failing page)."""


# --- HTTP ------------------------------------------------------------------------------------

class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One signed-in browser: http.client with a cookie jar (gunicorn's sync workers close
    every connection, so each request opens its own, as wrk's do)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None
                ) -> Response:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except (OSError, http.client.HTTPException) as problem:
            raise CouldNotMeasure(f"{method} {path} on port {self.port}: {problem}") from problem
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)


class Form:
    def __init__(self, attrs: dict[str, str]):
        self.attrs, self.fields = attrs, []  # fields: (name, value) pairs, in page order

    @property
    def action(self) -> str:
        return self.attrs.get("action", "").split("#", 1)[0]


class FormReader(HTMLParser):
    """The fields a browser would submit from each form of a page (their defaults): inputs,
    checked boxes, selected options (a single select's first when none is), textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._first: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(a)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind == "submit" or kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and "name" in a:
            self._select, self._first, self._chosen = (a["name"], "multiple" in a), None, False
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._form.fields.append((self._select[0], a.get("value", "")))
                self._chosen = True
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not self._chosen and not multiple and self._first is not None:
                self._form.fields.append((name, self._first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, self._text))
            self._textarea = None


def read_form(html: str, **wanted: str) -> Form:
    """The first form of the page whose attributes have the wanted values (id=..., method=...)."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if all(form.attrs.get(key) == value for key, value in wanted.items()):
            return form
    raise CouldNotMeasure(f"no form with {wanted} on the page")


def sign_in(port: int, email: str = common.STAFF_EMAIL) -> Client:
    """Sign in as the staff user (or `email`) through the real form (GET /login, its CSRF
    token, POST), so the cookie is the one a browser holds."""
    client = Client(port)
    page = client.get("/login")
    if page.status != 200:
        raise CouldNotMeasure(f"GET /login answered {page.status}")
    fields = dict(read_form(page.text, method="post").fields)
    fields.update(email=email, password=common.PASSWORD)
    answer = client.request("POST", "/login", list(fields.items()))
    if answer.status != 302 or "/login" in answer.headers.get("Location", "/login"):
        raise CouldNotMeasure(f"signing in as {email} failed ({answer.status})")
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Servers ---------------------------------------------------------------------------------

def worker_pids(master: int) -> list[int]:
    """The master's children (its workers), from /proc: they may be replaced during the run."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                status = (entry / "status").read_text()
                if re.search(rf"^PPid:\s+{master}$", status, re.M):
                    pids.append(int(entry.name))
    return pids


def peak_rss_kb(pid: int) -> int:
    """VmHWM: the most memory the process ever had resident (0 once it is gone)."""
    with contextlib.suppress(OSError):
        match = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
        return int(match.group(1)) if match else 0
    return 0


class Server:
    """A gunicorn master we started (its own session, so Ctrl+C reaches us, not it), its error
    log, and the peak RSS of its workers, polled while it runs since workers may be replaced."""

    def __init__(self, name: str, app: str, env: dict, log: Path, workers: int = WORKERS,
                 chdir: Path = common.ROOT):
        self.name, self.app, self.env, self.log, self.workers = name, app, env, log, workers
        self.chdir = chdir
        self.port = free_port()
        self.peak_kb: dict[int, int] = {}
        self.process: subprocess.Popen | None = None
        self._stop = threading.Event()

    def __enter__(self) -> "Server":
        command = [str(GUNICORN), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
                   "--chdir", str(self.chdir), "--error-logfile", "-", self.app]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our gunicorn, fixed arguments)
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        threading.Thread(target=self._poll, daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CouldNotMeasure(f"{self.name} server exited ({self.process.returncode}); "
                                      f"see {self.log}")
            with contextlib.suppress(CouldNotMeasure):  # not listening yet
                if Client(self.port).get("/healthz").status == 200:
                    return
            time.sleep(0.3)
        raise CouldNotMeasure(f"{self.name} server did not answer in {seconds:.0f} s; "
                              f"see {self.log}")

    def sample_rss(self) -> None:
        for pid in worker_pids(self.process.pid):
            self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), peak_rss_kb(pid))

    def _poll(self) -> None:
        while not self._stop.wait(1.0):
            self.sample_rss()

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb.values(), default=0) / 1024

    def stop(self) -> None:
        """Read the workers' peaks one last time, then stop the master (and, if it hangs,
        its process group, which is ours alone)."""
        self._stop.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.sample_rss()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def scan_log(path: Path) -> dict[str, int]:
    """What went wrong in a server's log: locked database, killed workers, tracebacks."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return {key: text.count(pattern) for key, pattern in LOG_PATTERNS.items()}


# --- Load ------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    """req/s, p50/p99 from --latency's distribution, and failed requests (non-2xx/3xx answers
    and socket errors, timeouts included)."""
    def find(pattern: str) -> re.Match | None:
        return re.search(pattern, output, re.M)

    rate, total = find(r"^Requests/sec:\s+([\d.]+)"), find(r"^\s*(\d+) requests in")
    if not rate or not total:
        raise CouldNotMeasure("wrk printed no figures:\n" + output)
    p50, p99 = find(r"^\s+50%\s+(\S+)"), find(r"^\s+99%\s+(\S+)")
    if int(total.group(1)) == 0:  # none finished in the time: wrk prints zeros, not latencies
        p50 = p99 = None
    non2xx = find(r"Non-2xx or 3xx responses:\s+(\d+)")
    sockets = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    socket_errors = sum(map(int, sockets.groups())) if sockets else 0
    return {"rps": float(rate.group(1)), "requests": int(total.group(1)),
            "p50_ms": _ms(p50.group(1)) if p50 else None,
            "p99_ms": _ms(p99.group(1)) if p99 else None,
            "non2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": socket_errors,
            "failed": (int(non2xx.group(1)) if non2xx else 0) + socket_errors}


class Loader:
    """wrk with 2 threads and 8 connections, or (without wrk) 8 Python threads doing the same
    for the same time: slower at the top, so its figures say which one took them."""

    def __init__(self, force_python: bool = False):
        self.wrk = None if force_python else shutil.which("wrk")
        self.name = "wrk -t2 -c8" if self.wrk else "Python http.client loop, 8 threads (no wrk)"

    def load(self, url: str, cookie: str, seconds: float) -> dict:
        if self.wrk:
            return self._wrk(url, cookie, seconds)
        return self._python(url, cookie, seconds)

    def _wrk(self, url: str, cookie: str, seconds: float) -> dict:
        command = [self.wrk, "-t2", "-c8", f"-d{seconds:g}s", "--latency",
                   "--timeout", WRK_TIMEOUT, "-H", f"Cookie: {cookie}", url]
        done = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                              timeout=seconds + 120)
        if done.returncode != 0:
            raise CouldNotMeasure(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
        return parse_wrk(done.stdout)

    def _python(self, url: str, cookie: str, seconds: float, connections: int = 8,
                cap: int = 200_000) -> dict:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        latencies: list[float] = []
        failed = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def worker():
            while time.monotonic() < deadline and len(latencies) < cap:
                started = time.perf_counter()
                try:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                            timeout=35)
                    connection.request("GET", path, headers={"Cookie": cookie})
                    answer = connection.getresponse()
                    answer.read()
                    connection.close()
                    ok = answer.status < 400
                except (OSError, http.client.HTTPException):
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    failed[0] += not ok

        started = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        ordered = sorted(latencies)

        def quantile(q):
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None

        return {"rps": len(ordered) / elapsed, "requests": len(ordered),
                "p50_ms": quantile(0.5), "p99_ms": quantile(0.99),
                "non2xx": failed[0], "socket_errors": 0, "failed": failed[0]}


def settle(url: str, figures: dict) -> dict:
    """Wait for the requests wrk left queued when it stopped (gunicorn still serves them), so
    they do not slow the next page: /healthz answers once the queue is drained, and the one
    request another worker may still be on takes about a median latency more."""
    parts = urlsplit(url)
    Client(parts.port).get("/healthz")
    time.sleep(min(figures["p50_ms"] or 0, 10_000) / 1000)
    return figures


def median_of(rounds: list[dict]) -> dict:
    """One figure per page from its rounds: medians, and every failed request counted."""
    def med(key):
        values = [r[key] for r in rounds if r[key] is not None]
        return statistics.median(values) if values else None

    return {"rps": med("rps"), "p50_ms": med("p50_ms"), "p99_ms": med("p99_ms"),
            "failed": sum(r["failed"] for r in rounds), "rounds": rounds}


def load_rounds(loader: Loader, urls: dict[str, str], cookies: dict[str, str], rounds: int,
                seconds: float) -> dict[str, dict]:
    """Interleaved rounds (every page once, then again ...), so a drift in the machine's speed
    spreads over all pages instead of landing on the last ones. Each page with its own
    signed-in cookie (the staff user's, the leader's for the cockpit)."""
    for key, url in urls.items():  # warm-up, not kept: each worker's first requests compile
        settle(url, loader.load(url, cookies[key], WARMUP_S))  # templates and fill caches
    raw: dict[str, list[dict]] = {key: [] for key in urls}
    for number in range(1, rounds + 1):
        for key, url in urls.items():
            figures = settle(url, loader.load(url, cookies[key], seconds))
            raw[key].append(figures)
            print(f"    round {number}/{rounds}  {key:<45} {fmt_rps(figures['rps']):>8} req/s"
                  f"  p50 {fmt_ms(figures['p50_ms']):>7} ms  p99 {fmt_ms(figures['p99_ms']):>7}"
                  f" ms" + (f"  FAILED {figures['failed']}" if figures["failed"] else ""),
                  flush=True)
    return {key: median_of(rounds_) for key, rounds_ in raw.items()}


def server_of(key: str) -> str:
    """Which client loads a page: the minimal server's, the 1-worker server's, the leader's
    or the staff user's on the app."""
    return key if key in (MINIMAL, ONE_WORKER) else LEADER if key in LEADER_PAGES else "app"


def check_pages(clients: dict[str, Client], paths: dict[str, str]) -> dict[str, tuple]:
    """(status, HTML bytes) of each page for the signed-in cookie. wrk counts a redirect to
    /login as a success, so only a page that answers 200 here is loaded, and its figures
    stand only if it still does afterwards."""
    answers = {}
    for key, path in paths.items():
        answer = clients[server_of(key)].get("/" if key == MINIMAL else path)
        answers[key] = (answer.status, len(answer.body))
    return answers


@contextlib.contextmanager
def section(result: dict, what: str):
    """Measure one part; if it cannot be measured, say so and go on with the others."""
    try:
        yield
    except CouldNotMeasure as problem:
        result["errors"].append(f"{what}: {problem}")
        print(f"!!! {what}: could not measure: {problem}", flush=True)


# --- Figures taken in-process ----------------------------------------------------------------

def owned_projects(url: str, count: int = 2) -> list[int]:
    """Non-confidential projects the staff user owns: one to load, one to log follow-ups on
    (so the POSTs of one run do not grow the page that is loaded)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            ids = connection.execute(sa.text(
                "SELECT p.id FROM projects p JOIN users u ON u.id = p.owner_id "
                "WHERE u.email = :email AND p.confidential = :no ORDER BY p.id LIMIT :n"),
                {"email": common.STAFF_EMAIL, "no": False, "n": count}).scalars().all()
    finally:
        engine.dispose()
    if not ids:
        raise CouldNotMeasure(f"{common.STAFF_EMAIL} owns no readable project in {url}")
    return ids if len(ids) == count else ids * count


def crm_app(url: str, secret: str):
    """The app in-process on the same database and key (so project URLs match the served
    app's); CSRF off only for its test client's sign-in."""
    from crm import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": secret, "HTTPS": False,
                       "WTF_CSRF_ENABLED": False})


def test_client_as(app, email: str):
    """The in-process app's test client, signed in as `email`."""
    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": common.PASSWORD})
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", "/login"):
        raise CouldNotMeasure(f"in-process sign-in as {email} answered {answer.status_code}")
    return client


def count_queries(url: str, secret: str, paths: dict[str, str]) -> dict[str, int | str]:
    """SQL statements each page sends: the fewer of two GETs, so that a once-a-minute session
    touch or a per-process cache filled on first use is not counted as the page's. Transaction
    control is not counted (SQLite's BEGIN IMMEDIATE is a statement, PostgreSQL's BEGIN not)."""
    import minimal

    from crm.extensions import db

    def count(client, engine, path) -> int | str:
        captured = replay.capture(client, engine, path)  # the fewer of two GETs
        return captured.queries if captured.status == 200 else f"answered {captured.status}"

    app, ceiling = crm_app(url, secret), minimal.create_app(url)
    with app.app_context():
        engine = db.engine
    with ceiling.app_context():
        ceiling_engine = minimal.db.engine
    try:
        client = test_client_as(app, common.STAFF_EMAIL)
        return {key: count(ceiling.test_client(), ceiling_engine, "/") if key == MINIMAL
                else count(client, engine, path) for key, path in paths.items()}
    finally:
        engine.dispose()
        ceiling_engine.dispose()


def search_vs_like(url: str, secret: str, runs: int) -> dict[str, dict]:
    """The app's search (crm.search.query.search, as the view calls it) against what a search
    without its index would do: a LIKE substring scan of search_entries.text for the same
    entities, capped at CAP + 1 matches each as the app caps (written out here rather than
    patched into the app's queries, so it measures the same thing whatever they become)."""
    import sqlalchemy as sa

    from crm.extensions import db
    from crm.models import SearchEntry, User
    from crm.search.query import CAP, search
    from crm.search.text import query_runs

    def like_scan(runs_: list[str]) -> list[int]:
        return [len(db.session.execute(
            sa.select(SearchEntry.entity_id)
            .where(SearchEntry.entity == entity,
                   *[SearchEntry.text.contains(run, autoescape=True) for run in runs_])
            .limit(CAP + 1)).all()) for entity in ("project", "company", "contact")]

    def app_search(user, runs_: list[str]) -> list[int]:
        return [group.count for group in search(user, runs_).values()]

    def median_ms(fn, *args) -> tuple[float, list[int]]:
        found = fn(*args)  # warm-up; also what each found (projects, companies, contacts)
        db.session.rollback()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            fn(*args)
            times.append((time.perf_counter() - started) * 1000)
            db.session.rollback()  # each run its own transaction, as each request
        return statistics.median(times), found

    app = crm_app(url, secret)
    figures = {}
    with app.app_context():
        try:
            user = db.session.scalar(sa.select(User).where(User.email == common.STAFF_EMAIL))
            for term in (TERM_2, TERM_4):
                index_ms, found = median_ms(app_search, user, query_runs(term))
                like_ms, like_found = median_ms(like_scan, query_runs(term))
                figures[term] = {"index_ms": index_ms, "like_ms": like_ms,
                                 "ratio": index_ms / like_ms if like_ms else None,
                                 "found": found, "like_found": like_found}
        finally:
            db.session.remove()
            db.engine.dispose()
    return figures


def cockpit_sql(url: str, secret: str, paths: dict[str, str], runs: int) -> dict[str, dict]:
    """The statements one request of each cockpit page sends, signed in as the leader, and
    the median time of replaying them through a raw DBAPI cursor (replay.py)."""
    from crm.extensions import db

    app = crm_app(url, secret)
    try:
        return replay.widget_sql(app, test_client_as(app, common.LEADER_EMAIL), paths, runs)
    finally:
        with app.app_context():
            db.engine.dispose()


def per_request_ms(page: dict | None) -> float | None:
    """How long a request held a worker: the workers, all busy under wrk, over the req/s."""
    rps = (page or {}).get("rps")
    return WORKERS * 1000 / rps if rps else None


def cockpit_ratios(result: dict) -> dict[str, dict]:
    """Issue 11's ratio for each cockpit page: its p50 over (its widget SQL + the minimal
    page's p50), from the same run; and the same with each page's time per request."""
    minimal = dig(result, "pages", MINIMAL) or {}
    minimal_request = per_request_ms(minimal)
    figures = {}
    for key in LEADER_PAGES:
        page = dig(result, "pages", key) or {}
        sql = dig(result, "widget_sql", key, "widget_sql_ms")
        request = per_request_ms(page)
        p50, minimal_p50 = page.get("p50_ms"), minimal.get("p50_ms")
        figures[key] = {
            "p50_ms": p50, "ms_per_request": request, "widget_sql_ms": sql,
            "queries": dig(result, "widget_sql", key, "queries"),
            "minimal_p50_ms": minimal_p50, "minimal_ms_per_request": minimal_request,
            "ratio": p50 / (sql + minimal_p50) if None not in (p50, sql, minimal_p50) else None,
            "ratio_per_request": request / (sql + minimal_request)
            if None not in (request, sql, minimal_request) else None}
    return figures


def cockpit_growth(figures: dict, sizes: list[int]) -> dict[str, dict]:
    """Each cockpit page's time at the larger size over its time at the smaller one."""
    if len(sizes) < 2:
        return {}
    a, b = (dig(figures, size, "cockpit") or {} for size in sizes[:2])
    growth = {}
    for key in LEADER_PAGES:
        growth[key] = {"from": sizes[0], "to": sizes[1]}
        for measure in ("p50_ms", "ms_per_request", "widget_sql_ms"):
            then, now = dig(a, key, measure), dig(b, key, measure)
            growth[key][measure] = now / then if then and now else None
    return growth


def time_followups(client: Client, token: str, posts: int) -> dict:
    """Logging a follow-up as a browser without JS does: POST the project page's form, follow
    the redirect to the project page; the median of `posts` such pairs."""
    page = client.get(f"/projects/{token}")
    if page.status != 200:
        raise CouldNotMeasure(f"the project page for follow-ups answered {page.status}")
    form = read_form(page.text, id="followup-form")
    action = form.action
    times = []
    for number in range(1, posts + 1):
        fields = [(k, v) for k, v in form.fields if k != "summary"]
        fields.append(("summary", f"压测对接记录 {number}：电话沟通项目进展"))
        started = time.perf_counter()
        answer = client.request("POST", action, fields)
        location = answer.headers.get("Location", "")
        if answer.status != 302 or "/projects/" not in location:
            raise CouldNotMeasure(f"the follow-up POST answered {answer.status}: "
                                  f"{answer.text[:300]}")
        target = urlsplit(location)
        landed = client.get(target.path + (f"?{target.query}" if target.query else ""))
        times.append((time.perf_counter() - started) * 1000)
        if landed.status != 200:
            raise CouldNotMeasure(f"the follow-up redirect answered {landed.status}")
    return {"median_ms": statistics.median(times), "times_ms": times}


# --- One size, one database ------------------------------------------------------------------

def server_env(url: str, secret: str) -> dict:
    """The production settings of the README's deployment, on plain HTTP at 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_APP", "FLASK_DEBUG")}
    env.update(DATABASE_URL=url, SECRET_KEY=secret, HTTPS="false", PYTHONUNBUFFERED="1")
    return env


def bench_size(result: dict, dialect: str, size: int, args, loader: Loader,
               logs: Path) -> None:
    """Everything measured at one size, into `result` as it comes (a failure keeps what was
    measured): served figures first, in-process ones after the servers stopped, so nothing
    else holds SQLite's lock or the CPU while wrk runs."""
    from crm.projects.ref import encode

    url = result["url"] = generate.ensure(dialect, size, log=print)
    secret = "bench-" + secrets.token_hex(16)
    page_project, post_project = owned_projects(url)
    result["project_id"] = page_project
    # Keyed by the path as PAGES spells it; sent percent-encoded, the project's token filled in.
    paths = {path: quote(path.replace(PROJECT, f"/projects/{encode(page_project, secret)}"),
                         safe="/?=&") for _label, path in PAGES}
    env = server_env(url, secret)
    app_log = logs / f"{dialect}-{size}-app.log"
    minimal_log = logs / f"{dialect}-{size}-minimal.log"
    result["logs"] = {}

    print(f"\n== {dialect} {size:,} projects: app and minimal page on gunicorn, 2 workers "
          f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    app = Server("app", "crm:create_app()", env, app_log)
    ceiling = Server("minimal", "minimal:create_app()", env, minimal_log, chdir=BENCH_DIR)
    servers = {"app": app, MINIMAL: ceiling}
    if dialect == "sqlite":  # SQLite: do two workers read side by side, or in turn?
        servers[ONE_WORKER] = Server("app, 1 worker", "crm:create_app()", env,
                                     logs / f"{dialect}-{size}-app-1worker.log", workers=1)
    try:
        with contextlib.ExitStack() as stack:
            for server in servers.values():
                stack.enter_context(server)
            clients = {"app": sign_in(app.port), LEADER: sign_in(app.port, common.LEADER_EMAIL),
                       MINIMAL: Client(ceiling.port)}
            if ONE_WORKER in servers:  # the same database and key: the same cookie is valid
                clients[ONE_WORKER] = Client(servers[ONE_WORKER].port)
                clients[ONE_WORKER].cookies = clients["app"].cookies
                paths[ONE_WORKER] = paths[SINGLE_WORKER_PAGE]
            result["answers"] = check_pages(clients, paths)
            ok = [key for key, (status, _bytes) in result["answers"].items() if status == 200]
            for key in paths.keys() - ok:
                result["errors"].append(f"{key} answered {result['answers'][key][0]}, not 200")
                print(f"!!! {key} answered {result['answers'][key][0]}: not loaded", flush=True)
            urls = {key: f"http://127.0.0.1:{clients[server_of(key)].port}"
                         f"{'/' if key == MINIMAL else paths[key]}" for key in ok}
            cookies = {key: clients[LEADER if key in LEADER_PAGES else "app"].cookie_header
                       for key in ok}
            result["pages"] = load_rounds(loader, urls, cookies, args.rounds, args.duration)
            result["answers_after"] = check_pages(clients, {k: paths[k] for k in ok})
            for key, (status, _bytes) in result["answers_after"].items():
                if status != 200:
                    result["errors"].append(f"{key} answered {status} after the load")
            print(f"    follow-up POST + redirect x{args.posts}", flush=True)
            with section(result, "follow-up POST"):
                result["followup"] = time_followups(
                    clients["app"], encode(post_project, secret), args.posts)
    finally:
        result["rss_mb"] = {key: server.peak_mb for key, server in servers.items()}
        result["logs"] = {key: scan_log(server.log) for key, server in servers.items()}
    paths.pop(ONE_WORKER, None)  # not counted in-process: the same page as SINGLE_WORKER_PAGE

    print("    SQL statements per page, search against a LIKE scan (in-process)", flush=True)
    with section(result, "SQL statements per page"):
        result["queries"] = count_queries(
            url, secret, {k: v for k, v in paths.items() if k not in LEADER_PAGES})
    with section(result, "search against LIKE"):
        result["search"] = search_vs_like(url, secret, args.search_runs)
    print("    the cockpit's SQL: captured from one request as the leader, replayed bare "
          "(in-process)", flush=True)
    with section(result, "cockpit SQL replay"):
        result["widget_sql"] = cockpit_sql(url, secret, {k: paths[k] for k in LEADER_PAGES},
                                           args.replay_runs)
        for key, figures in result["widget_sql"].items():
            if "queries" in figures:  # counted as count_queries counts
                result.setdefault("queries", {})[key] = figures["queries"]
            else:
                result["errors"].append(f"{key} answered {figures['status']} in-process")
        result["cockpit"] = cockpit_ratios(result)


# --- Report ----------------------------------------------------------------------------------

def fmt_rps(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def fmt_ms(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_size(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k" \
        if size % 1000 == 0 else f"{size:,}"


def ratio(value) -> str:
    return "—" if value is None else f"{value:.2f}×"


def dig(data, *keys):
    """data[k1][k2]... or None where a part was not measured."""
    for key in keys:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def report(dialect: str, sizes: list[int], figures: dict, loader: Loader, args) -> str:
    """One markdown table for a database (size A's latencies and shares, growth to size B),
    then a line for each of the issue's other goals."""
    a, b = (figures.get(sizes[0], {}), figures.get(sizes[1], {}) if len(sizes) > 1 else {})
    na, nb = fmt_size(sizes[0]), fmt_size(sizes[1]) if len(sizes) > 1 else "—"
    both = f"{na} and {nb}" if len(sizes) > 1 else na
    lines = [f"### {'SQLite' if dialect == 'sqlite' else 'PostgreSQL'}: {both} projects "
             f"(gunicorn, 2 sync workers; {loader.name}; {args.rounds} interleaved rounds of "
             f"{args.duration:g} s, medians)", "",
             f"| page (staff user unless marked) | req/s {na} | p50 ms | p99 ms | share of minimal "
             f"| req/s {nb} | growth {na}→{nb} | queries/request |",
             "|---|---|---|---|---|---|---|---|"]
    ceiling = dig(a, "pages", MINIMAL, "rps")

    def rps(f, key):
        status, after = dig(f, "answers", key, 0), dig(f, "answers_after", key, 0)
        if status not in (None, 200):
            return f"answered {status}"
        return fmt_rps(dig(f, "pages", key, "rps")) + (
            f" (answered {after} after)" if after not in (None, 200) else "")

    for label, key in PAGES:
        page_a, page_b = dig(a, "pages", key) or {}, dig(b, "pages", key) or {}
        share = f"{page_a['rps'] / ceiling:.1%}" if ceiling and page_a.get("rps") else "—"
        growth = ratio(page_a["rps"] / page_b["rps"]) if page_a.get("rps") \
            and page_b.get("rps") else "—"
        queries = [str(q) for q in (dig(a, "queries", key), dig(b, "queries", key))
                   if q is not None]
        lines.append(f"| {label} | {rps(a, key)} | {fmt_ms(page_a.get('p50_ms'))} | "
                     f"{fmt_ms(page_a.get('p99_ms'))} | {share} | {rps(b, key)} | {growth} | "
                     f"{' / '.join(dict.fromkeys(queries)) or '—'} |")
    measured = [(fmt_size(n), figures[n]) for n in sizes if n in figures]

    def per_size(fn) -> str:
        parts = []
        for name, f in measured:
            with contextlib.suppress(KeyError, TypeError):
                parts.append(f"{fn(f)} at {name}")
        return ", ".join(parts) or "not measured"

    post_a, post_b = dig(a, "followup", "median_ms"), dig(b, "followup", "median_ms")
    lines += ["", f"- Logging a follow-up (POST + redirect, median of {args.posts}): "
              + per_size(lambda f: f"{f['followup']['median_ms']:.1f} ms")
              + (f" (×{post_b / post_a:.2f})" if post_a and post_b else "")]
    for term in (TERM_2, TERM_4):
        lines.append(f"- Search / LIKE scan, {len(term)} characters 「{term}」: " + per_size(
            lambda f, t=term: f"{ratio(f['search'][t]['ratio'])} ({f['search'][t]['index_ms']:.1f}"
                              f" vs {f['search'][t]['like_ms']:.1f} ms)"))
    peaks = [v for _, f in measured for k, v in f.get("rss_mb", {}).items() if k != MINIMAL]
    lines.append(f"- Peak worker RSS (VmHWM): app {max(peaks, default=0):.0f} MB ("
                 + per_size(lambda f: f"{f['rss_mb']['app']:.0f} MB") + "); minimal page "
                 + per_size(lambda f: f"{f['rss_mb'][MINIMAL]:.0f} MB"))
    lines.append("- Failed requests (non-2xx/3xx and socket errors): " + per_size(
        lambda f: sum(p["failed"] for p in f["pages"].values())))
    totals = {key: sum(log[key] for _, f in measured for log in f.get("logs", {}).values())
              for key in LOG_PATTERNS}
    lines.append(f"- \"database is locked\" in the server logs: {totals['database_locked']}; "
                 f"worker timeouts: {totals['worker_timeouts']}; "
                 f"tracebacks: {totals['tracebacks']}")
    if dialect == "sqlite":
        def workers(f) -> str:
            two, one = f["pages"][SINGLE_WORKER_PAGE]["rps"], f["pages"][ONE_WORKER]["rps"]
            return f"{ratio(two / one)} ({fmt_rps(two)} vs {fmt_rps(one)} req/s)"

        lines.append(f"- SQLite 2 workers / 1 worker on {SINGLE_WORKER_PAGE}: "
                     + per_size(workers))
    errors = [f"{name}: {e}" for name, f in measured for e in f.get("errors", [])]
    lines += [f"- NOT MEASURED {e}" for e in errors]
    return "\n".join(lines) + "\n"


def cockpit_report(dialect: str, sizes: list[int], figures: dict, growth: dict) -> str:
    """Issue 11's goals for the cockpit, per page and size: its time against the raw SQL of
    its widgets plus one minimal page (≤ 1.5×), and its growth between the sizes (≤ 2×)."""
    label = {key: text for text, key in PAGES}
    nb = fmt_size(sizes[1]) if len(sizes) > 1 else None
    lines = [f"#### {'SQLite' if dialect == 'sqlite' else 'PostgreSQL'}: the cockpit vs its "
             "raw SQL (as the leader; goals: ratio ≤ 1.5×, growth ≤ 2×)", "",
             "| page | size | cockpit p50 ms | ms/request | queries/request | widget SQL ms "
             "| minimal p50 ms (ms/request) | ratio p50 ÷ (SQL + minimal p50) | ratio ms/request "
             f"| growth {fmt_size(sizes[0])}→{nb or '—'}: p50 (ms/request; SQL) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    def p50(size, key, value) -> str:
        rounds = dig(figures, size, "pages", key, "rounds") or []
        if value is None and rounds and not any(r["requests"] for r in rounds):
            return "none answered within a round"
        return fmt_ms(value)

    for key in LEADER_PAGES:
        for number, size in enumerate(sizes[:2]):
            c = dig(figures, size, "cockpit", key) or {}
            up = dig(growth, key) or {}
            grown = (f"{ratio(up.get('p50_ms'))} ({ratio(up.get('ms_per_request'))}; "
                     f"{ratio(up.get('widget_sql_ms'))})") if number == 1 else ""
            queries = c.get("queries")
            lines.append(
                f"| {label[key]} | {fmt_size(size)} | {p50(size, key, c.get('p50_ms'))} | "
                f"{fmt_ms(c.get('ms_per_request'))} | {'—' if queries is None else queries} | "
                f"{fmt_ms(c.get('widget_sql_ms'))} | {fmt_ms(c.get('minimal_p50_ms'))} "
                f"({fmt_ms(c.get('minimal_ms_per_request'))}) | "
                f"{ratio(c.get('ratio'))} | {ratio(c.get('ratio_per_request'))} | {grown} |")
    runs = sorted({n for size in sizes for key in LEADER_PAGES
                   if (n := dig(figures, size, "widget_sql", key, "runs"))})
    lines += ["", f"- widget SQL: the statements of one request, replayed bare through a raw "
              f"DBAPI cursor (median of {' or '.join(map(str, runs)) or '—'} replays); "
              f"ms/request: {WORKERS} busy "
              f"workers ÷ req/s, the time a request holds a worker. wrk keeps 8 requests on "
              f"{WORKERS} workers, so a p50 also holds the requests queued ahead of it (about "
              f"3 at a time) while the replay is one request alone: ms/request is the figure "
              f"comparable with it."]
    return "\n".join(lines) + "\n"


# --- Main ------------------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="10k and 100k projects, 2 rounds of 5 s (everyday use)")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    parser.add_argument("--sizes", help="comma-separated project counts (two for the growth)")
    parser.add_argument("--duration", type=float, help="seconds per page per round")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--posts", type=int, default=30, help="follow-up POSTs to time")
    parser.add_argument("--search-runs", type=int, default=20)
    parser.add_argument("--replay-runs", type=int, default=20,
                        help="replays of the cockpit's SQL to time (after 2 warm-ups)")
    parser.add_argument("--python-loader", action="store_true",
                        help="load with the Python loop even when wrk is installed")
    args = parser.parse_args(argv)
    args.dialects = [d.strip() for d in args.dialects.split(",") if d.strip()]
    unknown = set(args.dialects) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown dialect(s): {', '.join(sorted(unknown))}")
    args.sizes = ([int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes
                  else list(common.QUICK_SIZES if args.quick else common.FULL_SIZES))
    args.duration = args.duration or (5 if args.quick else 10)
    args.rounds = args.rounds or (2 if args.quick else 3)
    return args


def _terminate_as_interrupt(_signum, _frame):
    raise KeyboardInterrupt  # so a `kill` of the runner stops the servers as Ctrl+C does


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    loader = Loader(force_python=args.python_loader)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    logs = RESULTS_DIR / "logs" / stamp
    logs.mkdir(parents=True, exist_ok=True)
    machine = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start"
    print(f"make bench: {', '.join(args.dialects)} at {', '.join(map(fmt_size, args.sizes))} "
          f"projects; loading with {loader.name}; {machine}; server logs in {logs}", flush=True)
    if not loader.wrk:
        print("!!! wrk is not installed: the Python loop tops out lower than wrk, so the "
              "minimal page's figure (and the shares) are understated.", flush=True)
    results: dict = {"started": stamp, "machine": machine, "loader": loader.name,
                     "rounds": args.rounds,
                     "duration_s": args.duration, "sizes": args.sizes, "dialects": {}}
    interrupted = False
    try:
        for dialect in args.dialects:
            for size in args.sizes:
                result = results["dialects"].setdefault(dialect, {})[size] = {"errors": []}
                try:
                    bench_size(result, dialect, size, args, loader, logs)
                except Exception as problem:  # noqa: BLE001  (say so, go on with the next)
                    if not isinstance(problem, CouldNotMeasure):
                        traceback.print_exc()
                    result["errors"].append(str(problem))
                    print(f"!!! {dialect} {size:,}: could not measure: {problem}", flush=True)
    except KeyboardInterrupt:
        interrupted = True
        print("\n!!! interrupted: the servers are stopped; partial figures follow", flush=True)
    results["cockpit_growth"] = {dialect: cockpit_growth(figures, args.sizes)
                                 for dialect, figures in results["dialects"].items()}
    path = RESULTS_DIR / f"results-{stamp}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    print()
    for dialect, figures in results["dialects"].items():
        print(report(dialect, args.sizes, figures, loader, args))
        print(cockpit_report(dialect, args.sizes, figures, results["cockpit_growth"][dialect]))
    print(f"Machine: {machine}, {os.getloadavg()[0]:.1f} at the end (the load generator, "
          f"the servers and the database share it). Raw figures: {path}")
    failed = interrupted or any(r["errors"] for f in results["dialects"].values()
                                for r in f.values())
    if failed:
        print("!!! Some figures could not be measured (see NOT MEASURED above).")
    return 130 if interrupted else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
