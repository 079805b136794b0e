"""Staff: invitations (single use, expiry, the invited account only), roles and removal (never
the last owner), several memberships, the role x action matrix, and isolation between vendors."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.models import AuditLogEntry
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors import services
from vendors.models import VendorDocument, VendorInvitation, VendorMember
from vendors.roles import ALL_PERMISSIONS, ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db
Role = VendorMember.Role
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def invite(owner_api, email, role, django_capture_on_commit_callbacks):
    """Invite through the API; returns (response, token from the mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_api.post("/api/seller/staff/invitations/", {"email": email, "role": role}, format="json")
    if response.status_code != 201:
        return response, None
    body = mail.outbox[-1].body
    token = re.search(r"^([A-Za-z0-9_-]{40,})$", body, re.M).group(1)
    return response, token


def granted(user, vendor) -> set[str]:
    # A fresh user object: guardian caches permissions per instance.
    fresh = type(user).objects.get(pk=user.pk)
    return {p for p in ALL_PERMISSIONS if fresh.has_perm(f"vendors.{p}", vendor)}


def test_invitation_is_mailed_accepted_once_and_grants_the_role(django_capture_on_commit_callbacks):
    vendor, owner = make_vendor(name="Team")
    invitee = UserFactory(email="lager@example.test", username="lager@example.test")
    response, token = invite(client_for(owner), "Lager@Example.test", "fulfilment", django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.data
    assert "token" not in response.data  # only the invitee gets it, by mail
    assert mail.outbox[-1].to == ["Lager@example.test"]
    assert f"{settings.SITE_URL}/seller/invitations/accept/?token={token}" in mail.outbox[-1].body  # the page's link
    invitation = VendorInvitation.objects.get(id=response.data["id"])
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64

    response = client_for(invitee).post("/api/seller/invitations/accept/", {"token": token}, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["vendor_id"], response.data["role"]) == (vendor.id, "fulfilment")
    assert granted(invitee, vendor) == {"fulfil_orders"}
    assert AuditLogEntry.objects.filter(action="vendor.invitation_accepted", actor=invitee).exists()

    # Single use.
    before = row_counts()
    response = client_for(invitee).post("/api/seller/invitations/accept/", {"token": token}, format="json")
    assert response.status_code == 409 and "already used" in response.data["token"][0]
    assert row_counts() == before


def test_invitation_works_only_for_the_invited_address(django_capture_on_commit_callbacks):
    vendor, owner = make_vendor(name="Adresse")
    _, token = invite(client_for(owner), "richtig@example.test", "manager", django_capture_on_commit_callbacks)
    stranger = UserFactory()
    before = row_counts()
    response = client_for(stranger).post("/api/seller/invitations/accept/", {"token": token}, format="json")
    assert response.status_code == 403 and "another e-mail address" in response.data["detail"]
    assert row_counts() == before
    assert granted(stranger, vendor) == set()


def test_expired_withdrawn_replaced_and_unknown_tokens_are_refused(django_capture_on_commit_callbacks):
    vendor, owner = make_vendor(name="Ablauf")
    owner_api = client_for(owner)
    invitee = UserFactory(email="neu@example.test", username="neu@example.test")
    invitee_api = client_for(invitee)

    def accept(token):
        before = row_counts()
        response = invitee_api.post("/api/seller/invitations/accept/", {"token": token}, format="json")
        assert row_counts() == before
        return response

    _, expired = invite(owner_api, "neu@example.test", "finance", django_capture_on_commit_callbacks)
    VendorInvitation.objects.filter(vendor=vendor).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = accept(expired)
    assert response.status_code == 409 and "expired" in response.data["token"][0]

    _, old = invite(owner_api, "neu@example.test", "finance", django_capture_on_commit_callbacks)
    response, new = invite(owner_api, "neu@example.test", "manager", django_capture_on_commit_callbacks)
    assert accept(old).status_code == 409  # replaced by the newer invitation

    assert owner_api.delete(f"/api/seller/staff/invitations/{response.data['id']}/").status_code == 204
    assert accept(new).status_code == 409  # withdrawn

    response = accept("not-a-token")
    assert response.status_code == 404 and "token" in response.data
    assert not VendorMember.objects.filter(vendor=vendor, user=invitee).exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"email": "kein-email", "role": "manager"}, "email"),
        ({"email": "a@example.test", "role": "boss"}, "role"),
        ({"role": "manager"}, "email"),
    ],
)
def test_bad_invitations_are_refused(body, field):
    vendor, owner = make_vendor(name="Eingabe")
    before = row_counts()
    response = client_for(owner).post("/api/seller/staff/invitations/", body, format="json")
    assert response.status_code == 400 and field in response.data
    assert row_counts() == before
    assert mail.outbox == []


