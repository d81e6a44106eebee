"""A bounded load scenario on loopback: gunicorn with production settings, simulated users, timings.

Used by `manage.py load_test` and by the fault tests (tests/security/test_faults.py), which need a real
server process with persistent database connections. Traffic goes to 127.0.0.1 only, and every loop stops
at a deadline and at a request count.
"""

import datetime as dt
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUEST_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings made to run on loopback http: only the TLS redirect is switched off."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    return env | extra


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int = 4, threads: int = 1, ready_timeout: float = 60
) -> Iterator[str]:
    """Start gunicorn on a free loopback port; yield its base URL; stop it (TERM, then KILL) on exit."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--timeout", "60", "--graceful-timeout", "5",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(port, process, ready_timeout, Path(log.name))
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@dataclass
class Reply:
    status: int
    body: str
    cookies: dict[str, str]
    location: str


def request(
    port: int, method: str, path: str, *, cookies: dict[str, str] | None = None, form: dict | None = None
) -> Reply:
    """One HTTP request with explicit cookies (the session cookie is Secure, so no cookie jar sends it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        jar: dict[str, str] = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(header)
            jar.update({name: morsel.value for name, morsel in parsed.items()})
        return Reply(response.status, text, jar, response.headers.get("Location", ""))
    finally:
        conn.close()


def login(port: int, username: str, password: str) -> dict[str, str]:
    page = request(port, "GET", "/accounts/login/")
    cookies = dict(page.cookies)
    token = CSRF_FIELD.search(page.body)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    reply = request(port, "POST", "/accounts/login/", cookies=cookies, form=form)
    if reply.status != 302 or "sessionid" not in reply.cookies:
        raise RuntimeError(f"login of {username} failed: HTTP {reply.status}")
    return cookies | reply.cookies


# --- The scenario -------------------------------------------------------------------------------------------


@dataclass
class SimulatedUser:
    username: str
    incident_ids: list[int]
    create_form: dict[str, object]
    cookies: dict[str, str] = field(default_factory=dict)


# What the run files; load_test removes them afterwards (devtools.bench.cleanup).
LOAD_TITLE = "Tải thử (load_test): chậm giải quyết hồ sơ"
MIX = [("list", 30), ("search", 5), ("dashboard", 20), ("incident", 35), ("create", 10)]


def parse_mix(text: str) -> list[tuple[str, int]]:
    """'list=35,dashboard=20,…' → [("list", 35), …]; only the four known actions, weights ≥ 0."""
    mix = []
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in dict(MIX) or not weight.strip().isdecimal():
            raise ValueError(f"bad mix entry {part!r}: use list|search|dashboard|incident|create=WEIGHT")
        mix.append((name.strip(), int(weight)))
    if not any(weight for _, weight in mix):
        raise ValueError("the mix needs one positive weight")
    return mix


LIST_QUERIES = [
    "",
    "?status=reported",
    "?severity=serious",
    "?page=2",
    "?sort=-occurred_on",
    "?sort=occurred_on",
]
SEARCHES = ["ho so", "dat dai", "mot cua", "cham tre", "van ban"]  # typed without diacritics, as people do


@dataclass
class Results:
    seconds: float = 0.0
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, op: str, elapsed: float, error: str | None) -> None:
        with self.lock:
            self.timings[op].append(elapsed)
            if error:
                self.errors[op].append(error)

    @property
    def total(self) -> int:
        return sum(len(t) for t in self.timings.values())

    def summary(self) -> list[str]:
        rate = self.total / max(self.seconds, 1e-9)
        failed = sum(len(e) for e in self.errors.values())
        lines = [f"requests {self.total} in {self.seconds:.1f} s = {rate:.1f} req/s; errors {failed}"]
        everything = [t for times in self.timings.values() for t in times]
        lines.append(f"  {'all':<10} n={len(everything):>6}  {_percentiles(everything)}  errors={failed}")
        for name, times in sorted(self.timings.items()):
            count = len(self.errors.get(name, []))
            lines.append(f"  {name:<10} n={len(times):>6}  {_percentiles(times)}  errors={count}")
        for name, messages in sorted(self.errors.items()):
            for message in sorted(set(messages))[:5]:
                lines.append(f"  error {name}: {message} ×{messages.count(message)}")
        return lines


