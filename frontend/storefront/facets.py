"""The search page's filter groups: the engine's facets (``SearchResult.facets``) next to what the
buyer chose (the search form), as fieldsets of checkboxes or radio buttons with counts.

Presentation only: the query itself is ``search.selectors.product_search`` with the filters of
``search.selectors.search_filters``, exactly as the API builds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import get_language, gettext, ngettext

from frontend.common.templatetags.money import money
from frontend.storefront.forms.search import CONDITION_LABELS, FACETS_SHOWN
from marketplace.models import AttributeDefinition
from marketplace.money import Money
from search.selectors.catalog import category_path_for, in_language


@dataclass
class FacetOption:
    value: str
    label: str
    count: int | None
    checked: bool
    url: str = ""  # links (price ranges): the query string that applies the option
    dom_id: str = ""  # stable across reloads (htmx puts the focus back on it after a swap)


@dataclass
class FacetGroup:
    name: str  # the query parameter
    title: str
    kind: str  # "checkbox", "radio" or "links"
    options: list[FacetOption] = field(default_factory=list)
    more_url: str = ""  # "show all values" when the engine left some out
    less_url: str = ""  # back to the first values
    clear_url: str = ""  # removes this filter (price)
    param: str = ""  # the input's name when it differs from ``name`` (attributes: "attr")

    @property
    def input_name(self) -> str:
        return self.param or self.name

    @property
    def dom_id(self) -> str:
        return "facet-" + "".join(c if c.isalnum() else "-" for c in self.name)


def _query(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [str(value)])
    query.pop("page", None)
    return "?" + query.urlencode()


def _euros(cents: int) -> str:
    value = Decimal(cents) / 100
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def _price_group(result, form, params: QueryDict, currency: str) -> FacetGroup:
    group = FacetGroup("price", gettext("Price"), "links")
    data = form.cleaned_data
    for facet in result.facets.get("price", []):
        lo, hi = (int(part) if part else None for part in facet.value.split("-"))
        if lo is None:
            label = gettext("up to %(price)s") % {"price": money(Money(hi, currency))}
        elif hi is None:
            label = gettext("from %(price)s") % {"price": money(Money(lo, currency))}
        else:
            label = f"{money(Money(lo, currency))} – {money(Money(hi, currency))}"
        low = None if lo is None else _euros(lo)
        high = None if hi is None else _euros(hi)
        checked = form.search_parameters()["price_min"] == lo and form.search_parameters()["price_max"] == hi
        if not facet.count and not checked:
            continue
        group.options.append(
            FacetOption(facet.value, label, facet.count, checked, _query(params, price_min=low, price_max=high))
        )
    if data.get("price_min") is not None or data.get("price_max") is not None:
        group.clear_url = _query(params, price_min=None, price_max=None)
    return group


def _terms_group(result, name: str, param: str, title: str, chosen: list[str], *, expanded: bool, prefix: str = ""):
    """Checkboxes of a terms facet; ``prefix`` goes before each value (attributes: "code:")."""
    group = FacetGroup(name, title, "checkbox", param=param)
    seen = set()
    for facet in result.facets.get(name, []):
        group.options.append(
            FacetOption(prefix + facet.value, facet.label or facet.value, facet.count, facet.value in chosen)
        )
        seen.add(facet.value)
    # A chosen value the current result has no count for stays visible, so it can be unchecked.
    for value in chosen:
        if value not in seen:
            group.options.insert(0, FacetOption(prefix + value, value, 0, True))
    if not expanded and (len(group.options) > FACETS_SHOWN or name in result.more_facets):
        group.options = group.options[:FACETS_SHOWN]
        group.more_url = "more"
    return group


def _attribute_labels(category: int | None) -> dict[str, str]:
    path = category_path_for(category) if category else None
    if not path:
        return {}
    parts = path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    language = get_language()
    return {
        code: in_language(language, german=de, english=en)
        for code, de, en in AttributeDefinition.objects.filter(category__path__in=paths).values_list(
            "code", "name_de", "name_en"
        )
    }


def _stars(step: int) -> str:
    return ngettext("%(stars)s star & up", "%(stars)s stars & up", step) % {"stars": step}


def facet_groups(result, form, params: QueryDict, currency: str = "EUR") -> list[FacetGroup]:
    """The filter groups of the search page, in the order a buyer narrows: price, condition,
    rating, seller rating, dispatch, shipping and stock, brand, seller, the category's details."""
    data = form.cleaned_data
    chosen = form.search_parameters()
    more = data.get("more") or ""
    groups = [_price_group(result, form, params, currency)]

    condition = FacetGroup("condition", gettext("Condition"), "checkbox")
    counts = {f.value: f.count for f in result.facets.get("condition", [])}
    for value, label in CONDITION_LABELS.items():
        if counts.get(value) or value in chosen["condition"]:
            condition.options.append(FacetOption(value, str(label), counts.get(value, 0), value in chosen["condition"]))
    groups.append(condition)

    rating = FacetGroup("rating_min", gettext("Customer rating"), "radio")
    rating.options.append(FacetOption("", gettext("Any"), None, chosen["rating_min"] is None))
    for facet in result.facets.get("rating", []):
        step = int(facet.value)
        rating.options.append(FacetOption(facet.value, _stars(step), facet.count, chosen["rating_min"] == step))
    groups.append(rating)

    seller = FacetGroup("seller_rating_min", gettext("Seller rating"), "radio")
    seller.options.append(FacetOption("", gettext("Any"), None, chosen["seller_rating_min"] is None))
    for value, _label in form.fields["seller_rating_min"].choices[1:]:
        step = int(value)
        seller.options.append(FacetOption(value, _stars(step), None, chosen["seller_rating_min"] == step))
    groups.append(seller)

    delivery = FacetGroup("max_delivery_days", gettext("Dispatch"), "radio")
    delivery.options.append(FacetOption("", gettext("Any"), None, chosen["max_delivery_days"] is None))
    for facet in result.facets.get("delivery", []):
        days = int(facet.value)
        label = ngettext("within %(days)s day", "within %(days)s days", days) % {"days": days}
        delivery.options.append(FacetOption(facet.value, label, facet.count, chosen["max_delivery_days"] == days))
    groups.append(delivery)

    shipping = FacetGroup("shipping", gettext("Shipping and stock"), "switches")
    free = result.facets.get("free_shipping", [])
    stock = result.facets.get("in_stock", [])
    shipping.options.append(
        FacetOption(
            "free_shipping", gettext("Free shipping"), free[0].count if free else 0, bool(data["free_shipping"])
        )
    )
    shipping.options.append(
        FacetOption("in_stock", gettext("In stock"), stock[0].count if stock else 0, bool(data["in_stock"]))
    )
    groups.append(shipping)

    groups.append(_terms_group(result, "brand", "brand", gettext("Brand"), chosen["brand"], expanded=more == "brand"))
    groups.append(
        _terms_group(
            result, "vendor", "vendor", gettext("Seller"), [str(v) for v in chosen["vendor"]], expanded=more == "vendor"
        )
    )
    labels = _attribute_labels(data.get("category"))
    attr_chosen: dict[str, list[str]] = {}
    for item in chosen["attr"]:
        code, value = item.split(":", 1)
        attr_chosen.setdefault(code, []).append(value)
    for name in result.facets:
        if not name.startswith("attr:"):
            continue
        code = name[5:]
        groups.append(
            _terms_group(
                result,
                name,
                "attr",
                labels.get(code, code),
                attr_chosen.get(code, []),
                expanded=more == name,
                prefix=f"{code}:",
            )
        )
    for group in groups:
        for option in group.options:
            digest = hashlib.sha1(f"{group.name}={option.value}".encode()).hexdigest()[:10]
            option.dom_id = f"{group.dom_id}-{digest}"
        if group.more_url == "more":
            group.more_url = _query(params, more=group.name)
        elif more == group.name:
            group.less_url = _query(params, more=None)
    return [group for group in groups if group.options]
