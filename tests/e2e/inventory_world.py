"""The worlds the page inventory walks: the seeded demo world and an empty one.

"seeded": the demo data of ``manage.py seed_demo`` (categories, vendors with staff, buyers,
listings, in the search index) plus the objects the authorisation matrix builds
(tests/security/world.py: vendor Alpha with a member in every role, buyer Alice with orders, a
return, a claim and its conversation, reviews, a notice, a moderation item, payouts, ...), a
published help article and a survey link.

"empty": an operator, a freshly approved seller and a buyer, and nothing else: every list page
has nothing to show.

Worlds are built in the test database with committed rows (the pages are served by a live
server thread): ``Worlds`` builds them in a thread of its own (its own connection in autocommit,
outside the transaction pytest-django wraps each test in) and flushes the database before
building another world and when the module is done, the way Django's TransactionTestCase does
after each test.
"""

from __future__ import annotations

import io
import os
import threading
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from tests.e2e.inventory import ANON, BUYER, FINANCE, FULFILMENT, MANAGER, OPERATOR, OPERATOR_PENDING, OWNER

DEMO_PRODUCTS = int(os.environ.get("INVENTORY_DEMO_PRODUCTS", "40"))


def _session(user, *, operator: bool = False) -> str:
    from tests.factories import login_operator

    client = Client()
    if operator:
        login_operator(client, user)  # the console needs a verified second factor
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _uid(user) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


def build_seeded() -> SimpleNamespace:
    from buyers.helpcentre.services import help_article_create, help_category_create
    from buyers.surveys.models import Survey
    from buyers.surveys.services import survey_token
    from marketplace.models import Category
    from search.indexing import index_refresh
    from tests.security.world import build_world

    call_command("seed_demo", products=DEMO_PRODUCTS, stdout=io.StringIO())
    world = build_world(Category.objects.get(slug="kopfhoerer"))
    help_category = help_category_create(
        actor=world.operator, slug="bestellung", name_de="Bestellung", name_en="Ordering"
    )
    world.published_article = help_article_create(
        actor=world.operator,
        category_id=help_category.id,
        slug="lieferzeit",
        published=True,
        title_de="Wie lange dauert die Lieferung?",
        title_en="How long does delivery take?",
        body_de="Die meisten Bestellungen kommen in zwei bis drei Werktagen an.",
        body_en="Most orders arrive within two to three working days.",
    )
    # Legal texts: two AGB versions (the first is an earlier version), an Impressum.
    from marketplace.legal import legal_text_save

    world.old_terms = legal_text_save(
        actor=world.operator,
        kind="terms",
        body_de="Geltung\n\nDiese AGB gelten.",
        body_en="Scope\n\nThese terms apply.",
        publish=True,
    )
    legal_text_save(
        actor=world.operator,
        kind="terms",
        body_de="Geltung\n\nDiese AGB gelten neu.",
        body_en="Scope\n\nNew terms apply.",
        publish=True,
    )
    legal_text_save(
        actor=world.operator,
        kind="imprint",
        body_de="Anbieter\nMarktplatz GmbH",
        body_en="Provider\nMarktplatz GmbH",
        publish=True,
    )
    survey = Survey.objects.create(vendor_order=world.delivered_part, vendor=world.alpha.vendor, buyer=world.alice)
    world.survey_token = survey_token(survey=survey)
    world.alice_uid = _uid(world.alice)
    # A delivered part with nothing attached yet: its review, rating and contact forms are pages.
    from buyers.services import cart_item_add, checkout_place
    from tests.security.world import ADDRESS
    from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

    world.fresh_order = _delivered_order(
        world, cart_item_add, checkout_place, ADDRESS, vendor_order_ship, vendor_order_mark_delivered
    )
    world.fresh_part = world.fresh_order.vendor_orders.get()
    world.guest_token = _guest_order_token(world)
    index_refresh()
    world.sessions = {
        ANON: None,
        BUYER: _session(world.alice),
        OWNER: _session(world.alpha.owner),
        MANAGER: _session(world.alpha.members["manager"]),
        FULFILMENT: _session(world.alpha.members["fulfilment"]),
        FINANCE: _session(world.alpha.members["finance"]),
        OPERATOR: _session(world.operator, operator=True),
        OPERATOR_PENDING: _session(world.operator),
    }
    return world


