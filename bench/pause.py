"""The pause screen, measured in a real Chromium (``python -m bench pause``).

The app is served the way production serves it: Django's WSGI handler with
WhiteNoise in front, so static files go out pre-gzipped when the browser asks
for gzip, and the two pause pages are gzipped by their views (the rest of
the site's HTML is not: pages with CSRF tokens invite BREACH). Any response
that still arrives uncompressed is counted as gzip would make it, as a
compressing proxy would send it.

Figures:
- transfer: bytes a first visit to /pause/ moves (headers + compressed
  bodies), for the page alone and including the offline copy the service
  worker fetches;
- first paint: /pause/ against a static HTML page of the same size served by
  the same server, medians over several cold loads, as a ratio;
- drift: every breathing phase change over 10 simulated minutes (Playwright's
  clock), against its schedule; again with every timer firing up to 44 ms
  late (a busy phone); and over 30 real seconds.
"""

from __future__ import annotations

import gzip
import re
import statistics
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

#: The static comparison page, under STATIC_ROOT so WhiteNoise serves it
#: through the same middleware (and security headers) as any static file.
PROBE_NAME = "__probe__/static.html"
#: Responses whose bodies already arrive compressed (or cannot be compressed).
COMPRESSED_TYPES = ("image/png", "image/jpeg", "image/webp", "font/woff2")
StartResponse = Callable[..., Any]


@dataclass
class Record:
    path: str
    status: int
    dest: str
    content_type: str
    encoding: str
    header_bytes: int
    body: bytes

    @property
    def compressed_body(self) -> int:
        if self.encoding or self.content_type.startswith(COMPRESSED_TYPES) or not self.body:
            return len(self.body)
        return len(gzip.compress(self.body, compresslevel=6))

    @property
    def transferred(self) -> int:
        return self.header_bytes + self.compressed_body


@dataclass
class Recorder:
    """WSGI wrapper that records every response."""

    app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, recording_start)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        self._record(environ, seen["status"], seen["headers"], body)
        return [body]

    def _record(self, environ: dict[str, Any], status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        lookup = {k.lower(): v for k, v in headers}
        # Status line, headers, the blank line, plus the Date and
        # Connection headers the server adds itself (about 60 bytes).
        header_bytes = len(f"HTTP/1.1 {status}\r\n") + sum(len(k) + len(v) + 4 for k, v in headers) + 2 + 60
        record = Record(
            path=environ.get("PATH_INFO", ""),
            status=int(status.split()[0]),
            dest=environ.get("HTTP_SEC_FETCH_DEST", ""),
            content_type=lookup.get("content-type", ""),
            encoding=lookup.get("content-encoding", ""),
            header_bytes=header_bytes,
            body=body,
        )
        with self.lock:
            self.records.append(record)

    def since(self, mark: int) -> list[Record]:
        with self.lock:
            return list(self.records[mark:])


class Server:
    """The real WSGI app (WhiteNoise included) behind waitress, the server
    ``softlanding serve`` uses, on a local port in a thread."""

    def __init__(self, connections_override: dict[str, Any] | None = None) -> None:
        from django.core.handlers.wsgi import WSGIHandler
        from waitress.server import create_server

        # Written before the app is built: WhiteNoise indexes files then.
        write_probe()
        django_app = WSGIHandler()

        def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            from django.db import connections

            # The test database may live in memory: share the test thread's
            # connection, as Django's own live server does.
            for alias, connection in (connections_override or {}).items():
                connections[alias] = connection
            result = django_app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                result.close()  # type: ignore[attr-defined]
                # Like Django's live server: no connection outlives its
                # request, so a test database can be flushed and dropped.
                # (Closing an in-memory SQLite connection is a no-op.)
                connections.close_all()

        self.recorder = Recorder(app)
        self.httpd = create_server(self.recorder, host="127.0.0.1", port=0, threads=4, ident="")
        self.url = f"http://127.0.0.1:{self.httpd.effective_port}"  # type: ignore[union-attr]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        # waitress's own run() loops until its sockets close; closing them
        # from another thread races with select() (EBADF in the server
        # thread). Polling in short turns and closing here avoids that.
        from waitress import wasyncore

        socket_map = self.httpd._map  # type: ignore[union-attr]
        while not self.stopping.is_set():
            wasyncore.loop(timeout=0.05, map=socket_map, count=1)
        self.httpd.task_dispatcher.shutdown()  # type: ignore[union-attr]
        wasyncore.close_all(socket_map)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)


