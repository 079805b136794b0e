"""A small shop with two of everything, for the authorisation matrix and the API fuzzing.

Vendor Alpha and buyer Alice own the objects the matrix asks for; vendor Beta (with a member
in every role) and buyer Bob are the callers, each with objects of their own so they are
real tenants, not empty accounts."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buyers import returns
from buyers.addresses import address_create
from buyers.services import cart_item_add, checkout_place
from marketplace.money import Money
from moderation.models import ReviewItem
from moderation.services import listing_rule_create
from payouts.models import Payout, PayoutRun
from payouts.services.commissions import commission_rule_create
from payouts.services.payout_runs import payout_hold_set, payout_run_start
from search.models import SynonymRule, ZeroResultQuery
from tests.factories import UserFactory, make_offer, make_operator, make_vendor
from vendors import services as vendor_services
from vendors.models import ProductVariant, SellerRegistration
from vendors.services.attributes import attribute_definition_create
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship
from vendors.services.imports import import_job_create
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

ADDRESS = {"name": "Alice Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
IMPORT_CSV = "Artikelnummer;Preis;Bestand\nH-1;19,99;5\n"


@dataclass
class Tenant:
    vendor: object
    owner: object
    offer: object
    members: dict = field(default_factory=dict)  # role -> user


def _vendor(name: str, category, operator) -> Tenant:
    vendor, owner = make_vendor(name=name, operator=operator)
    offer = make_offer(vendor=vendor, owner=owner, category=category, title=f"{name} Helm", stock=50)
    members = {"owner": owner}
    for role in ("manager", "fulfilment", "finance"):
        user = UserFactory()
        vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
        members[role] = user
    return Tenant(vendor=vendor, owner=owner, offer=offer, members=members)


def _order(buyer, offer, key: str):
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


def build_world(category) -> SimpleNamespace:
    from tests.moderation.dsa_world import notice_world
    from tests.payouts.conftest import deliver

    operator = make_operator()
    alpha = _vendor("Alpha", category, operator)
    beta = _vendor("Beta", category, operator)
    alice, bob = UserFactory(), UserFactory()

    # Alice's order from Alpha: one part shipped, delivered, returned and paid out; one open part.
    delivered = _order(alice, alpha.offer, "alice-1")
    part = delivered.vendor_orders.get()
    vendor_order_ship(
        vendor=alpha.vendor, actor=alpha.owner, vendor_order_id=part.id, carrier="dhl", tracking_number="003404341111"
    )
    vendor_order_mark_delivered(vendor=alpha.vendor, actor=alpha.owner, vendor_order_id=part.id)
    return_request = returns.return_request(
        buyer=alice,
        number=delivered.number,
        vendor_order_id=part.id,
        lines=[(part.lines.get().id, 1)],
        reason="damaged",
    )
    deliver(delivered)
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    open_order = _order(alice, alpha.offer, "alice-2")
    # Bob's own order, from Beta, so Bob and Beta are tenants with data of their own.
    bob_order = _order(bob, beta.offer, "bob-1")

    alice_cart_item = cart_item_add(buyer=alice, offer_id=alpha.offer.id, quantity=1)
    # Alpha's warranty for its product, chosen for Alice's cart item (the cart's add-on routes).
    from buyers.addons.service_offers import cart_service_add, service_offer_create

    cart_service = service_offer_create(
        provider=alpha.vendor,
        product_id=alpha.offer.product_id,
        kind="warranty",
        title="ALPHASERVICE Garantie",
        price=Money(500, "EUR"),
    )
    cart_service_add(buyer=alice, item_id=alice_cart_item.id, service_offer_id=cart_service.id)
    cart_item_add(buyer=bob, offer_id=beta.offer.id, quantity=1)
    alice_address = address_create(buyer=alice, **ADDRESS)
    address_create(buyer=bob, **{**ADDRESS, "name": "Bob Muster"})

    invitation, _ = vendor_services.vendor_invitation_create(
        vendor=alpha.vendor, actor=alpha.owner, email="neu@example.test", role="finance"
    )
    document = vendor_services.vendor_document_upload(
        vendor=alpha.vendor, actor=alpha.owner, kind="other", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    shipping_profile = shipping_profile_create(
        vendor=alpha.vendor,
        actor=alpha.owner,
        name="Paket",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=490)])],
    )
    import_job = import_job_create(
        vendor=alpha.vendor,
        actor=alpha.owner,
        upload=SimpleUploadedFile("a.csv", IMPORT_CSV.encode(), content_type="text/csv"),
        mapping={"sku": "Artikelnummer", "price": "Preis", "stock": "Bestand"},
        enqueue=False,
    )
    # A product Alpha proposed that no operator has approved yet: public pages must not show it.
    pending_offer = make_offer(
        vendor=alpha.vendor, owner=alpha.owner, category=category, title="Alpha Neuheit", moderated=False
    )

    # A coupon Alpha funds (seller promotions): only Alpha may end it.
    from buyers.coupons import coupon_create

    alpha_coupon = coupon_create(
        code="ALPHAWORLD", kind="percent", percent_bps=500, currency="EUR", funded_by_vendor=alpha.vendor
    )

    # The warranty in Alice's cart is also the service Alpha offers (seller service offers): only
    # Alpha may end it (one service of a kind per product and seller).
    alpha_service = cart_service

    payout_hold_set(actor=operator, vendor_id=beta.vendor.id, reason="Prüfung")
    # Alice's guarantee claim on her delivered Alpha part, with its conversation and a PDF attached.
    from buyers.messaging.claims import claim_open

    claim = claim_open(
        buyer=alice,
        number=delivered.number,
        vendor_order_id=part.id,
        reason="not_as_described",
        body="Nicht wie beschrieben",
        upload=SimpleUploadedFile("foto.pdf", PDF),
    )
    # Alice reviews her delivered Alpha product (visible) and rates Alpha (hidden by moderation).
    from buyers.reviews.services import product_review_create, review_restrict, seller_rating_create

    review = product_review_create(buyer=alice, order_line_id=part.lines.get().id, stars=4, text="Gut")
    hidden_review = seller_rating_create(buyer=alice, vendor_order_id=part.id, stars=1, text="Versteckt")
    review_restrict(hidden_review.id, reason="Test")
    # Consumer rights and VAT documents (issue 11): a refund on Alice's delivered order from Alpha
    # (its credit note) and a commission invoice of the platform to Alpha.
    from datetime import date

    from django.conf import settings

    from payouts.models import CommissionInvoice
    from payouts.services.refunds import RefundLineRequest, refund_create

    refund = refund_create(
        actor=operator, vendor_order_id=part.id, lines=[RefundLineRequest(part.lines.get().id, 100)], reason="Kulanz"
    )
    commission_invoice = CommissionInvoice.objects.create(
        vendor=alpha.vendor,
        period_from=date(2026, 1, 1),
        period_to=date(2026, 1, 31),
        currency="EUR",
        sequence=1,
        number="PR-000001",
        net_amount=100,
        vat_rate_bps=1900,
        vat_amount=19,
        issuer=dict(settings.MARKETPLACE_OPERATOR),
        recipient={
            "legal_name": "Alpha GmbH",
            "street": "Hauptstr. 1",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    # Receivables (issue 19.5): a bank statement with a transfer waiting to be matched by hand
    # and one marked to be returned (a refund due).
    from payouts.services.receipts import bank_transaction_return, statement_import
    from tests.buyers.helpcentre.world import customer_services_world
    from tests.payouts.camt import Transfer, camt053

    statement_import(
        actor=operator,
        filename="auszug.xml",
        content=camt053(
            [
                Transfer("WORLD-TX-1", "12.34", "Ohne Bestellnummer", debtor="Unbekannt"),
                Transfer("WORLD-TX-2", "5.00", "Doppelt bezahlt", debtor="Erika Muster"),
            ],
            statement_id="WORLD-STMT",
        ),
    )
    from payouts.models import BankTransaction

    bank_transaction = BankTransaction.objects.get(bank_reference="WORLD-TX-1")
    buyer_credit = bank_transaction_return(
        actor=operator, transaction_id=BankTransaction.objects.get(bank_reference="WORLD-TX-2").id
    )

    # Console (issue 19): a payment anomaly waiting for an operator, an AGB draft nobody may read yet.
    from marketplace.legal import legal_text_save
    from payouts.models import PaymentAnomaly, StripeEvent

    odd_event = StripeEvent.objects.create(
        event_id="evt_world_odd", type="payment_intent.succeeded", created=0, payload={}, status="processed"
    )
    payment_anomaly = PaymentAnomaly.objects.create(
        event=odd_event,
        order=open_order,
        kind=PaymentAnomaly.Kind.AMOUNT_MISMATCH,
        expected_amount=open_order.total_amount,
        expected_currency=open_order.currency,
        received_amount=open_order.total_amount - 1,
        received_currency=open_order.currency,
        detail="world",
    )
    draft_terms = legal_text_save(actor=operator, kind="terms", body_de="Entwurf", body_en="Draft")

    from tests.integrations.world import integrations_world

    return SimpleNamespace(
        **integrations_world(alpha=alpha),  # API keys, webhooks (issue 22)
        **customer_services_world(operator=operator, alice=alice, alpha=alpha),  # help centre, wishlists (issue 9)
        refund=refund,
        commission_invoice=commission_invoice,
        bank_transaction=bank_transaction,
        buyer_credit=buyer_credit,
        review=review,
        hidden_review=hidden_review,
        **notice_world(
            operator=operator, alpha=alpha, alice=alice, review=hidden_review
        ),  # moderation: notice and action
        operator=operator,
        alpha=alpha,
        beta=beta,
        alice=alice,
        bob=bob,
        category=category,
        applicant=make_vendor(name="Gamma", approved=False, operator=operator)[
            0
        ],  # not public: its seller page is a 404
        claim=claim,
        conversation=claim.conversation,
        attachment=claim.conversation.messages.get().attachments.get(),
        pending_offer=pending_offer,
        delivered_order=delivered,
        delivered_part=part,
        open_order=open_order,
        payment_anomaly=payment_anomaly,
        draft_terms=draft_terms,
        open_part=open_order.vendor_orders.get(),
        bob_order=bob_order,
        return_request=return_request,
        payout=Payout.objects.get(vendor=alpha.vendor),
        payout_run=run,
        cart_item=alice_cart_item,
        cart_service=cart_service,
        address=alice_address,
        invitation=invitation,
        document=document,
        alpha_member=alpha.vendor.members.get(user=alpha.members["manager"]),
        shipping_profile=shipping_profile,
        alpha_coupon=alpha_coupon,
        alpha_service=alpha_service,
        import_job=import_job,
        pending_product=pending_offer.product,
        variant=ProductVariant.objects.create(product=pending_offer.product, options={"size": "M"}),
        review_item=ReviewItem.objects.filter(product=pending_offer.product).first(),
        commission_rule=commission_rule_create(actor=operator, rate_bps=500, fixed=Money(0, "EUR")),
        listing_rule=listing_rule_create(actor=operator, kind="max_handling_days", params={"max": 30}, severity="warn"),
        attribute=attribute_definition_create(
            actor=operator, category_id=category.id, code="farbe", name_de="Farbe", name_en="Colour", kind="text"
        ),
        synonym=SynonymRule.objects.create(rule="helm, kopfschutz"),
        zero_result=ZeroResultQuery.objects.create(query="flugtaxi", last_seen_at=timezone.now()),
        registration=SellerRegistration.objects.create(vendor=alpha.vendor, kind="weee", number="DE12345678"),
    )
