"""Test data built through the same services the product uses, so tests see real states."""

import hashlib
import itertools
import time

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from marketplace.models import Category
from marketplace.money import Money
from vendors import services as vendor_services

PASSWORD = "test-pass-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.LazyAttribute(lambda u: u.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_de = factory.Sequence(lambda n: f"Kategorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


def make_operator():
    return UserFactory(is_staff=True, is_superuser=True)


def login_operator(client, user):
    """Sign an operator in to the console pages of a Django test client.

    Use this (not ``client.force_login``) for operators: the console requires a verified
    second factor, and this is the one place that knows how a test proves it: the operator gets
    a confirmed authenticator (if none yet) and the session is marked verified by it, exactly
    as django_otp.login does after a correct code.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def totp_code(device) -> str:
    """The code an authenticator app would show now for ``device`` (a TOTPDevice)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


# Valid German test identifiers (check digits correct): stdnum accepts them.
VALID_VAT_ID = "DE136695976"
VALID_IBAN = "DE89370400440532013000"


def application_data(*, name: str = "Vendor", email: str = "shop@example.test", category_ids=None, **overrides) -> dict:
    """A complete, valid vendor application as the API takes it (``intended_categories`` ids)."""
    if category_ids is None:
        category_ids = [(Category.objects.order_by("id").first() or CategoryFactory()).id]
    data = {
        "name": name,
        "legal_name": f"{name} GmbH",
        "legal_form": "gmbh",
        "street": "Hauptstraße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "email": email,
        "contact_name": "Erika Mustermann",
        "contact_phone": "+49 30 123456",
        "vat_id": VALID_VAT_ID,
        "iban": VALID_IBAN,
        "intended_categories": list(category_ids),
        "return_policy": "30 Tage Rückgaberecht.",
    }
    data.update(overrides)
    return data


def make_application(**kwargs) -> vendor_services.VendorApplication:
    data = application_data(**kwargs)
    return vendor_services.VendorApplication(
        **{k: v for k, v in data.items() if k != "intended_categories"},
        intended_category_ids=data["intended_categories"],
    )


IDENTITY_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_trader_verified(vendor, actor=None):
    """Complete a business vendor's trader data (DSA Art. 30) as its owner would in the portal:
    trade register entry (the test application is a GmbH), identity document, self-certification.
    Without it, LIVE_OFFER keeps the vendor's offers offline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vendors.services.trader import TraderData, vendor_trader_certify, vendor_trader_update

    if vendor.trader_ok:
        return vendor
    vendor_trader_update(
        vendor=vendor,
        actor=actor,
        data=TraderData(
            register_court="Amtsgericht Berlin-Charlottenburg",
            register_number="HRB 123456 B" if vendor.legal_form in ("gmbh", "ug", "ag") else "",
            contact_phone=vendor.contact_phone or "+49 30 1234567",
        ),
    )
    if not vendor.documents.filter(kind="identity").exists():
        vendor_services.vendor_document_upload(
            vendor=vendor, actor=actor, kind="identity", upload=SimpleUploadedFile("ausweis.pdf", IDENTITY_PDF)
        )
    vendor_trader_certify(vendor=vendor, actor=actor)
    vendor.refresh_from_db()
    return vendor


def make_sellable(vendor):
    """Give an approved vendor its connected account (on stripe-mock) and enabled payouts, as the
    account.updated webhook would, and complete its trader data. Called directly because
    non-transactional tests never run the outbox's on-commit delivery."""
    from vendors.services.stripe_connect import vendor_stripe_account_create

    make_trader_verified(vendor)
    vendor = vendor_stripe_account_create(vendor_id=vendor.id)
    vendor_services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(time.time()),
    )
    vendor.refresh_from_db()
    return vendor


# Set for a test by @pytest.mark.full_onboarding (tests/conftest.py): every make_vendor onboards.
FULL_ONBOARDING = False


