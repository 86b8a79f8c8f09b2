"""Browser fixtures: the app served by `streamlit run app.py` on a free loopback port, over a
copy of the samples store, and Debian's chromium driven by Playwright.

Every wait is on state, never on a fixed pause: the server is ready when its health endpoint
answers and the app page renders; a script run is over when the app's websocket delivers the
run's ``script_finished`` message (counted by :class:`AppRuns`); the page content is checked
with Playwright's auto-retrying ``expect``. A failing test leaves a screenshot and the page's
HTML in ``test-artifacts/e2e-failures/`` (the path is printed in the test report).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("IKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
FAILURES = PROJECT_ROOT / "test-artifacts" / "e2e-failures"
TIMEOUT_MS = 90_000  # generous: a loaded 2-core CI machine runs the 1st search in ~20 s
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    """Return when /_stcore/health answers 200; fail naming the log if the server dies/hangs."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit not healthy after {START_TIMEOUT_S:.0f} s; see {log}")
        time.sleep(0.2)  # polling interval of a state check, not a pause standing in for one


def _stop(proc: subprocess.Popen, port: int) -> None:
    """Terminate the server and wait until the process is gone and its port is closed."""
    proc.terminate()
    try:
        proc.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(STOP_TIMEOUT_S)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while _port_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"port {port} still open after streamlit exited")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def app_url(samples_store, tmp_path_factory) -> Iterator[str]:
    """Start the app on the samples (a copy: the journeys save shortlists) and stop it after."""
    store = tmp_path_factory.mktemp("e2e") / "store"
    shutil.copytree(samples_store.path, store, ignore=shutil.ignore_patterns("ikg.lock"))
    port = _free_port()
    env = dict(os.environ, IKG_STORE=str(store), PYTHONUNBUFFERED="1")
    log_path = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py")]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(proc, url, log_path)
            print(f"\nstreamlit on {url}, log {log_path}")
            yield url
        finally:
            _stop(proc, port)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/install.sh --test "
            "(apt-get install -y chromium fonts-noto-cjk)"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _script_finished(payload: Any) -> bool:
    """True for the websocket frame that ends a successful script run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if not isinstance(payload, bytes | bytearray):
        return False
    try:
        msg = ForwardMsg.FromString(bytes(payload))
    except Exception:  # noqa: BLE001 - not a ForwardMsg: not the frame we wait for
        return False
    return (
        msg.WhichOneof("type") == "script_finished"
        and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    )


def type_until_option(page, field, typed: str, option_name: str) -> None:
    """Type ``typed`` into a select's input until its list shows exactly ``option_name``.

    A Streamlit select's dropdown closes (dropping the typed text) when the element re-renders
    under the typing; seen on a loaded CI machine. So the typing is repeated, each time waiting
    on the option list, until the overall timeout.
    """
    from playwright.sync_api import expect

    option = page.get_by_role("option", name=option_name)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        field.click()
        field.fill(typed)
        try:
            expect(option).to_have_count(1, timeout=15_000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.keyboard.press("Escape")  # close whatever is open, then type again


def choose_option(
    page, runs: AppRuns, field, typed: str, option_name: str, chosen: Callable[[], Any], what: str
) -> None:
    """Type ``typed`` until ``option_name`` shows, press Enter, and return once the app's run
    for the choice has finished. Enter is pressed again (after typing again) until ``chosen()``
    passes (an ``expect`` of the multiselect's chip or the selectbox's value, with a timeout):
    the list can re-render between the option showing and the key, and then Enter chooses
    nothing and starts no run (seen once in eight runs on a loaded machine).
    """
    before = runs.finished
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        type_until_option(page, field, typed, option_name)
        field.press("Enter")
        try:
            chosen()
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.keyboard.press("Escape")
    runs.wait_for(before + 1, what)


class AppRuns:
    """Counts the app's completed script runs, read from the page's Streamlit websocket.

    ``act(fn)`` runs an action that triggers a rerun and returns once that rerun has finished;
    ``open(url)`` loads a page and returns once its first run has finished.
    """

    def __init__(self, page) -> None:
        self.page = page
        self.finished = 0
        self.sockets: list = []
        page.on("websocket", self._on_socket)

    def _on_socket(self, ws) -> None:
        self.sockets.append(ws)
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: Any) -> None:
        if _script_finished(payload):
            self.finished += 1

    def wait_for(self, count: int, what: str) -> None:
        """Block (processing browser events) until ``count`` runs have finished."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.finished < count:
            left_ms = (deadline - time.monotonic()) * 1000
            if left_ms <= 0:
                raise AssertionError(
                    f"the app run after {what} did not finish within {TIMEOUT_MS / 1000:.0f} s"
                )
            if self.sockets and not self.sockets[-1].is_closed():
                # returns on the next frame of any kind; the loop re-checks the count
                with contextlib.suppress(Exception):  # timeout/closed: re-checked by the loop
                    self.sockets[-1].wait_for_event("framereceived", timeout=left_ms)
            else:  # no socket yet: let playwright deliver the websocket event
                self.page.wait_for_event("websocket", timeout=left_ms)

    def act(self, action: Callable[[], Any], what: str = "the action") -> None:
        before = self.finished
        action()
        self.wait_for(before + 1, what)

    def idle(self) -> None:
        """Wait until the app runs no script (a run started by the last action has ended)."""
        from playwright.sync_api import expect

        expect(self.page.locator('[data-testid="stApp"]')).to_have_attribute(
            "data-test-script-state", "notRunning"
        )

    def open(self, url: str) -> None:

        self.sockets.clear()
        before = self.finished
        self.page.goto(url)
        self.wait_for(before + 1, f"opening {url}")
        self.idle()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can see a failed test body."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


def _save_failure(page, name: str) -> list[Path]:
    FAILURES.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", name)
    saved = []
    try:
        png = FAILURES / f"{stem}.png"
        page.screenshot(path=str(png), full_page=True, timeout=30_000)
        saved.append(png)
    except Exception as e:  # noqa: BLE001 - a dead page still gets its HTML saved below
        print(f"screenshot failed: {e}")
    try:
        html = FAILURES / f"{stem}.html"
        html.write_text(page.content(), encoding="utf-8")
        saved.append(html)
    except Exception as e:  # noqa: BLE001
        print(f"page HTML not saved: {e}")
    return saved


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="en-US"
    )
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        for path in _save_failure(pg, request.node.name):
            print(f"e2e failure artifact: {path}")
            request.node.user_properties.append(("artifact", str(path)))
    ctx.close()


@pytest.fixture
def runs(page) -> AppRuns:
    """The page's script-run counter: ``runs.open(url)``, ``runs.act(fn, what)``."""
    return AppRuns(page)


def pytest_terminal_summary(terminalreporter) -> None:
    if FAILURES.exists() and any(FAILURES.iterdir()):
        terminalreporter.write_line(
            f"e2e failure screenshots and page HTML (if any failed in this run): {FAILURES}"
        )


@pytest.fixture(scope="session", autouse=True)
def _clean_failures() -> None:
    """Failure artifacts of an earlier run would be mistaken for this run's."""
    shutil.rmtree(FAILURES, ignore_errors=True)


@pytest.fixture
def shot():
    """shot(page, name): a full-page screenshot in test-artifacts/screenshots/NAME.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.evaluate("document.fonts.ready.then(() => true)")  # CJK fonts loaded
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