def _delivered_order(world, cart_item_add, checkout_place, address, ship, delivered):
    """Alice buys Alpha's offer again (her cart item stays as it was) and Alpha delivers it."""
    from buyers.models import CartItem

    kept = list(CartItem.objects.filter(cart__buyer=world.alice).values_list("offer_id", "quantity"))
    CartItem.objects.filter(cart__buyer=world.alice).delete()
    cart_item_add(buyer=world.alice, offer_id=world.alpha.offer.id, quantity=1)
    order = checkout_place(
        buyer=world.alice, idempotency_key="inventory-fresh", payment_method="invoice", shipping_address=address
    )
    part = order.vendor_orders.get()
    ship(
        vendor=world.alpha.vendor,
        actor=world.alpha.owner,
        vendor_order_id=part.id,
        carrier="dhl",
        tracking_number="003404341112",
    )
    delivered(vendor=world.alpha.vendor, actor=world.alpha.owner, vendor_order_id=part.id)
    for offer_id, quantity in kept:
        world.cart_item = cart_item_add(buyer=world.alice, offer_id=offer_id, quantity=quantity)
    return order


def _guest_order_token(world) -> str:
    """A guest buys Alpha's offer by invoice: the signed link of its order page."""
    from buyers import guests
    from tests.security.world import ADDRESS

    session = {}
    guests.guest_cart_item_add(session=session, offer_id=world.alpha.offer.id, quantity=1)
    order = guests.guest_checkout_place(
        guest=guests.guest_get(session=session),
        email="gast@example.test",
        idempotency_key="inventory-guest",
        payment_method="invoice",
        shipping_address=ADDRESS,
    )
    return guests.guest_order_token(order=order)


def build_empty() -> SimpleNamespace:
    from tests.factories import UserFactory, make_operator, make_vendor

    operator = make_operator()
    vendor, owner = make_vendor(name="Neuladen", operator=operator)
    buyer = UserFactory()
    world = SimpleNamespace(operator=operator, vendor=vendor, owner=owner, buyer=buyer)
    world.sessions = {
        ANON: None,
        BUYER: _session(buyer),
        OWNER: _session(owner),
        OPERATOR: _session(operator, operator=True),
    }
    return world


BUILDERS = {"seeded": build_seeded, "empty": build_empty}


class Worlds:
    """One world at a time in the test database; asking for another flushes and builds it."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.world = None
        self.prefix = f"test-inventory-{uuid.uuid4().hex[:8]}"
        self._search = override_settings(OPENSEARCH_INDEX_PREFIX=self.prefix)
        self._search.enable()

    def get(self, kind: str):
        if self.kind != kind:
            self.clear()
            self.world = _in_thread(BUILDERS[kind])
            self.kind = kind
        return self.world

    def clear(self) -> None:
        if self.kind is not None:
            _in_thread(self._flush)
        self.kind = self.world = None

    def _flush(self) -> None:
        from search.engine import client as search_client

        call_command("flush", interactive=False, verbosity=0)
        engine = search_client()
        for name in engine.indices.get(index=f"{self.prefix}-*", ignore_unavailable=True, allow_no_indices=True):
            engine.indices.delete(index=name)

    def close(self) -> None:
        self.clear()
        self._search.disable()


def _in_thread(work):
    """``work()`` in a new thread (its own database connection, committed as it goes)."""
    from django.db import connections

    result, errors = [], []

    def run():
        try:
            result.append(work())
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="inventory-world")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0] if result else None