def percentile(times: list[float], fraction: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _percentiles(times: list[float]) -> str:
    if not times:
        return "—"
    ms = [t * 1000 for t in times]
    return (
        f"p50={percentile(ms, 0.50):7.1f} ms  p95={percentile(ms, 0.95):7.1f} ms  "
        f"p99={percentile(ms, 0.99):7.1f} ms  mean={statistics.fmean(ms):7.1f} ms"
    )


def run_scenario(
    port: int,
    users: list[SimulatedUser],
    seconds: float,
    max_requests: int,
    think: float = 0.0,
    mix: list[tuple[str, int]] = MIX,
    seed: int = 24,
) -> Results:
    """Each user repeats: pick an action from MIX, do it, pause about `think` seconds (0: no pause)."""
    results = Results()
    deadline = time.monotonic() + seconds
    budget = threading.Semaphore(max_requests)
    start = time.monotonic()
    threads = [
        threading.Thread(
            target=_user_loop,
            args=(port, user, deadline, budget, results, think, mix, random.Random(seed + i)),
        )
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT)
    results.seconds = time.monotonic() - start
    return results


def _user_loop(
    port: int,
    user: SimulatedUser,
    deadline: float,
    budget: threading.Semaphore,
    results: Results,
    think: float,
    mix: list[tuple[str, int]],
    rnd: random.Random,
) -> None:
    ops, weights = zip(*mix, strict=True)
    if think:  # people do not all click at the same instant: spread the first actions over one pause
        time.sleep(rnd.uniform(0, think))
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        op = rnd.choices(ops, weights)[0]
        began = time.monotonic()
        try:
            error = _do(port, user, op, rnd)
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        results.record(op, time.monotonic() - began, error)
        if think:
            time.sleep(min(rnd.uniform(0.5, 1.5) * think, max(deadline - time.monotonic(), 0)))


def _do(port: int, user: SimulatedUser, op: str, rnd: random.Random) -> str | None:
    if op == "list":
        reply = request(port, "GET", "/incidents/" + rnd.choice(LIST_QUERIES), cookies=user.cookies)
    elif op == "search":
        reply = request(
            port, "GET", "/incidents/?" + urlencode({"q": rnd.choice(SEARCHES)}), cookies=user.cookies
        )
    elif op == "dashboard":
        reply = request(port, "GET", "/dashboard/", cookies=user.cookies)
    elif op == "incident":
        reply = request(port, "GET", f"/incidents/{rnd.choice(user.incident_ids)}/", cookies=user.cookies)
    else:
        return _create(port, user)
    return None if reply.status == 200 else f"HTTP {reply.status}"


def _create(port: int, user: SimulatedUser) -> str | None:
    """Open the form (a request like any other), then post it: the pair counts as one 'create'."""
    page = request(port, "GET", "/incidents/new/", cookies=user.cookies)
    token = CSRF_FIELD.search(page.body)
    if page.status != 200 or token is None:
        return f"form HTTP {page.status}"
    form = dict(user.create_form) | {"csrfmiddlewaretoken": token.group(1)}
    reply = request(port, "POST", "/incidents/new/", cookies=user.cookies, form=form)
    if reply.status != 302 or "/incidents/" not in reply.location:
        return f"create HTTP {reply.status}"
    return None


def create_form_for(unit_id: int, indicator_ids: list[int], occurred: dt.date) -> dict[str, object]:
    return {
        "unit": unit_id,
        "occurred_on": occurred.strftime("%d/%m/%Y"),
        "detected_on": (occurred + dt.timedelta(days=5)).strftime("%d/%m/%Y"),
        "title": LOAD_TITLE,
        "description": "Bản ghi do lệnh load_test tạo khi đo tải.",
        "severity": "minor",
        "warranted_form": "khien_trach",
        "source": "inspection",
        "indicators": indicator_ids[:2],
        "collective": "on",
    }
