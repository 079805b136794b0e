"""Listing rules: validation of each kind's params and the evaluation of an offer against them.

Evaluation only reads the database (apart from storing image fingerprints the first time they are
compared, moderation.fingerprints). Each failed rule gives a RuleResult with a stable
machine-readable ``code`` and a message telling the vendor how to fix the listing; passing
rules give nothing, so an empty list means "pass".
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from difflib import SequenceMatcher
from statistics import median_low

from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.models import Category
from moderation.models import ListingRule
from vendors.models import Offer, Product

K = ListingRule.Kind

# Offers an evaluation must not see yet: when a batch of new offers (an import's chunk) is
# evaluated one after the other, each sees only the offers created before it, as it would have
# when the rows were listed one by one.
_not_yet: ContextVar[frozenset] = ContextVar("listing_rules_not_yet", default=frozenset())


@contextmanager
def offers_not_yet_listed(offer_ids):
    token = _not_yet.set(frozenset(offer_ids))
    try:
        yield
    finally:
        _not_yet.reset(token)


def _without_unlisted(offers):
    hidden = _not_yet.get()
    return offers.exclude(id__in=hidden) if hidden else offers


@dataclass(frozen=True)
class RuleResult:
    code: str
    severity: str
    message: str
    rule_id: int | None = None


# ---------------------------------------------------------------- params of each kind


def _int(params: dict, name: str, *, default=None, minimum: int = 0, maximum: int = 1_000_000) -> int | None:
    value = params.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise DomainError(f"params.{name} must be a whole number from {minimum} to {maximum}.", field="params")
    return value


def _bool(params: dict, name: str, *, default: bool) -> bool:
    value = params.get(name, default)
    if not isinstance(value, bool):
        raise DomainError(f"params.{name} must be true or false.", field="params")
    return value


def _strings(params: dict, name: str) -> list[str]:
    value = params.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise DomainError(f"params.{name} must be a non-empty list of non-empty strings.", field="params")
    return [v.strip() for v in value]


def _range(params: dict) -> dict:
    low, high = _int(params, "min", default=0), _int(params, "max")
    if high is not None and high < low:
        raise DomainError("params.max must not be smaller than params.min.", field="params")
    return {"min": low, "max": high}


def _patterns(params: dict) -> dict:
    patterns = _strings(params, "patterns")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise DomainError(
                f"params.patterns: {pattern!r} is not a valid regular expression ({exc}).", field="params"
            ) from None
    return {"patterns": patterns}


def _price(params: dict) -> dict:
    scope = params.get("scope", "product")
    if scope not in ("product", "category"):
        raise DomainError("params.scope must be 'product' or 'category'.", field="params")
    cleaned = {
        "scope": scope,
        # Percentages of the median: below low_pct or above high_pct is an anomaly.
        "low_pct": _int(params, "low_pct", default=50, minimum=1, maximum=100),
        "high_pct": _int(params, "high_pct", default=300, minimum=100, maximum=100_000),
        # Fewer other live offers than this and there is no meaningful median.
        "min_offers": _int(params, "min_offers", default=3, minimum=1, maximum=1000),
    }
    return cleaned


RULE_PARAMS = {
    K.REQUIRED_ATTRIBUTES: lambda p: {"attributes": _strings(p, "attributes")},
    K.MIN_IMAGES: lambda p: {
        "min": _int(p, "min", default=1, minimum=1, maximum=50),
        "min_width": _int(p, "min_width", default=0, maximum=20_000),
        "min_height": _int(p, "min_height", default=0, maximum=20_000),
    },
    K.TITLE_LENGTH: _range,
    K.DESCRIPTION_LENGTH: _range,
    K.BANNED_PATTERNS: _patterns,
    K.PROHIBITED_TERMS: lambda p: {"terms": _strings(p, "terms")},
    K.PRICE_ANOMALY: _price,
    K.DUPLICATE_LISTING: lambda p: {
        # A title this similar alone makes a duplicate.
        "min_similarity_pct": _int(p, "min_similarity_pct", default=90, minimum=50, maximum=100),
        # Same category and identical attribute values: a title this similar is enough.
        "attributes_title_pct": _int(p, "attributes_title_pct", default=60, minimum=0, maximum=100),
        # An image with the same content as one of another listing's.
        "images": _bool(p, "images", default=True),
    },
    K.GTIN_REQUIRED: lambda p: {},
    K.MAX_HANDLING_DAYS: lambda p: {"max": _int(p, "max", default=3, maximum=30)},
}


def rule_params_clean(*, kind: str, params) -> dict:
    if kind not in RULE_PARAMS:
        raise DomainError(f"Unknown rule kind {kind!r}; allowed: {', '.join(K.values)}.", field="kind")
    if not isinstance(params, dict):
        raise DomainError("params must be an object.", field="params")
    return RULE_PARAMS[kind](params)


# ---------------------------------------------------------------- evaluation


def normalise_title(text: str) -> str:
    """Lower case, accents folded, punctuation dropped, words sorted: 'Helm, rot!' == 'rot helm'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(sorted(re.findall(r"\w+", text)))


