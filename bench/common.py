"""What every benchmark shares: a run id, so a bench can run again on the same database.

Each run names what it creates (category slugs, vendors, users, order numbers) with ``RUN``, and
moves the test factories' sequences past anything an earlier run created (their usernames and
slugs count from 0 in every new process).
"""

from __future__ import annotations

import os
import subprocess
import time

RUN = os.environ.get("BENCH_RUN") or f"{int(time.time() * 1000):x}"
os.environ["BENCH_RUN"] = RUN  # processes a bench starts share it
RUN_OFFSET = int(RUN, 16) % 10**9 * 1000 if all(c in "0123456789abcdef" for c in RUN) else int(time.time()) * 1000


def fresh_factories() -> None:
    """Start the factories' sequences at this run's offset (call after django.setup())."""
    from tests.factories import CategoryFactory, UserFactory

    UserFactory.reset_sequence(RUN_OFFSET)
    CategoryFactory.reset_sequence(RUN_OFFSET)


def machine_load() -> str:
    """`uptime` as it reads now (load average of the shared machine), for the results."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "uptime unavailable"
