"""Real servers for the integration tests: Apache Jena Fuseki, Virtuoso and Neo4j Community,
each started on a free loopback port at first use and stopped at the end of the session.

Import the fixtures from tests/conftest.py (``from conftest_servers import *``) or from a test
module. A missing server fails the test (never skips) and says to run
``scripts/install_servers.sh``. ``python tests/conftest_servers.py fuseki|virtuoso|neo4j``
starts one by hand and prints its address.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVERS = ROOT / "servers"
INSTALL = (
    "run `bash scripts/install_servers.sh` (installs Virtuoso, Fuseki, Neo4j and the Cypher linter)"
)
FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Managed:
    """A server subprocess with its log file; ``stop()`` ends it (and only it)."""

    def __init__(
        self,
        name: str,
        cmd: list[str],
        workdir: Path,
        env: dict | None = None,
        stdin_pipe: bool = False,
    ) -> None:
        self.name = name
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            cmd,
            cwd=workdir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def wait_ready(self, check: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            with contextlib.suppress(Exception):
                if check():
                    return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {timeout:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(Exception):
                if self.proc.stdin:
                    self.proc.stdin.close()
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()


def _need(path: Path | str, what: str) -> None:
    if not Path(path).exists():
        pytest.fail(f"{what} is missing ({path}): {INSTALL}", pytrace=False)


# -- Fuseki --------------------------------------------------------------------------------


def start_fuseki(workdir: Path) -> tuple[Managed, str]:
    lib = SERVERS / "fuseki" / "lib"
    _need(lib, "Apache Jena Fuseki (servers/fuseki/lib)")
    port = free_port()
    cmd = [
        "java",
        "-Xmx1g",
        "-cp",
        f"{lib}/*",
        FUSEKI_MAIN,
        "--localhost",
        "--port",
        str(port),
        "--ping",
        "--mem",
        "--update",
        "/ds",
    ]
    m = Managed("fuseki", cmd, workdir)
    base = f"http://127.0.0.1:{port}"
    m.wait_ready(lambda: httpx.get(base + "/$/ping", timeout=2).status_code == 200, 90)
    return m, base + "/ds"


# -- Virtuoso ------------------------------------------------------------------------------


def virtuoso_ini(workdir: Path, sql_port: int, http_port: int) -> Path:
    """Our ini, derived from the Debian template: own database folder, loopback ports."""
    _need(VIRTUOSO_INI, "Virtuoso (apt-get install virtuoso-opensource)")
    db = workdir / "db"
    db.mkdir(parents=True, exist_ok=True)
    out, section = [], ""
    for line in VIRTUOSO_INI.read_text().splitlines():
        s = line.strip()
        if s.startswith("["):
            section = s
        key = s.split("=", 1)[0].strip() if "=" in s and not s.startswith(";") else ""
        if key and "/var/lib/virtuoso-opensource-7/db/" in s:
            line = f"{key} = {db / Path(s.split('=', 1)[1].strip()).name}"
        elif section == "[Parameters]" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif section == "[HTTPServer]" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "[HTTPServer]" and key == "ServerRoot":
            line = f"ServerRoot = {workdir}"
        elif section == "[Parameters]" and key == "DirsAllowed":
            line = f"DirsAllowed = ., {workdir}, /usr/share/virtuoso-opensource-7/vad"
        elif section == "[Parameters]" and key in ("NumberOfBuffers", "MaxDirtyBuffers"):
            line = f"{key} = {'20000' if key == 'NumberOfBuffers' else '15000'}"
        out.append(line)
    ini = workdir / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    return ini


def virtuoso_sql(sql_port: int, statement: str) -> str:
    r = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
        raise RuntimeError(f"isql-vt failed on {statement!r}: {r.stdout}{r.stderr}")
    return r.stdout


def start_virtuoso(workdir: Path) -> tuple[Managed, str]:
    _need("/usr/bin/virtuoso-t", "Virtuoso (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    ini = virtuoso_ini(workdir, sql_port, http_port)
    m = Managed("virtuoso", ["virtuoso-t", "+configfile", str(ini), "+foreground"], workdir)
    url = f"http://127.0.0.1:{http_port}/sparql"
    m.wait_ready(
        lambda: httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200, 120
    )
    virtuoso_sql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
    virtuoso_sql(sql_port, 'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";')
    virtuoso_sql(sql_port, 'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";')
    return m, url


# -- Neo4j ---------------------------------------------------------------------------------


def start_neo4j(workdir: Path) -> tuple[Managed, str]:
    jar = SERVERS / "neo4j" / "target" / "ikg-neo4j.jar"
    _need(jar, "the Neo4j launcher (servers/neo4j, built by mvn)")
    port = free_port()
    cmd = [
        "java",
        "-Xmx1g",
        "-cp",
        f"{jar}:{SERVERS / 'neo4j' / 'lib'}/*",
        "ikg.Neo4jLauncher",
        str(port),
        str(workdir / "data"),
    ]
    m = Managed("neo4j", cmd, workdir, stdin_pipe=True)
    m.wait_ready(lambda: "READY" in m.log_tail(), 180)
    return m, f"bolt://127.0.0.1:{port}"


# -- fixtures ------------------------------------------------------------------------------


@contextlib.contextmanager
def running(starter: Callable[[Path], tuple[Managed, str]], name: str) -> Iterator[str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"ikg-{name}-"))
    try:
        try:
            m, address = starter(workdir)
        except RuntimeError as e:
            pytest.fail(f"{name} did not start: {e}\n({INSTALL})", pytrace=False)
        try:
            yield address
        finally:
            m.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def fuseki_url() -> Iterator[str]:
    """``http://127.0.0.1:PORT/ds`` of an in-memory Fuseki dataset with update enabled."""
    with running(start_fuseki, "fuseki") as url:
        yield url


@pytest.fixture(scope="session")
def virtuoso_url() -> Iterator[str]:
    """``http://127.0.0.1:PORT/sparql`` of a fresh Virtuoso with SPARQL_UPDATE granted."""
    with running(start_virtuoso, "virtuoso") as url:
        yield url


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """``bolt://127.0.0.1:PORT`` of a Neo4j Community 5.26 (auth disabled)."""
    with running(start_neo4j, "neo4j") as uri:
        yield uri


if __name__ == "__main__":  # start one server by hand: python tests/conftest_servers.py fuseki
    import sys

    starters = {"fuseki": start_fuseki, "virtuoso": start_virtuoso, "neo4j": start_neo4j}
    wd = Path(tempfile.mkdtemp(prefix=f"ikg-{sys.argv[1]}-"))
    srv, addr = starters[sys.argv[1]](wd)
    print(addr, "log:", srv.log_path, flush=True)
    try:
        while srv.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        srv.stop()
