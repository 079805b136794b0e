"""Seller portal: the listing editor of one offer. One page, one section per form; each form
posts its ``section`` to the same URL and one vendors service does the work:

- texts: German and English title and description, brand (``product_update``)
- attributes: the category's attribute schema as typed inputs (``product_attributes_update``)
- image_add / image_delete / image_move: upload through the content checks, delete, order
  (``vendors.services.images``)
- variant_add / variant_edit / variant_delete / variant_offer: a variant of the product
  (``variant_create``, ``variant_update``, ``variant_delete``: refused while orders or offers use it)
  and an offer of it (``listing_create``)
- offer: price, quantity, handling time, return window, shipping profile, variant (``offer_update``)
- status: activate or pause (``offer_update``)

Texts, attributes, images and variants belong to the vendor that proposed the product; on a shared
catalog product they are shown read-only. The page shows the offer's listing checks (with the fix
each rule's message gives) and the operators' moderation decisions with their reasons.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.common.errors import add_domain_error
from frontend.seller import selectors_listings as selectors
from frontend.seller.access import owned_with_role, portal_url, seller_page
from frontend.seller.forms.listing_edit import (
    AttributesForm,
    ChangeRequestForm,
    ImageUploadForm,
    OfferDetailsForm,
    ProductTextsForm,
    SaleForm,
    VariantForm,
    VariantOfferForm,
)
from frontend.seller.portal import portal_context
from frontend.seller.views.dashboard import OFFER_STATUS
from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from vendors import selectors as vendor_selectors
from vendors.models import Offer
from vendors.services.attributes import category_schema
from vendors.services.change_requests import product_change_request_create
from vendors.services.images import product_image_add, product_image_delete, product_images_arrange
from vendors.services.listings import listing_create
from vendors.services.offers import offer_update
from vendors.services.products import product_attributes_update, product_update
from vendors.services.sales import REFERENCE_DAYS, lowest_price, offer_sale_end, offer_sale_set
from vendors.services.variants import variant_create, variant_delete, variant_update


def _offer(request, vendor, offer_id: int, *, write: bool):
    """The vendor's own offer (another vendor's id is a 404 for every role); writes need the listing role."""
    return owned_with_role(
        request,
        vendor,
        step="listing_list",
        lookup=lambda v: vendor_selectors.offer_get(vendor=v, offer_id=offer_id),
    )


def _forms(vendor, offer, bound: dict | None = None) -> dict:
    product = offer.product
    variants = list(product.variants.order_by("position", "id"))
    profiles = list(selectors.shipping_profiles(vendor=vendor))
    forms = {
        "texts": ProductTextsForm(
            initial={
                name: getattr(product, name) for name in ("title", "title_en", "description", "description_en", "brand")
            }
        ),
        "change_request": ChangeRequestForm(
            initial={
                name: getattr(product, name) for name in ("title", "title_en", "description", "description_en", "brand")
            },
            prefix="change",
        ),
        "attributes": AttributesForm(schema=category_schema(product.category), values=product.attributes or {}),
        "image_add": ImageUploadForm(),
        "offer": OfferDetailsForm(
            initial={
                "price": offer.regular_price.to_decimal(),
                "stock": offer.stock,
                "condition_note": offer.condition_note,
                "handling_days": offer.handling_days,
                "return_window_days": offer.return_window_days,
                "shipping_profile": offer.shipping_profile_id,
                "variant": offer.variant_id,
            },
            currency=offer.currency,
            profiles=profiles,
            variants=variants,
        ),
        "sale": SaleForm(
            initial={
                "sale_price": Money(offer.sale_price_amount, offer.currency).to_decimal()
                if offer.sale_price_amount
                else None,
                "sale_starts_at": timezone.localtime(offer.sale_starts_at) if offer.sale_starts_at else None,
                "sale_ends_at": timezone.localtime(offer.sale_ends_at) if offer.sale_ends_at else None,
            },
            currency=offer.currency,
        ),
        "variant_add": VariantForm(
            initial=_option_names(variants),
        ),
        "variant_offer": VariantOfferForm(
            initial={"stock": 1, "price": offer.price.to_decimal()},
            currency=offer.currency,
            variants=[v for v in variants if not any(o.variant_id == v.id for o in _vendor_offers(vendor, product))],
        ),
    }
    return forms | (bound or {})


def _option_names(variants) -> dict:
    if not variants:
        return {}
    names = sorted(variants[0].options)
    initial = {"option1_name": names[0]}
    if len(names) > 1:
        initial["option2_name"] = names[1]
    return initial


def _vendor_offers(vendor, product):
    return list(selectors.vendor_offers_of_product(vendor=vendor, product=product))


def _render(request, vendor, offer, bound: dict | None = None, status: int = 200):
    product = offer.product
    own = product.created_by_id == vendor.id
    forms = _forms(vendor, offer, bound)
    label, tone = OFFER_STATUS.get(offer.status, (offer.status, "neutral"))
    variants = list(product.variants.order_by("position", "id"))
    offers = _vendor_offers(vendor, product)
    context = portal_context(request, vendor, "listing_list") | {
        "offer": offer,
        "product": product,
        "own_product": own,
        "status_label": label,
        "status_tone": tone,
        "forms": forms,
        "failed": [form for form in (bound or {}).values() if form.errors],
        "images": selectors.product_images(product=product),
        "variants": [
            (
                v,
                next((o for o in offers if o.variant_id == v.id), None),
                (bound or {}).get(f"variant_edit_{v.id}") or VariantForm.for_variant(v),
            )
            for v in variants
        ],
        "checks": list(selectors.listing_checks(offer=offer)),
        "change_requests": selectors.change_requests(vendor=vendor, product=product),
        "decisions": selectors.moderation_decisions(offer=offer),
        "attribute_values": [
            (form_field.label, product.attributes.get(name[len("attr_") :]))
            for name, form_field in forms["attributes"].fields.items()
        ],
        "edit_url": portal_url("frontend:seller_listing_edit", vendor, offer.id),
        "list_url": portal_url("frontend:seller_listings", vendor),
        "lowest_30_days": Money(lowest_price(offer=offer, before=timezone.now()), offer.currency),
        "reference_days": REFERENCE_DAYS,
        "can_activate": offer.status in (Offer.Status.DRAFT, Offer.Status.PAUSED),
        "can_pause": offer.status in (Offer.Status.LIVE, Offer.Status.DRAFT),
    }
    return render(request, "seller/listing_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def listing_edit(request, vendor, offer_id: int):
    if request.method == "GET":
        vendor, offer = _offer(request, vendor, offer_id, write=False)
        return _render(request, vendor, offer)
    vendor, offer = _offer(request, vendor, offer_id, write=True)
    section = request.POST.get("section", "")
    handler = HANDLERS.get(section)
    if handler is None:
        messages.error(request, _("Unknown part of the editor; reload the page and try again."))
        return redirect(portal_url("frontend:seller_listing_edit", vendor, offer.id))
    try:
        outcome = handler(request, vendor, offer)
    except DomainError as exc:  # a service refused a step without a form (image delete or move, status)
        messages.error(request, exc.message)
        outcome = None
    if isinstance(outcome, dict):  # a form with errors: the page again, the form as sent
        offer = vendor_selectors.offer_get(vendor=vendor, offer_id=offer.id)
        return _render(request, vendor, offer, bound=outcome, status=400)
    anchor = f"#{outcome}" if isinstance(outcome, str) else ""
    return redirect(portal_url("frontend:seller_listing_edit", vendor, offer.id) + anchor)


def _attempt(form, call, success: str, section: str, names: dict | None = None):
    """Run ``call`` for a valid form; a service refusal lands on the form's field."""
    if form.is_valid():
        try:
            call(form)
        except DomainError as exc:
            add_domain_error(form, exc, names)
        else:
            return success
    return {section: form}