def test_members_cannot_be_invited_twice():
    vendor, owner = make_vendor(name="Doppelt")
    before = row_counts()
    response = client_for(owner).post(
        "/api/seller/staff/invitations/", {"email": owner.email, "role": "manager"}, format="json"
    )
    assert response.status_code == 409 and "already a member" in response.data["email"][0]
    assert row_counts() == before


def test_owner_changes_roles_and_removes_members_but_never_the_last_owner():
    vendor, owner = make_vendor(name="Rollen")
    clerk = UserFactory()
    member = services.vendor_member_add(vendor=vendor, user=clerk, role="manager")
    owner_member = VendorMember.objects.get(vendor=vendor, user=owner)
    api = client_for(owner)

    response = api.patch(f"/api/seller/staff/{member.id}/", {"role": "finance"}, format="json")
    assert response.status_code == 200 and response.data["permissions"] == ["view_finances"]
    assert granted(clerk, vendor) == {"view_finances"}

    for request in (
        lambda: api.patch(f"/api/seller/staff/{owner_member.id}/", {"role": "manager"}, format="json"),
        lambda: api.delete(f"/api/seller/staff/{owner_member.id}/"),
    ):
        before = row_counts()
        response = request()
        assert response.status_code == 409 and response.data["error_code"] == "last_owner"
        assert row_counts() == before
    assert granted(owner, vendor) == ROLE_PERMISSIONS[Role.OWNER]

    # With a second owner the first may step down.
    assert api.patch(f"/api/seller/staff/{member.id}/", {"role": "owner"}, format="json").status_code == 200
    assert api.patch(f"/api/seller/staff/{owner_member.id}/", {"role": "manager"}, format="json").status_code == 200
    assert granted(owner, vendor) == ROLE_PERMISSIONS[Role.MANAGER]

    response = client_for(clerk).delete(f"/api/seller/staff/{owner_member.id}/")
    assert response.status_code == 204
    assert granted(owner, vendor) == set()
    assert client_for(owner).get("/api/seller/vendor/").status_code == 404
    assert AuditLogEntry.objects.filter(action="vendor.member_removed", actor=clerk).exists()


def test_bad_role_change_is_refused():
    vendor, owner = make_vendor(name="Rolle falsch")
    member = services.vendor_member_add(vendor=vendor, user=UserFactory(), role="manager")
    before = row_counts()
    response = client_for(owner).patch(f"/api/seller/staff/{member.id}/", {"role": "chef"}, format="json")
    assert response.status_code == 400 and "role" in response.data
    assert row_counts() == before


def test_a_user_of_several_vendors_chooses_with_x_vendor():
    alpha, user = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    services.vendor_member_add(vendor=beta, user=user, role="finance")
    api = client_for(user)
    response = api.get("/api/seller/memberships/")
    assert [(m["vendor_id"], m["role"]) for m in response.data["results"]] == [
        (alpha.id, "owner"),
        (beta.id, "finance"),
    ]

    response = api.get("/api/seller/vendor/")
    assert response.status_code == 404 and "X-Vendor" in response.data["vendor"][0]
    assert api.get("/api/seller/vendor/", HTTP_X_VENDOR=str(beta.id)).data["id"] == beta.id
    assert api.get("/api/seller/staff/", HTTP_X_VENDOR=str(alpha.id)).status_code == 200
    # Finance at Beta: no staff management there.
    assert api.get("/api/seller/staff/", HTTP_X_VENDOR=str(beta.id)).status_code == 403
    # A vendor the user does not belong to is not found.
    gamma, _ = make_vendor(name="Gamma")
    assert api.get("/api/seller/vendor/", HTTP_X_VENDOR=str(gamma.id)).status_code == 404


# --------------------------------------------------------------------------- role x action matrix