def title_similarity_pct(a: str, b: str) -> int:
    return round(SequenceMatcher(None, normalise_title(a), normalise_title(b)).ratio() * 100)


def _texts(product: Product) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in (
            ("title", product.title),
            ("title_en", product.title_en),
            ("description", product.description),
            ("description_en", product.description_en),
            ("brand", product.brand),
        )
        if value
    ]


def category_ancestor_ids(category: Category) -> list[int]:
    ids, node = [], category
    while node is not None:
        ids.append(node.id)
        node = node.parent
    return ids


def rules_for(category: Category) -> list[ListingRule]:
    from django.db.models import Q

    return list(
        ListingRule.objects.filter(
            Q(category__isnull=True) | Q(category_id__in=category_ancestor_ids(category)), active=True
        ).order_by("id")
    )


def _required_attributes(rule, offer, product):
    missing = [a for a in rule.params["attributes"] if product.attributes.get(a) in (None, "", [])]
    if missing:
        return "missing_attributes", _("Add the attributes %(names)s to the product.") % {"names": ", ".join(missing)}


def _min_images(rule, offer, product):
    p = rule.params
    images = list(product.images.all())
    good = [i for i in images if i.width >= p["min_width"] and i.height >= p["min_height"]]
    if len(good) < p["min"]:
        return "too_few_images", _(
            "Upload at least %(min)s images of at least %(w)sx%(h)s pixels (the product has %(n)s)."
        ) % {"min": p["min"], "w": p["min_width"], "h": p["min_height"], "n": len(good)}


def _length(field_names, code, label):
    def check(rule, offer, product):
        low, high = rule.params["min"], rule.params["max"]
        values = [getattr(product, f) for f in field_names if getattr(product, f)] or [""]
        for value in values:
            length = len(value.strip())
            if length < low or (high is not None and length > high):
                allowed = (
                    (_("%(min)s to %(max)s") % {"min": low, "max": high})
                    if high is not None
                    else (_("at least %(min)s") % {"min": low})
                )
                return code, _("The %(what)s has %(n)s characters; write %(allowed)s characters.") % {
                    "what": label(),
                    "n": length,
                    "allowed": allowed,
                }

    return check


def _banned_patterns(rule, offer, product):
    for pattern in rule.params["patterns"]:
        for name, value in _texts(product):
            if re.search(pattern, value, flags=re.IGNORECASE):
                return "banned_pattern", _("The %(field)s matches a banned pattern (%(pattern)s); remove it.") % {
                    "field": name,
                    "pattern": pattern,
                }


def _prohibited_terms(rule, offer, product):
    for term in rule.params["terms"]:
        for name, value in _texts(product):
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", value, flags=re.IGNORECASE):
                return "prohibited_term", _(
                    "The %(field)s contains the prohibited term %(term)r; items of this kind may not be sold, "
                    "or remove the word if it does not describe the item."
                ) % {"field": name, "term": term}


def _price_anomaly(rule, offer, product):
    p = rule.params
    others = _without_unlisted(Offer.objects.filter(status=Offer.Status.LIVE, currency=offer.currency)).exclude(
        id=offer.id
    )
    if p["scope"] == "product":
        others = others.filter(product_id=product.id)
    else:
        others = others.filter(product__category_id=product.category_id)
    prices = list(others.values_list("price_amount", flat=True))
    if len(prices) < p["min_offers"]:
        return None
    median = median_low(prices)
    # Integer comparisons: price/median < low_pct% or > high_pct%.
    if offer.price_amount * 100 < median * p["low_pct"] or offer.price_amount * 100 > median * p["high_pct"]:
        return "price_anomaly", _(
            "The price %(price)s is far from the usual %(median)s for this %(scope)s; check the price (and its unit: cents)."
        ) % {"price": offer.price, "median": type(offer.price)(median, offer.currency), "scope": p["scope"]}


def normalised_attributes(attributes: dict) -> dict[str, str]:
    """Attribute values compared case-, accent- and spacing-blind; empty ones left out."""
    found = {}
    for name, value in (attributes or {}).items():
        if value in (None, "", []):
            continue
        values = value if isinstance(value, list) else [value]
        found[name] = "|".join(sorted(normalise_title(str(v)) for v in values))
    return found