# --- Helpers shared by the browser tests ---------------------------------------------------------


def wait_for_offline_copy(page: Page) -> int:
    """Wait until the service worker is active and its cache is filled; the number of entries."""
    return int(
        page.evaluate(
            """async () => {
              // Not serviceWorker.ready: it never settles on a page outside /pause/.
              for (;;) {
                const registration = await navigator.serviceWorker.getRegistration("/pause/");
                if (registration && registration.active && registration.active.state === "activated") break;
                await new Promise(resolve => setTimeout(resolve, 50));
              }
              const keys = await caches.keys();
              const cache = await caches.open(keys.find(k => k.startsWith("pause-")));
              return (await cache.keys()).length;
            }"""
        )
    )


@dataclass
class Transfer:
    page_bytes: int
    total_bytes: int
    rows: list[Record]


def first_visit_transfer(context: BrowserContext, server: Server) -> Transfer:
    """Everything a cold first visit to /pause/ moves, until the offline copy is stored."""
    mark = len(server.recorder.records)
    page = context.new_page()
    page.goto(server.url + "/pause/", wait_until="load")
    wait_for_offline_copy(page)
    page.wait_for_load_state("networkidle")
    page.close()
    rows = server.recorder.since(mark)
    # The worker's own fetches (its script, and the copy it stores for
    # offline use) are marked by the browser as "serviceworker" and "empty".
    own = [r for r in rows if r.dest not in {"serviceworker", "empty"}]
    return Transfer(sum(r.transferred for r in own), sum(r.transferred for r in rows), rows)


def probe_page_like(html: str) -> bytes:
    """The pause page as a static file of the same size: its text and the
    styles inside it, without its scripts and links (padded back to size)."""
    stripped = re.sub(r"<script[^>]*></script>|<link[^>]*>", "", html)
    padding = max(0, len(html.encode()) - len(stripped.encode()) - len("<!--  -->"))
    return (stripped.replace("</body>", f"<!-- {'.' * padding} --></body>")).encode()


def write_probe() -> None:
    from django.conf import settings
    from django.test import Client

    html = Client(HTTP_HOST="127.0.0.1").get("/pause/").content.decode()
    path = Path(settings.STATIC_ROOT) / PROBE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(probe_page_like(html))


def probe_url() -> str:
    from django.conf import settings

    return f"{settings.STATIC_URL}{PROBE_NAME}"


FCP_JS = """() => new Promise(resolve => {
  const found = () => performance.getEntriesByType("paint").find(e => e.name === "first-contentful-paint");
  if (found()) return resolve(found().startTime);
  new PerformanceObserver(() => { if (found()) resolve(found().startTime); }).observe({type: "paint", buffered: true});
})"""


