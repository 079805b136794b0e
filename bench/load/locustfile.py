"""Mixed load on the running product: buyers browse, search, fill carts and check out; sellers
update stock and prices. Driven headless by bench/load_bench.py, which writes bench/load/plan.json
(the ids and accounts to use) before it starts locust."""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())
ADDRESS = {"name": "Last Test", "street": "Lastweg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_buyers = itertools.cycle(PLAN["buyers"])
_sellers = itertools.cycle(PLAN["sellers"])


class SessionUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    account: dict

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "de"
        response = self.client.post(
            "/api/accounts/login/",
            json={"email": self.account["email"], "password": PLAN["password"]},
            name="POST /api/accounts/login/",
        )
        response.raise_for_status()
        # Session requests must carry the CSRF token Django rotated at login.
        self.client.headers["X-CSRFToken"] = self.client.cookies.get("csrftoken", "")


class Buyer(SessionUser):
    weight = 4

    def on_start(self) -> None:
        self.account = next(_buyers)
        super().on_start()

    @task(4)
    def browse(self) -> None:
        self.client.get("/", name="GET / (home)")
        self.client.get(f"/p/{random.choice(PLAN['products'])}/", name="GET /p/<id>/ (product page)")

    @task(3)
    def search(self) -> None:
        term = random.choice(PLAN["terms"])
        self.client.get(f"/api/search/products/?q={term}", name="GET /api/search/products/")
        self.client.get(f"/search/?q={term}", name="GET /search/ (page)")

    @task(1)
    def buy(self) -> None:
        offer = random.choice(PLAN["offers"])
        self.client.post("/api/cart/items/", json={"offer": offer, "quantity": 1}, name="POST /api/cart/items/")
        self.client.get("/api/cart/", name="GET /api/cart/")
        self.client.post(
            "/api/checkout/",
            json={"payment_method": "invoice", "shipping_address": ADDRESS},
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="POST /api/checkout/",
        )


class Seller(SessionUser):
    weight = 1

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
        self.client.get("/api/seller/offers/", name="GET /api/seller/offers/")
