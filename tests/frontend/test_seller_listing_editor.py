"""Seller central listings (issue #14 item 2): the offer list with search, filters, sorting and
bulk actions; the listing editor (texts, typed attributes, images, variants, offer details,
checks and moderation decisions); roles and tenancy."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from marketplace.models import AttributeDefinition
from marketplace.money import Money
from moderation.models import ListingCheck, ListingRule, ReviewItem
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services
from vendors.models import Offer, ProductImage

pytestmark = pytest.mark.django_db


def png(size=(300, 300), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def shop(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    category = CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets")
    AttributeDefinition.objects.create(
        category=category, code="groesse", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    AttributeDefinition.objects.create(
        category=category, code="gewicht", name_de="Gewicht", name_en="Weight", kind="number", unit="g", required=True
    )
    AttributeDefinition.objects.create(category=category, code="mips", name_de="MIPS", name_en="MIPS", kind="boolean")
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    own = make_offer(
        vendor=alpha,
        owner=owner,
        category=category,
        title="Fahrradhelm",
        price=4990,
        stock=3,
        attributes={"gewicht": "310"},
        sku="HELM-1",
    )
    shared = make_offer(
        vendor=beta, owner=beta_owner, category=category, title="Kinderhelm", attributes={"gewicht": 250}
    )
    alpha_on_shared = vendor_services.listing_create(
        vendor=alpha,
        actor=owner,
        product_id=shared.product_id,
        price=Money(2990, "EUR"),
        stock=0,
        sku="KIDS-1",
    )
    return {
        "category": category,
        "alpha": alpha,
        "owner": owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "own": own,
        "shared": shared,
        "alpha_on_shared": alpha_on_shared,
    }


def _member(vendor, role):
    user = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
    return user


def _edit(client, offer, data, files=None):
    return client.post(f"/seller/listings/{offer.id}/", {**data, **(files or {})})


# --- the offer list


def test_list_searches_filters_and_sorts(shop):
    client = browser(shop["owner"])
    page = client.get("/seller/listings/")
    assert page.status_code == 200 and "Fahrradhelm" in page.content.decode() and "Kinderhelm" in page.content.decode()
    by_sku = client.get("/seller/listings/", {"q": "kids"}).content.decode()
    assert "Kinderhelm" in by_sku and "Fahrradhelm" not in by_sku
    sold_out = client.get("/seller/listings/", {"stock": "out"}).content.decode()
    assert "Kinderhelm" in sold_out and "Fahrradhelm" not in sold_out
    low = client.get("/seller/listings/", {"stock": "low"}).content.decode()
    assert "Fahrradhelm" in low and "Kinderhelm" not in low
    by_price = client.get("/seller/listings/", {"sort": "-price"})
    titles = [offer.product.title for offer in by_price.context["page"].object_list]
    assert titles == ["Fahrradhelm", "Kinderhelm"]
    assert client.get("/seller/listings/", {"sort": "price"}).context["page"].object_list[0].sku == "KIDS-1"
    nothing = client.get("/seller/listings/", {"q": "zzz"})
    assert nothing.status_code == 200 and "No listing matches these filters" in nothing.content.decode()


def test_buy_box_filter_and_failing_checks_filter(shop):
    client = browser(shop["owner"])
    # Alpha's own helmet is the only offer of its product: it holds the buy box. On Beta's product,
    # Alpha is sold out: Beta's offer wins.
    won = client.get("/seller/listings/", {"buy_box": "won"}).content.decode()
    assert "Fahrradhelm" in won and "Kinderhelm" not in won
    lost = client.get("/seller/listings/", {"buy_box": "lost"}).content.decode()
    assert "Kinderhelm" in lost and "Fahrradhelm" not in lost
    ListingCheck.objects.create(
        offer=shop["own"], code="images_missing", severity=ListingRule.Severity.BLOCK, message="Add at least 2 images."
    )
    failing = client.get("/seller/listings/", {"checks": "failing"}).content.decode()
    assert "Fahrradhelm" in failing and "Kinderhelm" not in failing and "1 failing" in failing


def test_bulk_actions_change_only_the_ticked_own_offers(shop):
    client = browser(shop["owner"])
    own, other = shop["own"], shop["alpha_on_shared"]
    response = client.post(
        "/seller/listings/bulk/", {"action": "price", "price": "39.90", "offers": [own.id, other.id]}
    )
    assert response.status_code == 302, response.context["bulk_form"].errors
    assert sorted(Offer.objects.filter(vendor=shop["alpha"]).values_list("price_amount", flat=True)) == [3990, 3990]
    client.post("/seller/listings/bulk/", {"action": "deactivate", "offers": [own.id]})
    own.refresh_from_db()
    assert own.status == "paused"
    client.post("/seller/listings/bulk/", {"action": "activate", "offers": [own.id]})
    own.refresh_from_db()
    assert own.status == "live"
    client.post("/seller/listings/bulk/", {"action": "stock", "stock": "12", "offers": [own.id]})
    own.refresh_from_db()
    assert own.stock == 12


def test_bulk_bad_input_names_the_field_and_changes_nothing(shop):
    client = browser(shop["owner"])
    before = row_counts()
    no_price = client.post("/seller/listings/bulk/", {"action": "price", "offers": [shop["own"].id]})
    assert no_price.status_code == 400 and "price" in no_price.context["bulk_form"].errors
    none_ticked = client.post("/seller/listings/bulk/", {"action": "stock", "stock": "3"})
    assert none_ticked.status_code == 400 and "offers" in none_ticked.context["bulk_form"].errors
    foreign = client.post("/seller/listings/bulk/", {"action": "stock", "stock": "0", "offers": [shop["shared"].id]})
    assert foreign.status_code == 400 and "offers" in foreign.context["bulk_form"].errors
    assert row_counts() == before
    shop["shared"].refresh_from_db()
    assert shop["shared"].stock == 10


# --- the listing editor


def test_editor_saves_texts_in_both_languages_and_typed_attributes(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    page = client.get(f"/seller/listings/{offer.id}/").content.decode()
    assert 'name="attr_groesse"' in page and 'name="attr_gewicht"' in page and 'name="attr_mips"' in page
    assert (
        _edit(
            client,
            offer,
            {
                "section": "texts",
                "title": "Fahrradhelm Pro",
                "title_en": "Bike helmet Pro",
                "description": "Leicht.",
                "description_en": "Light.",
                "brand": "Kask",
            },
        ).status_code
        == 302
    )
    response = _edit(
        client, offer, {"section": "attributes", "attr_groesse": "M", "attr_gewicht": "295.5", "attr_mips": "true"}
    )
    assert response.status_code == 302
    offer.product.refresh_from_db()
    assert (offer.product.title, offer.product.title_en, offer.product.brand) == (
        "Fahrradhelm Pro",
        "Bike helmet Pro",
        "Kask",
    )
    assert offer.product.attributes == {"groesse": "M", "gewicht": 295.5, "mips": True}


def test_editor_bad_attribute_names_the_field_and_changes_nothing(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    before = row_counts()
    missing = _edit(client, offer, {"section": "attributes", "attr_groesse": "XXL", "attr_gewicht": ""})
    assert missing.status_code == 400
    form = missing.context["forms"]["attributes"]
    assert "attr_gewicht" in form.errors and "attr_groesse" in form.errors
    no_title = _edit(client, offer, {"section": "texts", "title": "", "title_en": ""})
    assert no_title.status_code == 400 and "title" in no_title.context["forms"]["texts"].errors
    assert row_counts() == before
    offer.product.refresh_from_db()
    assert offer.product.attributes == {"gewicht": 310}


def test_editor_uploads_orders_and_deletes_images(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    for colour in ((200, 30, 30), (30, 200, 30)):
        response = _edit(
            client, offer, {"section": "image_add"}, {"image": SimpleUploadedFile("a.png", png(colour=colour))}
        )
        assert response.status_code == 302
    first, second = ProductImage.objects.filter(product=offer.product).order_by("position")
    assert first.is_main and not second.is_main
    _edit(client, offer, {"section": "image_move", "image": second.id, "direction": "main"})
    first.refresh_from_db(), second.refresh_from_db()
    assert second.is_main and second.position == 0 and first.position == 1
    # Not an image: refused by the content checks, naming the field.
    bad = _edit(client, offer, {"section": "image_add"}, {"image": SimpleUploadedFile("x.png", b"GIF89a nope")})
    assert bad.status_code == 400 and "image" in bad.context["forms"]["image_add"].errors
    too_small = _edit(client, offer, {"section": "image_add"}, {"image": SimpleUploadedFile("s.png", png((50, 50)))})
    assert too_small.status_code == 400
    _edit(client, offer, {"section": "image_delete", "image": second.id})
    remaining = list(ProductImage.objects.filter(product=offer.product))
    assert [i.id for i in remaining] == [first.id] and remaining[0].is_main


def test_editor_adds_a_variant_and_an_offer_of_it(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    response = _edit(client, offer, {"section": "variant_add", "option1_name": "groesse", "option1_value": "M"})
    assert response.status_code == 302
    _edit(client, offer, {"section": "variant_add", "option1_name": "groesse", "option1_value": "L"})
    medium, large = offer.product.variants.order_by("position")
    # This offer sells the M variant from now on; the L variant gets its own offer.
    saved = _edit(
        client,
        offer,
        {
            "section": "offer",
            "price": "49.90",
            "stock": "3",
            "handling_days": "1",
            "return_window_days": "30",
            "shipping_profile": "",
            "variant": medium.id,
        },
    )
    assert saved.status_code == 302
    offer.refresh_from_db()
    assert (offer.variant_id, offer.handling_days, offer.return_window_days) == (medium.id, 1, 30)
    _edit(client, offer, {"section": "variant_offer", "variant": large.id, "price": "52.00", "stock": "2"})
    large_offer = Offer.objects.get(vendor=shop["alpha"], variant=large)
    assert (large_offer.price_amount, large_offer.stock) == (5200, 2)
    bad = _edit(client, offer, {"section": "variant_add", "option1_name": "groesse", "option1_value": "XXL"})
    assert bad.status_code == 400 and bad.context["forms"]["variant_add"].errors


def test_editor_offer_details_refusals_name_the_field(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    before = row_counts()
    response = _edit(
        client,
        offer,
        {
            "section": "offer",
            "price": "abc",
            "stock": "-2",
            "handling_days": "99",
            "return_window_days": "7",
        },
    )
    assert response.status_code == 400
    assert {"price", "stock", "handling_days", "return_window_days"} <= set(response.context["forms"]["offer"].errors)
    # The service's own refusal (a zero price) lands on the field too.
    zero = _edit(
        client,
        offer,
        {"section": "offer", "price": "0", "stock": "2", "handling_days": "2", "return_window_days": "14"},
    )
    assert zero.status_code == 400 and "price" in zero.context["forms"]["offer"].errors
    assert row_counts() == before


def test_editor_shows_checks_and_the_moderation_decision_with_its_reason(shop):
    offer = shop["own"]
    ListingCheck.objects.create(
        offer=offer, code="images_missing", severity="block", message="Add at least 2 images (you have 0)."
    )
    ReviewItem.objects.create(
        kind="flagged_offer",
        status="changes_requested",
        vendor=shop["alpha"],
        offer=offer,
        reason="Bitte echte Produktfotos hochladen.",
        due_at="2026-12-01T00:00:00Z",
    )
    html = browser(shop["owner"]).get(f"/seller/listings/{offer.id}/").content.decode()
    assert "Add at least 2 images (you have 0)." in html and "Blocks the listing" in html
    assert "Bitte echte Produktfotos hochladen." in html and "Changes requested" in html


def test_shared_catalog_product_is_read_only_in_the_editor(shop):
    client = browser(shop["owner"])
    offer = shop["alpha_on_shared"]
    html = client.get(f"/seller/listings/{offer.id}/").content.decode()
    assert "belongs to the shared catalog" in html and 'value="texts"' not in html
    before = offer.product.title
    response = _edit(client, offer, {"section": "texts", "title": "Gekapert"})
    assert response.status_code == 400
    offer.product.refresh_from_db()
    assert offer.product.title == before


def test_roles_and_tenancy(shop):
    offer = shop["own"]
    packer = _member(shop["alpha"], "fulfilment")
    assert browser(packer).get("/seller/listings/").status_code == 403
    assert browser(packer).get(f"/seller/listings/{offer.id}/").status_code == 403
    refused = _edit(browser(packer), offer, {"section": "status", "status": "pause"})
    assert refused.status_code == 403
    assert (
        browser(packer).post("/seller/listings/bulk/", {"action": "deactivate", "offers": [offer.id]}).status_code
        == 403
    )
    offer.refresh_from_db()
    assert offer.status == "live"
    # Another vendor's listing is a 404 for every role, also for a role that may not edit.
    assert browser(shop["beta_owner"]).get(f"/seller/listings/{offer.id}/").status_code == 404
    assert _edit(browser(shop["beta_owner"]), offer, {"section": "status", "status": "pause"}).status_code == 404
    beta_packer = _member(shop["beta"], "fulfilment")
    assert browser(beta_packer).get(f"/seller/listings/{offer.id}/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == "live"


def test_pages_speak_german(shop):
    client = browser(shop["owner"])
    html = client.get("/seller/listings/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ihre Angebotsliste" in html
    editor = client.get(f"/seller/listings/{shop['own'].id}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Größe" in editor and "Produkttexte" in editor


def test_new_product_asks_the_chosen_categorys_attributes_then_opens_the_editor(shop):
    client = browser(shop["owner"])
    category = shop["category"]
    page = client.get("/seller/listings/new/", {"category": category.id}).content.decode()
    assert 'name="new-attr_gewicht"' in page and 'name="new-title_en"' in page
    form = {
        "new-category": category.id,
        "new-title": "Skihelm",
        "new-title_en": "Ski helmet",
        "new-price": "89.00",
        "new-stock": "4",
        "new-condition": "new",
        "new-attr_groesse": "L",
    }
    before = row_counts()
    missing = client.post(f"/seller/listings/new/?category={category.id}", form)
    assert missing.status_code == 400 and "attr_gewicht" in missing.context["attributes_form"].errors
    assert row_counts() == before
    created = client.post(f"/seller/listings/new/?category={category.id}", form | {"new-attr_gewicht": "410"})
    offer = Offer.objects.get(vendor=shop["alpha"], product__title="Skihelm")
    assert (
        created.status_code == 302 and created["Location"] == f"/seller/listings/{offer.id}/?vendor={shop['alpha'].id}"
    )
    assert offer.product.title_en == "Ski helmet" and offer.product.attributes == {"groesse": "L", "gewicht": 410}


def test_editor_sets_and_ends_a_sale_and_a_condition_note(shop):
    client = browser(shop["owner"])
    offer = shop["own"]
    now = timezone.localtime()
    response = _edit(
        client,
        offer,
        {
            "section": "sale",
            "sale_price": "39.90",
            "sale_starts_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            "sale_ends_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.price_amount, offer.regular_price.amount, offer.on_sale) == (3990, 4990, True)
    html = client.get(f"/seller/listings/{offer.id}/").content.decode()
    assert "On sale now" in html and "statt €49.90" in html
    too_high = _edit(
        client,
        offer,
        {
            "section": "sale",
            "sale_price": "59.90",
            "sale_starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "sale_ends_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert too_high.status_code == 400 and "sale_price" in too_high.context["forms"]["sale"].errors
    _edit(client, offer, {"section": "sale_end"})
    offer.refresh_from_db()
    assert offer.price_amount == 4990 and not offer.on_sale
    used = vendor_services.listing_create(
        vendor=shop["alpha"],
        actor=shop["owner"],
        product_id=offer.product_id,
        price=Money(2500, "EUR"),
        stock=1,
        condition="used",
    )
    saved = _edit(
        client,
        used,
        {
            "section": "offer",
            "price": "25.00",
            "stock": "1",
            "handling_days": "2",
            "return_window_days": "14",
            "condition_note": "Kleiner Kratzer am Visier",
        },
    )
    assert saved.status_code == 302
    used.refresh_from_db()
    assert used.condition_note == "Kleiner Kratzer am Visier"


def test_change_request_for_a_shared_product_and_the_operators_decision(shop):
    from vendors.models import ProductChangeRequest
    from vendors.services.change_requests import product_change_request_decide

    client = browser(shop["owner"])
    offer = shop["alpha_on_shared"]
    product = offer.product
    before = row_counts()
    same = client.post(
        f"/seller/listings/{offer.id}/",
        {"section": "change_request", "change-title": product.title, "change-title_en": product.title_en},
    )
    assert same.status_code == 400 and same.context["forms"]["change_request"].errors
    assert row_counts() == before
    sent = client.post(
        f"/seller/listings/{offer.id}/",
        {
            "section": "change_request",
            "change-title": "Kinderhelm Mini",
            "change-title_en": product.title_en,
            "change-brand": "Uvex",
            "change-note": "So steht es auf der Verpackung.",
        },
    )
    assert sent.status_code == 302
    request = ProductChangeRequest.objects.get(vendor=shop["alpha"])
    assert request.changes == {"title": "Kinderhelm Mini", "brand": "Uvex"} and request.status == "open"
    product.refresh_from_db()
    assert product.title == "Kinderhelm"  # nothing changes before an operator decides
    product_change_request_decide(actor=None, request_id=request.id, accept=False, reason="Die Marke ist Abus.")
    html = client.get(f"/seller/listings/{offer.id}/").content.decode()
    assert "Rejected" in html and "Die Marke ist Abus." in html
    # Its own product is changed in the editor, not by request; another vendor's offer is a 404.
    own = client.post(f"/seller/listings/{shop['own'].id}/", {"section": "change_request", "change-title": "X"})
    assert own.status_code == 400
    foreign = browser(shop["beta_owner"]).post(
        f"/seller/listings/{offer.id}/", {"section": "change_request", "change-title": "X"}
    )
    assert foreign.status_code == 404
    assert ProductChangeRequest.objects.count() == 1


def test_editor_edits_and_deletes_variants_and_refuses_ordered_ones(shop):
    from buyers.services import cart_item_add, checkout_place
    from marketplace.errors import Conflict
    from tests.frontend.test_pages import ADDRESS
    from vendors.services.variants import variant_create, variant_delete

    client = browser(shop["owner"])
    offer = shop["own"]
    for size in ("M", "S"):
        _edit(client, offer, {"section": "variant_add", "option1_name": "groesse", "option1_value": size})
    medium, small = offer.product.variants.order_by("position")

    def edit(variant, value, gtin=""):
        prefix = f"variant{variant.id}"
        return _edit(
            client,
            offer,
            {
                "section": "variant_edit",
                "variant": variant.id,
                f"{prefix}-option1_name": "groesse",
                f"{prefix}-option1_value": value,
                f"{prefix}-gtin": gtin,
            },
        )

    # Edit: S becomes L; taking M's options or a size the category does not know is refused on the field.
    assert edit(small, "L").status_code == 302
    small.refresh_from_db()
    assert small.options == {"groesse": "L"}
    before = row_counts()
    for value in ("M", "XXL"):
        refused = edit(small, value)
        assert refused.status_code == 400, value
        assert f'id="id_variant{small.id}-option1_value-error"' in refused.content.decode(), value
    small.refresh_from_db()
    assert small.options == {"groesse": "L"} and row_counts() == before

    # Delete: a variant nobody sells goes; another product's variant is not found and nothing changes.
    foreign = variant_create(
        vendor=shop["beta"], actor=shop["beta_owner"], product_id=shop["shared"].product_id, options={"groesse": "S"}
    )
    page = client.post(
        f"/seller/listings/{offer.id}/", {"section": "variant_delete", "variant": foreign.id}, follow=True
    )
    assert "No such variant." in page.content.decode() and type(foreign).objects.filter(id=foreign.id).exists()
    page = client.post(f"/seller/listings/{offer.id}/", {"section": "variant_delete", "variant": small.id}, follow=True)
    assert "Variant groesse: L deleted." in page.content.decode()
    assert list(offer.product.variants.values_list("id", flat=True)) == [medium.id]

    # A variant an order bought is refused with a message that says why (and that pausing stops the sale).
    _edit(
        client,
        offer,
        {
            "section": "offer",
            "price": "49.90",
            "stock": "3",
            "handling_days": "1",
            "return_window_days": "30",
            "shipping_profile": "",
            "variant": medium.id,
        },
    )
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    checkout_place(buyer=buyer, idempotency_key="v1", payment_method="invoice", shipping_address=ADDRESS)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = client.post(
        f"/seller/listings/{offer.id}/", {"section": "variant_delete", "variant": medium.id}, follow=True
    ).content.decode()
    assert "Käufer haben diese Variante bestellt (1 Bestellungen)" in page and "pausieren Sie ihr Angebot" in page
    assert offer.product.variants.filter(id=medium.id).exists()
    with pytest.raises(Conflict) as refused:
        variant_delete(vendor=shop["alpha"], actor=shop["owner"], product_id=offer.product_id, variant_id=medium.id)
    assert refused.value.code == "variant_ordered"