def first_paint(browser: Browser, url: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        return float(page.evaluate(FCP_JS))
    finally:
        context.close()


@dataclass
class PaintRatio:
    pause_ms: float
    static_ms: float
    ratio: float


def first_paint_ratio(browser: Browser, server: Server, repetitions: int = 7) -> PaintRatio:
    static_url = server.url + probe_url()
    # Warm both paths once (Python imports, template loading), then alternate.
    first_paint(browser, server.url + "/pause/")
    first_paint(browser, static_url)
    pause, static = [], []
    for _ in range(repetitions):
        pause.append(first_paint(browser, server.url + "/pause/"))
        static.append(first_paint(browser, static_url))
    p, s = statistics.median(pause), statistics.median(static)
    return PaintRatio(p, s, p / s)


RECORD_PHASES_JS = """() => {
  const guide = window.softlanding.guides[0];
  window.__phases = [];
  guide.on("phase", e => window.__phases.push({phase: e.phase, at: performance.now()}));
}"""


def add_timer_lateness(page: Page, max_ms: int) -> None:
    """Make every later ``setTimeout`` on ``page`` fire 0 to ``max_ms`` ms late
    (a fixed, repeatable pattern), as on a busy phone."""
    page.evaluate(
        """maxMs => {
          const real = window.setTimeout;
          let n = 0;
          window.setTimeout = (fn, ms, ...rest) => real(fn, (ms || 0) + (n++ * 37) % (maxMs + 1), ...rest);
        }""",
        max_ms,
    )


@dataclass
class Drift:
    phases: int
    worst_ms: float
    names_match: bool


def measure_drift(page: Page, seconds: float, advance: Callable[[float], None], pace: tuple[int, int, int]) -> Drift:
    """Start the guide at ``pace`` (in, out, hold), let ``advance`` pass ``seconds``, compare with the schedule."""
    from softlanding.pause.pacing import Pace, schedule

    inhale, exhale, hold = pace
    page.evaluate(f"() => window.softlanding.guides[0].setPace({{in: {inhale}, out: {exhale}, hold: {hold}}})")
    page.evaluate(RECORD_PHASES_JS)
    page.click("[data-toggle]")
    started = float(page.evaluate("() => window.softlanding.guides[0].pacer.startedAt"))
    advance(seconds)
    recorded = page.evaluate("() => window.__phases")
    expected = [p for p in schedule(Pace(inhale, exhale, hold), seconds) if p.start * 1000 <= seconds * 1000 - 50]
    pairs = list(zip(expected, recorded, strict=False))
    worst = max(abs(r["at"] - (started + e.start * 1000)) for e, r in pairs)
    names = len(recorded) >= len(expected) and all(e.name == r["phase"] for e, r in pairs)
    return Drift(len(pairs), worst, names)


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    from e2e.conftest import CHROMIUM_FLAGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _prepare_django() -> None:
    import os
    import tempfile

    # Never touch the user's real data: a throwaway data directory.
    os.environ.setdefault("SOFTLANDING_DATA_DIR", tempfile.mkdtemp(prefix="softlanding-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def run() -> None:
    import time

    _prepare_django()
    server = Server()
    try:
        with chromium() as browser:
            context = browser.new_context()
            transfer = first_visit_transfer(context, server)
            context.close()
            print(f"   first load of /pause/: {transfer.page_bytes / 1024:.1f} KB for the page, "
                  f"{transfer.total_bytes / 1024:.1f} KB with the offline copy (limit 40 KB)")  # fmt: skip
            for row in transfer.rows:
                print(f"     {row.transferred:>6} B  {row.dest or '-':<14} {row.path}")
            paint = first_paint_ratio(browser, server, repetitions=9)
            print(f"   first contentful paint: /pause/ {paint.pause_ms:.0f} ms, static page {paint.static_ms:.0f} ms, "
                  f"ratio {paint.ratio:.2f} (limit 1.5, medians of 9)")  # fmt: skip
            context = browser.new_context()
            page = context.new_page()
            page.clock.install()
            page.goto(server.url + "/pause/")
            fake = measure_drift(page, 600, lambda s: page.clock.run_for(int(s * 1000) + 1000), (4, 6, 0))
            print(f"   drift, 10 simulated minutes at 4/6: {fake.phases} phases, worst {fake.worst_ms:.1f} ms "
                  f"(limit 50 ms), phases in order: {fake.names_match}")  # fmt: skip
            page.close()
            page = context.new_page()
            page.clock.install()
            page.goto(server.url + "/pause/")
            add_timer_lateness(page, max_ms=44)
            late = measure_drift(page, 600, lambda s: page.clock.run_for(int(s * 1000) + 1000), (4, 6, 0))
            print(f"   drift, same with every timer up to 44 ms late: {late.phases} phases, worst {late.worst_ms:.1f} ms "
                  f"(limit 50 ms), phases in order: {late.names_match}")  # fmt: skip
            page.close()
            page = context.new_page()
            page.goto(server.url + "/pause/")
            real = measure_drift(page, 30, lambda s: time.sleep(s + 0.5), (2, 2, 0))
            print(f"   drift, 30 real seconds at 2/2: {real.phases} phases, worst {real.worst_ms:.1f} ms, "
                  f"phases in order: {real.names_match}")  # fmt: skip
            context.close()
    finally:
        server.stop()
