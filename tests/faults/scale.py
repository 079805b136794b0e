"""Helpers for the scale-out drills: several gunicorn servers on the same services."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import requests
from django.conf import settings

from tests.faults.processes import database_url, kill, services, stop, wait_for

ADDRESS = {"name": "Erika Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


class Web:
    """A gunicorn server (2 workers) of the product, as production runs it behind a balancer."""

    def __init__(self, **env: str) -> None:
        self.port = services.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "marketplace.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env={
                **os.environ,
                "DATABASE_URL": database_url(),
                "REDIS_URL": settings.REDIS_URL,  # the shared cache: sessions, rate limits, pages
                "DJANGO_SETTINGS_MODULE": "marketplace.settings_test",
                "ALLOWED_HOSTS": "127.0.0.1",
                "OPENSEARCH_URL": settings.OPENSEARCH_URL,
                "OPENSEARCH_INDEX_PREFIX": settings.OPENSEARCH_INDEX_PREFIX,
                **env,
            },
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        wait_for(
            lambda: not services.port_is_free(self.port) and services.http_get(f"{self.url}/robots.txt")[0] == 200,
            timeout=90,
            what=f"gunicorn on {self.port}",
            process=self.process,
        )

    def kill(self) -> None:
        kill(self.process)

    def stop(self) -> None:
        stop(self.process)


def checkout_through(servers: list[Web], user, password: str, key: str, seen: list, deadline: float = 120) -> dict:
    """A buyer's client behind a balancer: POST the checkout to the first server, and on a
    connection error or 5xx retry on the next one, always with the same Idempotency-Key."""
    session = requests.Session()
    session.auth = (user.username, password)
    ends = time.monotonic() + deadline
    attempt = 0
    while True:
        server = servers[attempt % len(servers)]
        attempt += 1
        try:
            response = session.post(
                f"{server.url}/api/checkout/",
                json={"payment_method": "invoice", "shipping_address": ADDRESS},
                headers={"Idempotency-Key": key, "Accept-Language": "en"},
                timeout=30,
            )
            if response.status_code in (200, 201):
                return response.json()
            assert response.status_code >= 500, response.text  # only the failing server may refuse
            seen.append(response.status_code)
        except requests.RequestException as exc:
            seen.append(type(exc).__name__)
        assert time.monotonic() < ends, f"checkout {key} never succeeded"
        time.sleep(0.1)