def _duplicate_listing(rule, offer, product):
    """Same vendor, another product: a nearly identical title; or the same category and
    attributes with a similar title; or an image with identical content. Offers of the same
    product (another condition) are not duplicates."""
    from moderation.fingerprints import product_image_hashes

    p = rule.params
    others = list(
        _without_unlisted(Offer.objects.filter(vendor_id=offer.vendor_id))
        .exclude(id=offer.id)
        .exclude(product_id=product.id)
        .exclude(status=Offer.Status.REJECTED)
        .select_related("product")
        .order_by("id")
    )
    title = product.title_for()
    for other in others:
        if title_similarity_pct(other.product.title_for(), title) >= p["min_similarity_pct"]:
            return "duplicate_listing", _(
                "You already list a nearly identical product (offer %(id)s, SKU %(sku)s); change that offer instead of listing it twice."
            ) % {"id": other.id, "sku": other.sku}
    attributes = normalised_attributes(product.attributes)
    if attributes and p.get("attributes_title_pct") is not None:
        for other in others:
            if (
                other.product.category_id == product.category_id
                and normalised_attributes(other.product.attributes) == attributes
                and title_similarity_pct(other.product.title_for(), title) >= p["attributes_title_pct"]
            ):
                return "duplicate_attributes", _(
                    "Offer %(id)s (SKU %(sku)s) is a product of the same category with the same attributes and a similar title; "
                    "change that offer instead of listing the item twice."
                ) % {"id": other.id, "sku": other.sku}
    if p.get("images", True) and others:
        hashes = product_image_hashes(product_ids=[product.id, *(o.product_id for o in others)])
        own = hashes.get(product.id, set())
        for other in others if own else ():
            if own & hashes.get(other.product_id, set()):
                return "duplicate_image", _(
                    "An image of this product is identical to one of offer %(id)s (SKU %(sku)s); list the item once, "
                    "or use your own photos of each product."
                ) % {"id": other.id, "sku": other.sku}


def _gtin_required(rule, offer, product):
    if not product.gtin and not (offer.variant_id and offer.variant.gtin):
        return "gtin_missing", _("This category requires a GTIN (EAN); add the product's barcode number.")


def _max_handling_days(rule, offer, product):
    if offer.handling_days > rule.params["max"]:
        return "handling_too_long", _("Handling time is %(days)s days; this category allows at most %(max)s.") % {
            "days": offer.handling_days,
            "max": rule.params["max"],
        }


EVALUATORS = {
    K.REQUIRED_ATTRIBUTES: _required_attributes,
    K.MIN_IMAGES: _min_images,
    K.TITLE_LENGTH: _length(("title", "title_en"), "title_length", lambda: _("title")),
    K.DESCRIPTION_LENGTH: _length(("description", "description_en"), "description_length", lambda: _("description")),
    K.BANNED_PATTERNS: _banned_patterns,
    K.PROHIBITED_TERMS: _prohibited_terms,
    K.PRICE_ANOMALY: _price_anomaly,
    K.DUPLICATE_LISTING: _duplicate_listing,
    K.GTIN_REQUIRED: _gtin_required,
    K.MAX_HANDLING_DAYS: _max_handling_days,
}


def _gpsr_field_label(name: str) -> str:
    return {
        "responsible_name": _("responsible economic operator in the EU (name)"),
        "responsible_address": _("responsible economic operator in the EU (address)"),
        "responsible_email": _("responsible economic operator in the EU (e-mail)"),
        "manufacturer_name": _("manufacturer (name)"),
        "manufacturer_address": _("manufacturer (address)"),
    }.get(name, name)


def compliance_results(offer: Offer) -> list[RuleResult]:
    """The legal gates of the offer's category (GPSR data, registration numbers): blocking, not
    rows of ListingRule; each message names the missing field (vendors.services.compliance)."""
    from vendors.models import SellerRegistration
    from vendors.services.compliance import compliance_problems

    results = []
    for code, field in compliance_problems(offer):
        if code == "gpsr_missing":
            message = _(
                "Product safety (GPSR): %(label)s is missing [%(field)s]; the offer stays offline until it is given."
            ) % {"label": _gpsr_field_label(field), "field": field}
        elif code == "registration_missing":
            message = _(
                "This category needs your %(label)s registration number [%(field)s]; the offer stays offline until it is given."
            ) % {"label": SellerRegistration.Kind(field).label, "field": f"{field}_number"}
        else:
            message = _("Your %(label)s registration number is not valid [%(field)s].") % {
                "label": SellerRegistration.Kind(field).label,
                "field": f"{field}_number",
            }
        results.append(RuleResult(code=code, severity=ListingRule.Severity.BLOCK, message=str(message)))
    return results


def listing_check(offer: Offer, *, rules: list[ListingRule] | None = None) -> list[RuleResult]:
    """Every failed rule for ``offer`` (its product's category rules and the global ones), and
    the category's legal gates (``compliance_results``) when all rules are checked."""
    product = offer.product
    results = []
    for rule in rules if rules is not None else rules_for(product.category):
        outcome = EVALUATORS[rule.kind](rule, offer, product)
        if outcome:
            code, message = outcome
            results.append(RuleResult(code=code, severity=rule.severity, message=str(message), rule_id=rule.id))
    if rules is None:
        results += compliance_results(offer)
    return results