def _texts(request, vendor, offer):
    form = ProductTextsForm(request.POST)
    outcome = _attempt(
        form,
        lambda f: product_update(vendor=vendor, actor=request.user, product_id=offer.product_id, **f.cleaned_data),
        "texts",
        "texts",
    )
    if outcome == "texts":
        messages.success(request, _("Product texts saved."))
    return outcome


def _change_request(request, vendor, offer):
    form = ChangeRequestForm(request.POST, prefix="change")

    def send(f):
        data = dict(f.cleaned_data)
        note = data.pop("note")
        product_change_request_create(
            vendor=vendor, actor=request.user, product_id=offer.product_id, changes=data, note=note
        )

    outcome = _attempt(form, send, "texts", "change_request", {"product": None})
    if outcome == "texts":
        messages.success(request, _("Change request sent. We check it and tell you our decision here."))
    return outcome


def _attributes(request, vendor, offer):
    form = AttributesForm(request.POST, schema=category_schema(offer.product.category), values={})
    names = {f"attributes.{code}": f"attr_{code}" for code in form.schema}
    outcome = _attempt(
        form,
        lambda f: product_attributes_update(
            vendor=vendor, actor=request.user, product_id=offer.product_id, attributes=f.attributes()
        ),
        "attributes",
        "attributes",
        names,
    )
    if outcome == "attributes":
        messages.success(request, _("Attributes saved."))
    return outcome


