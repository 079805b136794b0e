"""Domain events vendors publish to other systems through the transactional outbox."""

from __future__ import annotations

from marketplace.outbox import outbox_publish_many
from vendors.models import Offer

PRODUCT_CHANGED = "catalog.product_changed"


def catalog_product_changed(*, product_ids) -> None:
    """Tell the search index (through the outbox) that these products' summaries changed."""
    outbox_publish_many(catalog_product_changed_events(product_ids=product_ids))


def catalog_product_changed_events(*, product_ids) -> list[tuple[str, str, dict]]:
    """The outbox rows of ``catalog_product_changed``, for callers that write them together with
    rows of their own (one INSERT for the checkout's events)."""
    return [
        (PRODUCT_CHANGED, f"product:{product_id}", {"product_id": product_id})
        for product_id in sorted(set(product_ids))
    ]


def vendor_sellability_changed(*, vendor, could_sell: bool) -> None:
    """Re-publish the vendor's products when whether it can sell changed, so the index drops or
    restores its offers. Call inside the transaction that changed the vendor."""
    if vendor.can_sell != could_sell:
        catalog_product_changed(product_ids=vendor.offers.values_list("product_id", flat=True))


# Other apps (moderation's listing rules) react to a created or changed offer inside the same
# transaction. They register here, so vendors never imports them (dependencies point inward).
_listing_listeners: list = []
_listing_batch_forms: dict = {}


def listing_listener_register(listener, *, created_batch=None) -> None:
    """``listener(offer=...)`` runs after each offer create/update, inside its transaction.

    ``created_batch(offers=[...])``: the same for many new offers at once (an import's chunk,
    oldest first), with the outcome of calling ``listener`` for each in turn but set-based."""
    if listener not in _listing_listeners:
        _listing_listeners.append(listener)
    if created_batch is not None:
        _listing_batch_forms[listener] = created_batch


# Other apps react to an operator's status step on a vendor (moderation issues the statement of
# reasons for a suspension), inside the same transaction.
_status_listeners: list = []


def vendor_status_listener_register(listener) -> None:
    """``listener(vendor=..., transition=..., actor=..., explanation=...)`` runs after each
    operator status step, inside its transaction."""
    if listener not in _status_listeners:
        _status_listeners.append(listener)


def vendor_status_changed(*, vendor, transition: str, actor, explanation: str) -> None:
    for listener in _status_listeners:
        listener(vendor=vendor, transition=transition, actor=actor, explanation=explanation)


def listing_changed(*, offer) -> None:
    for listener in _listing_listeners:
        listener(offer=offer)


def listings_created(*, offers: list) -> None:
    """``listing_changed`` for offers just created together (ascending ids): each listener's batch
    form when it has one, else the listener once per offer."""
    if not offers:
        return
    for listener in _listing_listeners:
        batch = _listing_batch_forms.get(listener)
        if batch is not None:
            batch(offers=offers)
        else:
            for offer in offers:
                listener(offer=offer)


def product_listings_changed(*, product_id: int) -> None:
    """A product's texts or images changed: the listing rules run again for each of its offers, so
    a product edit that fixes a rule lifts a rules suppression as an offer edit would."""
    for offer in Offer.objects.filter(product_id=product_id).select_related("product", "vendor").order_by("id"):
        listing_changed(offer=offer)