@pytest.fixture
def shop(category, django_capture_on_commit_callbacks):
    vendor, owner = make_vendor(name="Matrix")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Zelt")
    clerk = services.vendor_member_add(vendor=vendor, user=UserFactory(), role="manager")
    invitation, _ = services.vendor_invitation_create(
        vendor=vendor, actor=owner, email="offen@example.test", role="finance"
    )
    document = services.vendor_document_upload(
        vendor=vendor, actor=owner, kind="other", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    return {
        "vendor": vendor,
        "owner": owner,
        "offer": offer,
        "clerk": clerk,
        "invitation": invitation,
        "document": document,
        "category": category,
    }


# action -> (permission needed or None for any member, request, status when allowed)
ACTIONS = {
    "view vendor": (None, lambda api, s: api.get("/api/seller/vendor/"), 200),
    "list memberships": (None, lambda api, s: api.get("/api/seller/memberships/"), 200),
    "list offers": (None, lambda api, s: api.get("/api/seller/offers/"), 200),
    "list staff": ("manage_staff", lambda api, s: api.get("/api/seller/staff/"), 200),
    "invite": (
        "manage_staff",
        lambda api, s: api.post(
            "/api/seller/staff/invitations/", {"email": "x@example.test", "role": "manager"}, format="json"
        ),
        201,
    ),
    "list invitations": ("manage_staff", lambda api, s: api.get("/api/seller/staff/invitations/"), 200),
    "revoke invitation": (
        "manage_staff",
        lambda api, s: api.delete(f"/api/seller/staff/invitations/{s['invitation'].id}/"),
        204,
    ),
    "change role": (
        "manage_staff",
        lambda api, s: api.patch(f"/api/seller/staff/{s['clerk'].id}/", {"role": "finance"}, format="json"),
        200,
    ),
    "remove member": ("manage_staff", lambda api, s: api.delete(f"/api/seller/staff/{s['clerk'].id}/"), 204),
    "list documents": ("manage_account", lambda api, s: api.get("/api/seller/vendor/documents/"), 200),
    "upload document": (
        "manage_account",
        lambda api, s: api.post(
            "/api/seller/vendor/documents/",
            {"kind": "other", "file": SimpleUploadedFile("b.pdf", PDF)},
            format="multipart",
        ),
        201,
    ),
    "download document": (
        "manage_account",
        lambda api, s: api.get(f"/api/seller/vendor/documents/{s['document'].id}/"),
        200,
    ),
    "answer info request": (
        "manage_account",
        lambda api, s: api.post("/api/seller/vendor/answer/", {"message": "Hier"}, format="json"),
        409,
    ),
    "stripe onboarding link": (
        "manage_account",
        lambda api, s: api.post("/api/seller/vendor/stripe-onboarding-link/"),
        200,
    ),
    "create listing": (
        "manage_listings",
        lambda api, s: api.post(
            "/api/seller/listings/",
            {"category": s["category"].id, "title": "Neu", "price": {"amount": 500, "currency": "EUR"}, "stock": 1},
            format="json",
        ),
        201,
    ),
    "change offer": (
        "manage_listings",
        lambda api, s: api.patch(f"/api/seller/offers/{s['offer'].id}/", {"stock": 3}, format="json"),
        200,
    ),
    "see balance": ("view_finances", lambda api, s: api.get("/api/payouts/seller/balance/"), 200),
    "list payouts": ("view_finances", lambda api, s: api.get("/api/payouts/seller/payouts/"), 200),
    # Fulfilment's only seller endpoint so far: past the role check an empty refund is bad input.
    "refund an order": (
        "fulfil_orders",
        lambda api, s: api.post("/api/payouts/seller/refunds/", {}, format="json"),
        400,
    ),
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_matrix(shop, role, action):
    permission, request, allowed_status = ACTIONS[action]
    user = UserFactory()
    services.vendor_member_add(vendor=shop["vendor"], user=user, role=role)
    allowed = permission is None or permission in ROLE_PERMISSIONS[role]
    before = row_counts()
    response = request(client_for(user), shop)
    if allowed:
        assert response.status_code == allowed_status, getattr(response, "data", response)
    else:
        assert response.status_code == 403, getattr(response, "data", response)
        assert row_counts() == before


def test_matrix_covers_every_permission():
    assert {p for p, _, _ in ACTIONS.values() if p} == ALL_PERMISSIONS


# --------------------------------------------------------------------------- isolation


FOREIGN = {
    # vendor B's object ids, used by a member of vendor A: every one a 404
    "change B's member": lambda api, b: api.patch(
        f"/api/seller/staff/{b['clerk'].id}/", {"role": "finance"}, format="json"
    ),
    "remove B's member": lambda api, b: api.delete(f"/api/seller/staff/{b['clerk'].id}/"),
    "remove B's owner": lambda api, b: api.delete(f"/api/seller/staff/{b['owner_member'].id}/"),
    "revoke B's invitation": lambda api, b: api.delete(f"/api/seller/staff/invitations/{b['invitation'].id}/"),
    "download B's document": lambda api, b: api.get(f"/api/seller/vendor/documents/{b['document'].id}/"),
    "read B's offer": lambda api, b: api.get(f"/api/seller/offers/{b['offer'].id}/"),
    "change B's offer": lambda api, b: api.patch(f"/api/seller/offers/{b['offer'].id}/", {"stock": 0}, format="json"),
    "act as B (vendor)": lambda api, b: api.get("/api/seller/vendor/", HTTP_X_VENDOR=str(b["vendor"].id)),
    "act as B (staff)": lambda api, b: api.get("/api/seller/staff/", HTTP_X_VENDOR=str(b["vendor"].id)),
    "act as B (invite)": lambda api, b: api.post(
        "/api/seller/staff/invitations/",
        {"email": "y@example.test", "role": "owner"},
        format="json",
        HTTP_X_VENDOR=str(b["vendor"].id),
    ),
    "act as B (documents)": lambda api, b: api.get("/api/seller/vendor/documents/", HTTP_X_VENDOR=str(b["vendor"].id)),
    "act as B (upload)": lambda api, b: api.post(
        "/api/seller/vendor/documents/",
        {"kind": "other", "file": SimpleUploadedFile("c.pdf", PDF)},
        format="multipart",
        HTTP_X_VENDOR=str(b["vendor"].id),
    ),
    "act as B (answer)": lambda api, b: api.post(
        "/api/seller/vendor/answer/", {"message": "x"}, format="json", HTTP_X_VENDOR=str(b["vendor"].id)
    ),
    "act as B (stripe link)": lambda api, b: api.post(
        "/api/seller/vendor/stripe-onboarding-link/", HTTP_X_VENDOR=str(b["vendor"].id)
    ),
    "act as B (listing)": lambda api, b: api.post(
        "/api/seller/listings/",
        {"category": b["category"].id, "title": "Fremd", "price": {"amount": 500, "currency": "EUR"}, "stock": 1},
        format="json",
        HTTP_X_VENDOR=str(b["vendor"].id),
    ),
    "act as B (offers)": lambda api, b: api.get("/api/seller/offers/", HTTP_X_VENDOR=str(b["vendor"].id)),
    "act as B (balance)": lambda api, b: api.get("/api/payouts/seller/balance/", HTTP_X_VENDOR=str(b["vendor"].id)),
}


@pytest.fixture
def vendor_b(category):
    vendor, owner = make_vendor(name="Fremd")
    return {
        "vendor": vendor,
        "owner_member": VendorMember.objects.get(vendor=vendor, user=owner),
        "offer": make_offer(vendor=vendor, owner=owner, category=category, title="Fremdes Zelt"),
        "clerk": services.vendor_member_add(vendor=vendor, user=UserFactory(), role="manager"),
        "invitation": services.vendor_invitation_create(
            vendor=vendor, actor=owner, email="b@example.test", role="finance"
        )[0],
        "document": services.vendor_document_upload(
            vendor=vendor, actor=owner, kind="other", upload=SimpleUploadedFile("b.pdf", PDF)
        ),
        "category": category,
    }


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", FOREIGN)
def test_staff_of_vendor_a_get_404_for_vendor_b(vendor_b, role, action):
    vendor_a, owner_a = make_vendor(name="Eigen")
    user = owner_a
    if role != Role.OWNER:
        user = UserFactory()
        services.vendor_member_add(vendor=vendor_a, user=user, role=role)
    before = row_counts()
    response = FOREIGN[action](client_for(user), vendor_b)
    assert response.status_code == 404, getattr(response, "data", response)
    assert row_counts() == before
    assert VendorDocument.objects.filter(id=vendor_b["document"].id).exists()