def _image_add(request, vendor, offer):
    form = ImageUploadForm(request.POST, request.FILES)
    outcome = _attempt(
        form,
        lambda f: product_image_add(
            vendor=vendor, actor=request.user, product_id=offer.product_id, upload=f.cleaned_data["image"]
        ),
        "images",
        "image_add",
    )
    if outcome == "images":
        messages.success(request, _("Image added."))
    return outcome


def _image_id(request) -> int:
    raw = request.POST.get("image", "")
    if not raw.isdigit():
        raise DomainError(_("Choose an image."), field="image")
    return int(raw)


def _image_delete(request, vendor, offer):
    product_image_delete(vendor=vendor, actor=request.user, product_id=offer.product_id, image_id=_image_id(request))
    messages.success(request, _("Image deleted."))
    return "images"


def _image_move(request, vendor, offer):
    """Move one image a place up (``direction=up``) or down, or make it the main image (``main``)."""
    image_id, direction = _image_id(request), request.POST.get("direction", "")
    images = selectors.product_images(product=offer.product)
    order = [i.id for i in images]
    main = next((i.id for i in images if i.is_main), order[0] if order else None)
    if image_id not in order:
        raise DomainError(_("No such image."), field="image")
    index = order.index(image_id)
    if direction == "up" and index > 0:
        order[index - 1], order[index] = order[index], order[index - 1]
    elif direction == "down" and index < len(order) - 1:
        order[index + 1], order[index] = order[index], order[index + 1]
    elif direction == "main":
        main = image_id
        order.insert(0, order.pop(index))
    product_images_arrange(vendor=vendor, actor=request.user, product_id=offer.product_id, order=order, main_id=main)
    messages.success(request, _("Images arranged."))
    return "images"


def _offer_details(request, vendor, offer):
    product = offer.product
    form = OfferDetailsForm(
        request.POST,
        currency=offer.currency,
        profiles=list(selectors.shipping_profiles(vendor=vendor)),
        variants=list(product.variants.order_by("position", "id")),
    )

    def save(f):
        data = f.cleaned_data
        extra = {"variant_id": data["variant"]} if "variant" in f.fields else {}
        offer_update(
            vendor=vendor,
            actor=request.user,
            offer_id=offer.id,
            price=data["price"],
            stock=data["stock"],
            handling_days=data["handling_days"],
            return_window_days=data["return_window_days"],
            shipping_profile_id=data["shipping_profile"],
            condition_note=data["condition_note"],
            **extra,
        )

    outcome = _attempt(form, save, "offer", "offer", {"variant": "variant"})
    if outcome == "offer":
        messages.success(request, _("Offer saved."))
    return outcome


def _status(request, vendor, offer):
    wanted = {"activate": Offer.Status.LIVE, "pause": Offer.Status.PAUSED}.get(request.POST.get("status", ""))
    if wanted is None:
        raise DomainError(_("Choose activate or pause."), field="status")
    offer = offer_update(vendor=vendor, actor=request.user, offer_id=offer.id, status=wanted)
    label, _tone = OFFER_STATUS.get(offer.status, (offer.status, ""))
    messages.success(request, _("Status: %(status)s.") % {"status": label})
    return "status"


