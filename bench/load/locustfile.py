"""Load on the running product, driven headless by bench/load_bench.py (which writes the plan: ids,
and the session cookies of accounts it signed in before the measured window).

User classes Browser, Buyer and Seller (the mixed load, by share of users and so of requests):
anonymous visitors browse (60 %: home, product pages) and search (20 %: API and page); signed-in
buyers fill carts (10 %) and check out (5 %); sellers update stock (5 %).
User class BareDjango / BareApi: every user asks for the baseline Django / DRF view (bench/bare.py).
The bench names the classes of each phase on locust's command line.
No think time: each user sends its next request when the last one is answered, so the request
rate is what the server manages at this number of users."""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, constant, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())
ADDRESS = {"name": "Last Test", "street": "Lastweg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_buyers = itertools.cycle(PLAN["buyers"])
_sellers = itertools.cycle(PLAN["sellers"])


class SessionUser(HttpUser):
    """Signed in before the window: the bench created the session, this user only carries it."""

    abstract = True
    wait_time = constant(0)
    account: dict

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "de"
        self.client.cookies.set("sessionid", self.account["sessionid"])
        self.client.cookies.set("csrftoken", self.account["csrftoken"])
        self.client.headers["X-CSRFToken"] = self.account["csrftoken"]


class Browser(HttpUser):
    """Visitors who browse and search without signing in (most of a shop's traffic)."""

    weight = 80
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "de"

    @task(30)
    def home(self) -> None:
        self.client.get("/", name="GET / (home)")

    @task(30)
    def product(self) -> None:
        self.client.get(f"/p/{random.choice(PLAN['products'])}/", name="GET /p/<id>/ (product page)")

    @task(10)
    def search_api(self) -> None:
        self.client.get(f"/api/search/products/?q={random.choice(PLAN['terms'])}", name="GET /api/search/products/")

    @task(10)
    def search_page(self) -> None:
        self.client.get(f"/search/?q={random.choice(PLAN['terms'])}", name="GET /search/ (page)")


class Buyer(SessionUser):
    """Signed-in buyers filling their carts (2 of 3 requests) and checking out (1 of 3)."""

    weight = 15

    def on_start(self) -> None:
        self.account = next(_buyers)
        super().on_start()

    @task(2)
    def cart_add(self) -> None:
        offer = random.choice(PLAN["offers"])
        self.client.post("/api/cart/items/", json={"offer": offer, "quantity": 1}, name="POST /api/cart/items/")

    @task(1)
    def checkout(self) -> None:
        with self.client.post(
            "/api/checkout/",
            json={"payment_method": "invoice", "shipping_address": ADDRESS},
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="POST /api/checkout/",
            catch_response=True,
        ) as response:
            # An empty cart (this account's last checkout took it) is the buyer's state, not an error.
            if response.status_code == 400 and "cart_empty" in response.text:
                response.success()


class Seller(SessionUser):
    weight = 5

    def on_start(self) -> None:
        self.account = next(_sellers)
        super().on_start()

    @task
    def update_offer(self) -> None:
        offer = random.choice(self.account["offers"])
        self.client.patch(
            f"/api/seller/offers/{offer}/",
            json={"stock": random.randint(5_000, 10_000)},
            name="PATCH /api/seller/offers/<id>/",
        )


class BareDjango(HttpUser):
    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get("/bench/bare/", name="GET /bench/bare/ (bare Django view)")


class BareApi(HttpUser):
    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get("/bench/bare-api/", name="GET /bench/bare-api/ (bare DRF view)")