def make_vendor(
    *,
    name: str = "Vendor",
    owner=None,
    approved: bool = True,
    operator=None,
    sellable: bool = True,
    onboarding: bool = False,
):
    """A vendor with ``owner``; ``approved`` ones are also sellable (connected account, payouts
    enabled) unless ``sellable=False``.

    An approved vendor is built directly in its end state (``vendor_ready``: the rows the
    onboarding leaves, without its history) unless ``onboarding=True``, which runs the whole
    onboarding through the services: application, review, approval, trader data, identity
    document, self-certification, connected account on stripe-mock and the account.updated
    webhook. Tests of the onboarding itself, or of what it leaves behind (audit trail, queued
    mails and events), ask for ``onboarding=True`` (or ``@pytest.mark.full_onboarding`` for every
    vendor a test builds); tests/vendors/test_fast_vendor.py proves both
    paths end in the same vendor."""
    owner = owner or UserFactory()
    if approved and not (onboarding or FULL_ONBOARDING):
        return vendor_ready(name=name, owner=owner, sellable=sellable), owner
    vendor = vendor_services.vendor_apply(user=owner, application=make_application(name=name, email=owner.email))
    if approved:
        operator = operator or make_operator()
        vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)  # decisions need a review
        vendor = vendor_services.vendor_approve(actor=operator, vendor_id=vendor.id)
        vendor = make_trader_verified(vendor, actor=owner)
        if sellable:
            vendor = make_sellable(vendor)
    return vendor, owner


_fast_accounts = itertools.count(1)


def _free_slug(model, name: str) -> str:
    """``name`` slugified, numbered like the onboarding's (``alpha``, ``alpha-2``, ...)."""
    from django.utils.text import slugify

    base = slugify(name)[:100] or "vendor"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def vendor_ready(*, name: str, owner, sellable: bool = True):
    """An approved vendor as the onboarding leaves it, written directly (a handful of queries
    instead of a hundred and a call to stripe-mock): the cleaned application, the owner with its
    permissions, trade register entry, identity document and self-certification, and when
    ``sellable`` a connected account with charges and payouts enabled. The trader check itself
    runs (``vendor_trader_recheck``), so the vendor is only sellable if the real check agrees."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from vendors.models import TraderCertification, Vendor, VendorDocument, VendorMember
    from vendors.services.application import application_clean
    from vendors.services.documents import document_content_type
    from vendors.services.trader import vendor_trader_recheck
    from vendors.services.trader_checks import CERTIFICATION_TEXT, CERTIFICATION_VERSION

    app = application_clean(make_application(name=name, email=owner.email))
    now = timezone.now()
    vendor = Vendor.objects.create(
        name=app.name,
        slug=_free_slug(Vendor, app.name),
        legal_name=app.legal_name,
        legal_form=app.legal_form,
        street=app.street,
        postal_code=app.postal_code,
        city=app.city,
        country=app.country,
        email=app.email,
        contact_name=app.contact_name,
        contact_phone=app.contact_phone,
        vat_id=app.vat_id,
        iban=app.iban,
        return_policy=app.return_policy,
        status=Vendor.Status.APPROVED,
        status_changed_at=now,
        approved_at=now,
        register_court="Amtsgericht Berlin-Charlottenburg",
        register_number="HRB 123456 B" if app.legal_form in ("gmbh", "ug", "ag") else "",
        **(
            {
                "stripe_account_id": f"acct_fast{next(_fast_accounts):08d}{time.time_ns() % 10**8:08d}",
                "charges_enabled": True,
                "payouts_enabled": True,
                "stripe_account_event_created": int(time.time()),
            }
            if sellable
            else {}
        ),
    )
    vendor.intended_categories.set(app.intended_category_ids)
    vendor_services.vendor_member_add(vendor=vendor, user=owner, role=VendorMember.Role.OWNER)
    upload = SimpleUploadedFile("ausweis.pdf", IDENTITY_PDF)
    document = VendorDocument(
        vendor=vendor,
        kind=VendorDocument.Kind.IDENTITY,
        content_type=document_content_type(upload),
        size=upload.size,
        original_name=upload.name,
        sha256=hashlib.sha256(IDENTITY_PDF).hexdigest(),
        uploaded_by=owner,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    TraderCertification.objects.create(
        vendor=vendor, version=CERTIFICATION_VERSION, text=str(CERTIFICATION_TEXT), accepted_by=owner
    )
    vendor = vendor_trader_recheck(vendor=vendor, actor=owner, cause="self_certification")
    assert vendor.trader_ok, vendor.trader_problems  # the direct rows must pass the real check
    return vendor


def make_offer(
    *, vendor, owner, category, title="Produkt", price=1999, stock=10, currency="EUR", moderated=True, **kwargs
):
    """An offer through the listing service; a product it proposes is approved by an operator
    unless ``moderated=False`` (then product and offer stay pending)."""
    offer = vendor_services.listing_create(
        vendor=vendor,
        actor=owner,
        category_id=category.id,
        title=title,
        price=Money(price, currency),
        stock=stock,
        **kwargs,
    )
    if moderated and offer.product.status == offer.product.Status.PENDING:
        vendor_services.product_approve(actor=None, product_id=offer.product_id)
        offer.refresh_from_db()
    return offer
