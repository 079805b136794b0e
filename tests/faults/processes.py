"""Real processes for the fault tests: a private Redis, Celery worker and beat processes that can
be killed with SIGKILL, and a real SMTP server that can hold a message mid-delivery."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import services  # noqa: E402  (scripts/services.py: starts real local services)


def wait_for(condition, *, timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        if process is not None:
            assert process.poll() is None, f"the process died while waiting for {what}"
        time.sleep(0.2)


class MailServer:
    """A real SMTP server (aiosmtpd) that keeps what it accepted.

    ``hold_after(n)``: the message after the n-th is held inside DATA, before the server says
    "250 accepted"; ``release()`` then refuses it (421). A client killed while held has sent
    nothing that counts, as with a real mail server."""

    def __init__(self) -> None:
        self.accepted: list[tuple[str, str]] = []  # (recipient, subject)
        self.holding = threading.Event()
        self._release = threading.Event()
        self._hold_after: int | None = None
        self._controller = Controller(self, hostname="127.0.0.1", port=services.free_port())

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._controller.stop()

    @property
    def port(self) -> int:
        return self._controller.port

    def hold_after(self, count: int) -> None:
        self._hold_after = count

    def release(self) -> None:
        self._hold_after = None
        self._release.set()

    async def handle_DATA(self, server, session, envelope):
        if self._hold_after is not None and len(self.accepted) >= self._hold_after:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self._release.wait, 120)
            return "421 Service not available, closing channel"
        subject = str(make_header(decode_header(message_from_bytes(envelope.content).get("Subject", ""))))
        for recipient in envelope.rcpt_tos:
            self.accepted.append((recipient, subject))
        return "250 Message accepted for delivery"


def database_url() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def worker_env(*, redis_url: str, mail: MailServer | None = None, **extra: str) -> dict[str, str]:
    """Environment of a worker that uses this test's database and the given broker."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "OUTBOX_DELIVERY": "celery",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        **extra,
    }
    if mail is not None:
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail.port),
        )
    return env


def celery(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """``celery -A marketplace <command>`` in its own process group (so SIGKILL takes it whole)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", *command, "--loglevel=WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )


def worker(env: dict[str, str]) -> subprocess.Popen:
    return celery(["worker", "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle"], env)


def beat(env: dict[str, str], schedule: Path) -> subprocess.Popen:
    return celery(["beat", "--schedule", str(schedule)], env)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: no shutdown handler runs, nothing is acknowledged or cleaned up."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill(process)


@contextmanager
def publishing_to(redis_url: str):
    """Make this (test) process queue tasks on ``redis_url`` as the web processes do."""
    from marketplace.celery import app

    saved = (settings.OUTBOX_DELIVERY, app.conf.broker_url, app.conf.task_always_eager)
    settings.OUTBOX_DELIVERY = "celery"
    app.conf.broker_url, app.conf.task_always_eager = redis_url, False
    app.conf.broker_connection_timeout = 1
    _reset_connections(app)
    try:
        yield app
    finally:
        settings.OUTBOX_DELIVERY = saved[0]
        app.conf.broker_url, app.conf.task_always_eager = saved[1], saved[2]
        _reset_connections(app)


def _reset_connections(app) -> None:
    # Celery keeps a producer pool per app, and kombu a global registry of pools; reset both so
    # the next publish connects to the new URL (closing only ours would leave a closed pool in
    # kombu's registry for the next test to acquire).
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
