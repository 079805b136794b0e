"""Task b of issue #18: API keys for sellers' systems (scopes, rotation, revocation, rate limit)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from buyers.services import cart_item_add, checkout_place
from integrations import api_keys
from integrations.models import ApiKey
from integrations.throttles import ApiKeyThrottle
from marketplace.errors import DomainError, NotFound
from marketplace.models import AuditLogEntry
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Alice Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def keyed(secret: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def shop(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    alpha_offer = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Alpha Helm", stock=5)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Beta Helm", stock=5)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=alpha_offer.id, quantity=1)
    order = checkout_place(buyer=buyer, idempotency_key="k-1", payment_method="invoice", shipping_address=ADDRESS)
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "alpha_offer": alpha_offer,
        "beta_offer": beta_offer,
        "part": order.vendor_orders.get(),
    }


def test_offers_write_key_updates_own_offers_only(shop):
    issued = api_keys.api_key_create(
        vendor=shop["alpha"], actor=shop["alpha_owner"], name="ERP", scopes=["offers:write"]
    )
    client = keyed(issued.secret)

    own = client.patch(reverse("seller-offer-detail", args=[shop["alpha_offer"].id]), {"stock": 42}, format="json")
    assert own.status_code == 200, own.content
    shop["alpha_offer"].refresh_from_db()
    assert shop["alpha_offer"].stock == 42
    assert client.get(reverse("seller-offer-list")).json()["results"][0]["id"] == shop["alpha_offer"].id

    orders = client.get(reverse("seller-order-list"))
    assert orders.status_code == 403
    assert "orders:read" in orders.json()["detail"]
    assert client.get(reverse("seller-order-detail", args=[shop["part"].id])).status_code == 403

    foreign = client.patch(reverse("seller-offer-detail", args=[shop["beta_offer"].id]), {"stock": 0}, format="json")
    assert foreign.status_code == 404
    shop["beta_offer"].refresh_from_db()
    assert shop["beta_offer"].stock == 5
    # Another vendor named in X-Vendor is not the key's vendor either.
    assert client.get(reverse("seller-offer-list"), HTTP_X_VENDOR=str(shop["beta_offer"].vendor_id)).status_code == 404

    # Closed to keys whatever the scopes: staff, buyer and operator routes.
    assert client.get(reverse("seller-member-list")).status_code == 403
    assert client.get(reverse("operator-vendor-list")).status_code == 403
    assert client.get(reverse("cart")).status_code == 403


def test_read_scope_reads_but_does_not_write(shop):
    issued = api_keys.api_key_create(vendor=shop["alpha"], actor=shop["alpha_owner"], name="BI", scopes=["orders:read"])
    client = keyed(issued.secret)
    listed = client.get(reverse("seller-order-list"))
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [shop["part"].id]
    accept = client.post(reverse("seller-order-accept", args=[shop["part"].id]))
    assert accept.status_code == 403
    shop["part"].refresh_from_db()
    assert shop["part"].status == "open"


def test_revoked_key_is_refused(shop):
    issued = api_keys.api_key_create(
        vendor=shop["alpha"], actor=shop["alpha_owner"], name="ERP", scopes=["offers:read"]
    )
    client = keyed(issued.secret)
    assert client.get(reverse("seller-offer-list")).status_code == 200
    api_keys.api_key_revoke(vendor=shop["alpha"], actor=shop["alpha_owner"], key_id=issued.key.id)
    refused = client.get(reverse("seller-offer-list"))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    with pytest.raises(DomainError) as raised:
        api_keys.api_key_rotate(vendor=shop["alpha"], actor=shop["alpha_owner"], key_id=issued.key.id)
    assert raised.value.code == "revoked"
    assert AuditLogEntry.objects.filter(action="api_key.revoke", object_id=str(issued.key.id)).exists()


def test_only_a_digest_is_stored_and_a_wrong_secret_is_refused(shop):
    issued = api_keys.api_key_create(
        vendor=shop["alpha"], actor=shop["alpha_owner"], name="ERP", scopes=["offers:read"]
    )
    row = ApiKey.objects.get(id=issued.key.id)
    assert issued.secret.startswith(f"mk_{row.prefix}_")
    assert issued.secret not in {row.secret_hash, row.previous_secret_hash}
    tampered = issued.secret[:-2] + ("AA" if not issued.secret.endswith("AA") else "BB")
    assert keyed(tampered).get(reverse("seller-offer-list")).status_code == 401
    assert keyed("mk_nope_nope").get(reverse("seller-offer-list")).status_code == 401


def test_rotation_keeps_the_old_secret_for_the_grace_period_and_records_last_use(shop, settings):
    settings.API_KEY_ROTATION_GRACE_HOURS = 1
    issued = api_keys.api_key_create(
        vendor=shop["alpha"], actor=shop["alpha_owner"], name="ERP", scopes=["offers:read"]
    )
    assert issued.key.last_used_at is None
    assert keyed(issued.secret).get(reverse("seller-offer-list")).status_code == 200
    issued.key.refresh_from_db()
    assert issued.key.last_used_at is not None

    rotated = api_keys.api_key_rotate(vendor=shop["alpha"], actor=shop["alpha_owner"], key_id=issued.key.id)
    assert rotated.secret != issued.secret
    assert keyed(rotated.secret).get(reverse("seller-offer-list")).status_code == 200
    assert keyed(issued.secret).get(reverse("seller-offer-list")).status_code == 200  # within the grace period
    ApiKey.objects.filter(id=issued.key.id).update(previous_valid_until=timezone.now() - timedelta(seconds=1))
    assert keyed(issued.secret).get(reverse("seller-offer-list")).status_code == 401
    assert keyed(rotated.secret).get(reverse("seller-offer-list")).status_code == 200


def test_each_client_has_its_own_rate_limit(shop, monkeypatch):
    monkeypatch.setattr(ApiKeyThrottle, "THROTTLE_RATES", {"api_key": "3/min"})
    first = api_keys.api_key_create(vendor=shop["alpha"], actor=shop["alpha_owner"], name="A", scopes=["offers:read"])
    second = api_keys.api_key_create(vendor=shop["alpha"], actor=shop["alpha_owner"], name="B", scopes=["offers:read"])
    url = reverse("seller-offer-list")
    answers = [keyed(first.secret).get(url).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert keyed(second.secret).get(url).status_code == 200


def test_bad_input_names_the_field_and_changes_nothing(shop):
    for name, scopes, field in [("", ["offers:read"], "name"), ("X", [], "scopes"), ("X", ["offers:admin"], "scopes")]:
        with pytest.raises(DomainError) as raised:
            api_keys.api_key_create(vendor=shop["alpha"], actor=shop["alpha_owner"], name=name, scopes=scopes)
        assert raised.value.field == field
    assert not ApiKey.objects.exists()


def test_a_vendor_cannot_touch_another_vendors_key(shop):
    beta_vendor = shop["beta_offer"].vendor
    issued = api_keys.api_key_create(
        vendor=shop["alpha"], actor=shop["alpha_owner"], name="ERP", scopes=["offers:read"]
    )
    for action in (api_keys.api_key_revoke, api_keys.api_key_rotate):
        with pytest.raises(NotFound):
            action(vendor=beta_vendor, actor=shop["alpha_owner"], key_id=issued.key.id)
    issued.key.refresh_from_db()
    assert issued.key.is_active and issued.key.rotated_at is None