def _sale(request, vendor, offer):
    form = SaleForm(request.POST, currency=offer.currency)
    outcome = _attempt(
        form,
        lambda f: offer_sale_set(
            vendor=vendor,
            actor=request.user,
            offer_id=offer.id,
            sale_price=f.cleaned_data["sale_price"],
            starts_at=f.cleaned_data["sale_starts_at"],
            ends_at=f.cleaned_data["sale_ends_at"],
        ),
        "sale",
        "sale",
    )
    if outcome == "sale":
        messages.success(request, _("Sale saved."))
    return outcome


def _sale_end(request, vendor, offer):
    offer_sale_end(vendor=vendor, actor=request.user, offer_id=offer.id)
    messages.success(request, _("Sale ended; the regular price applies again."))
    return "sale"


def _option_fields(form) -> dict[str, str]:
    """The service's option fields ("options", "options.<name>") as the variant form's inputs."""
    names = {"options": "option1_value", "gtin": "gtin"}
    for number in (1, 2):
        name = form.data.get(form.add_prefix(f"option{number}_name"), "").strip().lower().replace("-", "_")
        if name:
            names[f"options.{name}"] = f"option{number}_value"
    return names


def _variant_add(request, vendor, offer):
    form = VariantForm(request.POST)
    outcome = _attempt(
        form,
        lambda f: variant_create(
            vendor=vendor,
            actor=request.user,
            product_id=offer.product_id,
            options=f.options(),
            gtin=f.cleaned_data["gtin"],
        ),
        "variants",
        "variant_add",
        _option_fields(form),
    )
    if outcome == "variants":
        messages.success(request, _("Variant added."))
    return outcome


def _posted_variant(request, offer):
    """The variant the form names, among the offer's product's."""
    try:
        variant_id = int(request.POST.get("variant", ""))
    except ValueError:
        raise DomainError(_("Choose a variant."), field="variant") from None
    variant = offer.product.variants.filter(id=variant_id).first()
    if variant is None:
        raise NotFound(_("No such variant."), field="variant")
    return variant


def _variant_edit(request, vendor, offer):
    variant = _posted_variant(request, offer)
    form = VariantForm.for_variant(variant, request.POST)
    outcome = _attempt(
        form,
        lambda f: variant_update(
            vendor=vendor,
            actor=request.user,
            product_id=offer.product_id,
            variant_id=variant.id,
            options=f.options(),
            gtin=f.cleaned_data["gtin"],
        ),
        "variants",
        f"variant_edit_{variant.id}",
        _option_fields(form),
    )
    if outcome == "variants":
        messages.success(request, _("Variant saved."))
    return outcome


def _variant_delete(request, vendor, offer):
    variant = _posted_variant(request, offer)
    variant_delete(vendor=vendor, actor=request.user, product_id=offer.product_id, variant_id=variant.id)
    messages.success(request, _("Variant %(label)s deleted.") % {"label": variant.label})
    return "variants"


def _variant_offer(request, vendor, offer):
    variants = list(offer.product.variants.order_by("position", "id"))
    form = VariantOfferForm(request.POST, currency=offer.currency, variants=variants)
    created = {}

    def save(f):
        data = f.cleaned_data
        created["offer"] = listing_create(
            vendor=vendor,
            actor=request.user,
            product_id=offer.product_id,
            variant_id=data["variant"],
            price=data["price"],
            stock=data["stock"],
            condition=offer.condition,
            handling_days=offer.handling_days,
            return_window_days=offer.return_window_days,
            shipping_profile_id=offer.shipping_profile_id,
        )

    outcome = _attempt(form, save, "variants", "variant_offer", {"gtin": "variant"})
    if outcome == "variants":
        messages.success(request, _("Offer of the variant saved (SKU %(sku)s).") % {"sku": created["offer"].sku})
    return outcome


HANDLERS = {
    "texts": _texts,
    "change_request": _change_request,
    "attributes": _attributes,
    "image_add": _image_add,
    "image_delete": _image_delete,
    "image_move": _image_move,
    "offer": _offer_details,
    "status": _status,
    "sale": _sale,
    "sale_end": _sale_end,
    "variant_add": _variant_add,
    "variant_edit": _variant_edit,
    "variant_delete": _variant_delete,
    "variant_offer": _variant_offer,
}
