"""A fault-injecting HTTP proxy in front of the real stripe-mock.

stripe-mock answers every well-formed request with success; Stripe itself sometimes fails with
a 500, rate-limits with a 429, times out, or drops the connection after it has acted. The proxy
forwards to stripe-mock and, for requests matching a scripted rule, answers with such a fault
instead (or after forwarding). It records every request it saw with its Idempotency-Key, which
is what the fault tests assert on: a retry must carry the key of the first attempt.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What a rule does with a matching request:
ERROR_500 = "500"  # Stripe failed before acting (not forwarded); asks for a retry
RATE_LIMIT = "429"  # rate limited (not forwarded), no retry advice, as Stripe answers
DROP_AFTER = "drop_after"  # forwarded (Stripe acted), then the connection drops without an answer
DELAY = "delay"  # forwarded after ``seconds``: longer than the client's timeout is a timeout
HOLD = "hold"  # not forwarded until released, then dropped: a request in flight when its caller dies


@dataclass
class Rule:
    method: str
    path: str  # prefix of the request path, e.g. "/v1/transfers"
    action: str
    times: int = 1  # how many matching requests this rule takes
    seconds: float = 0.0
    skip: int = 0  # let this many matching requests pass first


@dataclass
class Seen:
    method: str
    path: str
    idempotency_key: str
    outcome: str  # "forwarded", or the action of the rule that took it
    status: int = 0  # stripe-mock's status when forwarded


@dataclass
class StripeFaultProxy:
    upstream: str  # stripe-mock's base URL
    rules: list[Rule] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.holding = threading.Event()  # a HOLD rule has taken a request
        self.released = threading.Event()
        upstream = urlsplit(self.upstream)
        self._upstream = (upstream.hostname, upstream.port)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                proxy._handle(self)

            do_POST = do_DELETE = do_GET

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()

    def add(self, rule: Rule) -> None:
        with self._lock:
            self.rules.append(rule)

    def keys(self, method: str, path: str, outcome: str | None = None) -> list[str]:
        """Idempotency keys of the requests seen (in order), optionally with one outcome."""
        with self._lock:
            return [
                s.idempotency_key
                for s in self.seen
                if s.method == method and s.path.startswith(path) and (outcome is None or s.outcome == outcome)
            ]

    def _take(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.method == method and path.startswith(rule.path) and rule.times > 0:
                    if rule.skip:
                        rule.skip -= 1
                        return None
                    rule.times -= 1
                    return rule
        return None

    def _record(self, request, outcome: str) -> Seen:
        seen = Seen(request.command, request.path, request.headers.get("Idempotency-Key", ""), outcome)
        with self._lock:
            self.seen.append(seen)
        return seen

    def _forward(self, request, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=30)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "connection")}
        connection.request(request.command, request.path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return (
            response.status,
            [
                (k, v)
                for k, v in response.getheaders()
                if k.lower() not in ("connection", "transfer-encoding", "content-length")
            ],
            data,
        )

    @staticmethod
    def _answer(request, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
        request.send_response(status)
        for key, value in headers:
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _drop(request) -> None:
        request.close_connection = True
        request.connection.shutdown(2)

    def _handle(self, request) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        rule = self._take(request.command, request.path)
        action = rule.action if rule else None
        seen = self._record(request, action or "forwarded")  # on arrival: a delayed request counts at once
        try:
            if action == ERROR_500:
                error = b'{"error": {"type": "api_error", "message": "Injected server error"}}'
                return self._answer(
                    request, 500, [("Content-Type", "application/json"), ("Stripe-Should-Retry", "true")], error
                )
            if action == RATE_LIMIT:
                error = b'{"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"}}'
                return self._answer(request, 429, [("Content-Type", "application/json")], error)
            if action == HOLD:
                self.holding.set()
                self.released.wait(120)
                return self._drop(request)
            if action == DELAY:
                time.sleep(rule.seconds)
            status, headers, data = self._forward(request, body)
            seen.status = status
            if action == DROP_AFTER:
                return self._drop(request)
            self._answer(request, status, headers, data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timed out or was killed): that is the fault under test
