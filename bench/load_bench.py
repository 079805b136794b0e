"""Mixed load on the running product, with locust headless on loopback, against baselines.

Seeds the demo catalog into the throwaway services `make bench-load` starts and runs the product
under gunicorn (production settings with the shared Redis cache, DEBUG off) with a Celery worker
for the outbox (mail, documents, indexing after commit; BENCH_LOAD_OUTBOX=inline runs them in the
web process instead, the heavier case). Every account
is signed in before the measured window (the bench creates their sessions), so the window
measures the product, not password hashing. Three phases on the same server, same settings,
same number of users, no think time:

1. the mixed load (anonymous browse 60 % and search 20 %; signed-in cart 10 %, checkout 5 %;
   seller updates 5 %);
2. the bare Django view of bench/bare.py; 3. the bare DRF view of bench/bare.py.

``load_rps_ratio_vs_bare`` = mixed requests/s / bare Django requests/s. Then, in this process,
the CPU per request of the anonymous home, product and search pages (cache warm) against the bare
view (``page_cpu_ratio_*``), and the database queries of each main endpoint. Appends the figures
with the command, date and `uptime` to bench/RESULTS.md. Runs again on the same database.

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
    "DJANGO_SETTINGS_MODULE": "bench.settings_load",
    "DEBUG": "0",
    "ALLOW_INSECURE_SECRET_KEY": "1",
    # "celery" (default): as production, a Celery worker (started here) sends mail, renders documents
    # and indexes after commit; "inline": all of it in the web process after commit (heavier).
    "OUTBOX_DELIVERY": os.environ.get("BENCH_LOAD_OUTBOX", "celery"),
    "CELERY_TASK_ALWAYS_EAGER": "1" if os.environ.get("BENCH_LOAD_OUTBOX", "celery") == "inline" else "0",
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

from bench.common import RUN, machine_load  # noqa: E402
from buyers.services import cart_item_add  # noqa: E402
from vendors.models import Offer, VendorMember  # noqa: E402


def signed_in(user) -> dict:
    """A session for ``user`` made here, before the window (the server shares the database and the
    cache), and a CSRF secret for the cookie and the X-CSRFToken header."""
    from django.middleware.csrf import _get_new_csrf_string

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}


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
        email = f"load-buyer-{RUN}-{i}@example.test"  # new accounts in every run
        buyers.append({"email": email, **signed_in(users.create_user(email, email, PASSWORD))})
    sellers = []
    for vendor_id in sorted({v for _, v, _ in offers})[:3]:
        owner = VendorMember.objects.filter(vendor_id=vendor_id, role="owner").select_related("user").first().user
        sellers.append(
            {"email": owner.username, "offers": [o for o, v, _ in offers if v == vendor_id], **signed_in(owner)}
        )
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


def run_locust(url: str, plan_path: Path, out: Path, phase: str, classes: list[str], seconds: int) -> list[dict]:
    prefix = out / phase
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
            str(USERS),  # all users at once: the window measures the steady state
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
            *classes,
        ],
        env={**os.environ, "LOAD_PLAN": str(plan_path)},
        cwd=ROOT,
        check=False,
    )
    failures_csv = out / f"{phase}_failures.csv"
    failures = failures_csv.read_text() if failures_csv.exists() else ""
    if failures.count("\n") > 1:
        print(f"failures ({phase}):\n" + failures)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


PAGE_CPU_REQUESTS = int(os.environ.get("BENCH_PAGE_CPU_REQUESTS", "200"))


def page_cpu(plan: dict) -> dict[str, float]:
    """CPU seconds of this process per request (time.process_time), anonymous, cache warm: the
    storefront pages against the bare Django view, through the same middleware and settings."""
    client = Client(HTTP_ACCEPT_LANGUAGE="de", HTTP_HOST="127.0.0.1")
    product = plan["products"][0]
    paths = {"bare": "/bench/bare/", "home": "/", "product": f"/p/{product}/", "search": "/search/?q=helm"}
    cpu = {}
    for name, path in paths.items():
        for _ in range(3):  # warm: caches filled, templates compiled
            assert client.get(path).status_code == 200, path
        t0 = time.process_time()
        for _ in range(PAGE_CPU_REQUESTS):
            client.get(path)
        cpu[name] = (time.process_time() - t0) / PAGE_CPU_REQUESTS
    return cpu


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


def aggregated(rows: list[dict]) -> dict:
    return next(r for r in rows if r["Name"] == "Aggregated")


def main() -> None:
    load_start = machine_load()
    plan = seed()
    out = Path(tempfile.mkdtemp(prefix="load-"))
    plan_path = out / "plan.json"
    plan_path.write_text(json.dumps(plan))
    bare_seconds = int(os.environ.get("BENCH_LOAD_BARE_SECONDS", str(max(20, SECONDS // 2))))
    server, url = start_server()
    worker = None
    if SERVER_ENV["OUTBOX_DELIVERY"] == "celery":
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo", "--loglevel=WARNING"],
            env={**os.environ, **SERVER_ENV},
            cwd=ROOT,
            start_new_session=True,
        )
    try:
        rows = run_locust(url, plan_path, out, "mixed", ["Browser", "Buyer", "Seller"], SECONDS)
        bare = aggregated(run_locust(url, plan_path, out, "bare", ["BareDjango"], bare_seconds))
        bare_api = aggregated(run_locust(url, plan_path, out, "bare_api", ["BareApi"], bare_seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
    load_end = machine_load()
    cpu = page_cpu(plan)
    queries = queries_per_request(plan)
    total = aggregated(rows)
    requests_, failures = int(total["Request Count"]), int(total["Failure Count"])
    rps, bare_rps, bare_api_rps = float(total["Requests/s"]), float(bare["Requests/s"]), float(bare_api["Requests/s"])
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})",
        f"Command: `BENCH_LOAD_SECONDS={SECONDS} BENCH_LOAD_USERS={USERS} BENCH_LOAD_PRODUCTS={PRODUCTS} make bench-load`"
        f" (run {RUN}; bare phases {bare_seconds} s each; outbox {SERVER_ENV['OUTBOX_DELIVERY']})",
        f"`uptime` before: {load_start}; after the load phases: {load_end}",
        f"load_rps: {rps:.1f}",
        f"load_rps_bare_django: {bare_rps:.1f}",
        f"load_rps_bare_drf: {bare_api_rps:.1f}",
        f"load_rps_ratio_vs_bare: {rps / bare_rps if bare_rps else 0:.2f}",
        f"load_rps_ratio_drf_vs_bare: {bare_api_rps / bare_rps if bare_rps else 0:.2f}",
        f"load_p95_ms: {total['95%']}",
        f"load_p95_ms_bare_django: {bare['95%']}",
        f"load_error_rate: {failures / requests_ if requests_ else 1:.4f}",
        f"page_cpu_ms_bare: {cpu['bare'] * 1000:.2f}",
        *(
            f"page_cpu_ratio_{name}: {cpu[name] / cpu['bare']:.1f}  ({cpu[name] * 1000:.2f} ms)"
            for name in ("home", "product", "search")
        ),
        f"load_requests: {requests_} in {SECONDS} s, {USERS} users (80 % anonymous visitors, 15 % signed-in buyers, 5 % sellers), no think time",
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
        text += "\n## Load (`make bench-load`)\n"
    results.write_text(text + "\n" + block + "\n")
    if failures:
        raise SystemExit(f"{failures} failed requests: the load test requires an error rate of 0")


if __name__ == "__main__":
    main()
