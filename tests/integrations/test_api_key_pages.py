"""The seller portal's API key page (owners only): create, show once, rotate, revoke."""

import pytest
from django.urls import reverse

from integrations import api_keys
from integrations.models import ApiKey
from tests.conftest import row_counts
from tests.factories import UserFactory, make_vendor
from tests.frontend.test_pages import browser
from tests.integrations.test_api_keys import keyed
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db

FORM = {"name": "ERP", "scope_offers": "write", "scope_orders": "read", "scope_shipments": ""}


@pytest.fixture
def alpha():
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner


def test_owner_creates_a_key_sees_it_once_and_it_works(alpha):
    vendor, owner = alpha
    client = browser(owner)
    empty = client.get("/seller/api-keys/")
    assert empty.status_code == 200
    assert "No API keys yet" in empty.content.decode()

    created = client.post("/seller/api-keys/new/", FORM)
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    key = ApiKey.objects.get(vendor=vendor)
    assert key.scopes == ["offers:write", "orders:read"]
    secret = created.context["issued"].secret
    assert secret in created.content.decode()
    assert secret not in client.get("/seller/api-keys/").content.decode()  # shown once
    assert keyed(secret).get(reverse("seller-order-list")).status_code == 200

    rotated = client.post(f"/seller/api-keys/{key.id}/rotate/")
    assert rotated.status_code == 200
    new_secret = rotated.context["issued"].secret
    assert new_secret != secret and new_secret in rotated.content.decode()

    assert client.post(f"/seller/api-keys/{key.id}/revoke/").status_code == 302
    assert keyed(new_secret).get(reverse("seller-order-list")).status_code == 401
    page = client.get("/seller/api-keys/").content.decode()
    assert "Revoked" in page and f"mk_{key.prefix}_" in page


def test_bad_input_names_the_field_and_changes_nothing(alpha):
    vendor, owner = alpha
    before = row_counts()
    response = browser(owner).post("/seller/api-keys/new/", {"name": "ERP"})
    assert response.status_code == 400
    assert "Choose at least one scope." in response.content.decode()
    assert "id_scope_offers" in response.content.decode()
    response = browser(owner).post("/seller/api-keys/new/", {"name": "", "scope_offers": "read"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert row_counts() == before


@pytest.mark.parametrize("role", ["manager", "fulfilment", "finance"])
def test_only_owners_manage_keys(alpha, role):
    vendor, owner = alpha
    issued = api_keys.api_key_create(vendor=vendor, actor=owner, name="ERP", scopes=["offers:read"])
    member = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=member, role=role)
    client = browser(member)
    assert client.get("/seller/api-keys/").status_code == 403
    assert client.post("/seller/api-keys/new/", FORM).status_code == 403
    assert client.post(f"/seller/api-keys/{issued.key.id}/revoke/").status_code == 403
    issued.key.refresh_from_db()
    assert issued.key.is_active
    assert ApiKey.objects.count() == 1
    assert "/seller/api-keys/" not in client.get("/seller/").content.decode()  # not in the menu either


def test_another_vendors_key_is_missing(alpha):
    vendor, owner = alpha
    issued = api_keys.api_key_create(vendor=vendor, actor=owner, name="ERP", scopes=["offers:read"])
    _other, other_owner = make_vendor(name="Beta")
    client = browser(other_owner)
    assert client.post(f"/seller/api-keys/{issued.key.id}/revoke/").status_code == 404
    assert client.post(f"/seller/api-keys/{issued.key.id}/rotate/").status_code == 404
    issued.key.refresh_from_db()
    assert issued.key.is_active and issued.key.rotated_at is None
