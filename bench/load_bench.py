"""Mixed load on the running product, with locust headless on loopback.

Seeds the demo catalog into the throwaway services `make bench-load` starts, runs the product
under gunicorn (production settings, DEBUG off; outbox delivered inline in the web process since
no worker runs here, which is the heavier case), and drives it for a bounded time with buyers
(browse, search, cart, checkout) and sellers (stock updates), then counts the database queries
of each main endpoint in-process. Appends the figures to bench/RESULTS.md, including the lines
``load_rps`` and ``load_error_rate``.

    make bench-load   (BENCH_LOAD_SECONDS=60 BENCH_LOAD_USERS=20 BENCH_LOAD_PRODUCTS=500)
"""

import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "20"))
PRODUCTS = int(os.environ.get("BENCH_LOAD_PRODUCTS", "500"))
PASSWORD = "load-test-password-1"
TERMS = ["helm", "kopfhörer", "kaffee", "jacke", "werkzeug", "notizbuch", "fahrrad", "pfanne", "smartphone", "baustein"]
# The product as production runs it, minus TLS (loopback http) and the per-client rate limits,
# which would otherwise answer this one-address load with 429s by design.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings",
    "DEBUG": "0",
    "ALLOW_INSECURE_SECRET_KEY": "1",
    "OUTBOX_DELIVERY": "inline",
    "CELERY_TASK_ALWAYS_EAGER": "1",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "THROTTLE_SEARCH": "100000/min",
    "THROTTLE_CHECKOUT": "100000/min",
    "THROTTLE_AUTH": "100000/min",
    "DATABASE_CONN_MAX_AGE": "60",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

import services  # noqa: E402  (scripts/services.py)
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from buyers.services import cart_item_add  # noqa: E402
from vendors.models import Offer, VendorMember  # noqa: E402


def seed() -> dict:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", products=PRODUCTS, skip_outbox=True, verbosity=0, stdout=open(os.devnull, "w"))
    call_command("search_reindex", verbosity=0)
    live = Offer.objects.filter(status=Offer.Status.LIVE, vendor__status="approved", product__status="active").order_by(
        "id"
    )
    offers = list(live.values_list("id", "vendor_id", "product_id")[:300])
    Offer.objects.filter(id__in=[o for o, _, _ in offers]).update(stock=1_000_000)  # checkouts never run out
    users = get_user_model().objects
    buyers = []
    for i in range(USERS):
        email = f"load-buyer-{i}@example.test"
        users.filter(username=email).delete()
        users.create_user(email, email, PASSWORD)
        buyers.append({"email": email})
    sellers = []
    for vendor_id in sorted({v for _, v, _ in offers})[:3]:
        owner = VendorMember.objects.filter(vendor_id=vendor_id, role="owner").select_related("user").first().user
        owner.set_password(PASSWORD)
        owner.save(update_fields=["password"])
        sellers.append({"email": owner.username, "offers": [o for o, v, _ in offers if v == vendor_id]})
    return {
        "password": PASSWORD,
        "buyers": buyers,
        "sellers": sellers,
        "terms": TERMS,
        "offers": [o for o, _, _ in offers],
        "products": sorted({p for _, _, p in offers}),
    }


def start_server() -> tuple[subprocess.Popen, str]:
    port = services.free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "marketplace.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env={**os.environ, **SERVER_ENV},
        cwd=ROOT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if services.http_get(f"{url}/robots.txt")[0] == 200:
                return server, url
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        time.sleep(0.5)


def run_locust(url: str, plan_path: Path, out: Path) -> list[dict]:
    prefix = out / "load"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench/load/locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(USERS),
            "-r",
            str(max(1, USERS // 4)),
            "-t",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "LOAD_PLAN": str(plan_path)},
        cwd=ROOT,
        check=False,
    )
    failures = (out / "load_failures.csv").read_text() if (out / "load_failures.csv").exists() else ""
    if failures.count("\n") > 1:
        print("failures:\n" + failures)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def queries_per_request(plan: dict) -> dict[str, int]:
    """Database queries of one request to each main endpoint, counted in-process."""
    buyer = get_user_model().objects.get(username=plan["buyers"][0]["email"])
    seller = get_user_model().objects.get(username=plan["sellers"][0]["email"])
    client, offer, product = (
        Client(HTTP_ACCEPT_LANGUAGE="de", HTTP_HOST="127.0.0.1"),
        plan["offers"][0],
        plan["products"][0],
    )
    counts = {}

    def count(name, call):
        call()  # warm caches (labels, sessions) as a running server has them
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code < 400, (name, response.status_code)
        counts[name] = len(queries)

    count("GET / (home)", lambda: client.get("/"))
    count("GET /p/<id>/ (product page)", lambda: client.get(f"/p/{product}/"))
    count("GET /api/search/products/", lambda: client.get("/api/search/products/?q=helm"))
    client.force_login(buyer)
    count(
        "POST /api/cart/items/",
        lambda: client.post("/api/cart/items/", {"offer": offer, "quantity": 1}, content_type="application/json"),
    )
    count("GET /api/cart/", lambda: client.get("/api/cart/"))

    def checkout():
        cart_item_add(buyer=buyer, offer_id=offer, quantity=1)
        return client.post(
            "/api/checkout/",
            {
                "payment_method": "invoice",
                "shipping_address": {
                    "name": "Q",
                    "street": "Weg 1",
                    "postal_code": "10115",
                    "city": "Berlin",
                    "country": "DE",
                },
            },
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )

    count("POST /api/checkout/", checkout)
    client.force_login(seller)
    seller_offer = plan["sellers"][0]["offers"][0]
    count(
        "PATCH /api/seller/offers/<id>/",
        lambda: client.patch(f"/api/seller/offers/{seller_offer}/", {"stock": 9000}, content_type="application/json"),
    )
    return counts


def main() -> None:
    plan = seed()
    out = Path(tempfile.mkdtemp(prefix="load-"))
    plan_path = out / "plan.json"
    plan_path.write_text(json.dumps(plan))
    server, url = start_server()
    try:
        rows = run_locust(url, plan_path, out)
    finally:
        server.terminate()
        server.wait(timeout=30)
    queries = queries_per_request(plan)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests_, failures = int(total["Request Count"]), int(total["Failure Count"])
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})",
        f"Command: `BENCH_LOAD_SECONDS={SECONDS} BENCH_LOAD_USERS={USERS} BENCH_LOAD_PRODUCTS={PRODUCTS} make bench-load`",
        f"load_rps: {float(total['Requests/s']):.1f}",
        f"load_error_rate: {failures / requests_ if requests_ else 1:.4f}",
        f"load_requests: {requests_} in {SECONDS} s, {USERS} users (4 buyers : 1 seller), p95 all {total['95%']} ms",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | failures | DB queries/request |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | "
            f"{row['Failure Count']} | {queries.get(row['Name'], '')} |"
        )
    block = "\n".join(lines)
    print(block)
    results = ROOT / "bench/RESULTS.md"
    text = results.read_text()
    if "## Load (`make bench-load`)" not in text:
        text += (
            "\n## Load (`make bench-load`)\n\nbench/load_bench.py: gunicorn (2 workers x 4 threads, production settings,"
            " outbox inline) on loopback, locust headless; DB queries per request counted in-process with Django's test"
            " client after one warm-up request.\n"
        )
    results.write_text(text + "\n" + block + "\n")
    if failures:
        raise SystemExit(f"{failures} failed requests: the load test requires an error rate of 0")


if __name__ == "__main__":
    main()
