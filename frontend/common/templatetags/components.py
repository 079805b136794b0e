"""The design system's components: ``{% load components %}``.

Each tag renders one template under ``frontend/common/templates/components/``; the markup uses
Bootstrap 5.3 classes (vendored, see ``static/common/vendor/README.md``) plus the few classes of
``site.css``. Money arguments are ``marketplace.money.Money`` (integer minor units + currency),
formatted by the ``money`` filter's ``format_money``; never floats. See ``frontend/common/README.md``
for the list with examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.template.library import parse_bits
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from frontend.common.charts import BarChart, bar_chart
from frontend.common.templatetags.money import format_money
from marketplace.money import Money

register = template.Library()


# --- status badge --------------------------------------------------------------------------

# Status value -> tone. Tones are the Bootstrap "text-bg-*" colours with enough contrast
# (success/danger/info/warning/secondary); unknown values are neutral.
STATUS_TONES: dict[str, str] = {
    # good end states
    "approved": "success",
    "delivered": "success",
    "refunded": "success",
    "paid": "success",
    "finished": "success",
    "shipped": "success",
    "published": "success",
    "active": "success",
    "resolved": "success",
    "accepted": "success",
    "received": "success",
    "completed": "success",
    # waiting for someone
    "applied": "warning",
    "under_review": "warning",
    "info_requested": "warning",
    "open": "warning",
    "requested": "warning",
    "pending": "warning",
    "pending_payment": "warning",
    "running": "warning",
    "partially_shipped": "warning",
    "draft": "warning",
    "placed": "info",
    "in_review": "warning",
    # stopped / refused
    "rejected": "danger",
    "suspended": "danger",
    "cancelled": "danger",
    "failed": "danger",
    "blocked": "danger",
    "removed": "danger",
    "expired": "danger",
}
TONE_CLASSES = {
    "success": "text-bg-success",
    "warning": "text-bg-warning",
    "danger": "text-bg-danger",
    "info": "text-bg-info",
    "neutral": "text-bg-light border",
}


def status_tone(status: str) -> str:
    return STATUS_TONES.get(str(status), "neutral")


@register.inclusion_tag("components/status_badge.html")
def status_badge(status, kind: str | None = None, label: str | None = None, tone: str | None = None):
    """``{% status_badge vendor_order.status kind="vendor_order_status" %}``

    ``kind`` looks the translated label up in ``frontend.labels`` (as the ``choice_label`` filter
    does); ``label`` overrides it; ``tone`` (success, warning, danger, info, neutral) overrides the
    colour that ``STATUS_TONES`` gives the status."""
    if label is None:
        if kind:
            from frontend.common.labels import label as choice_label

            label = choice_label(kind, status)
        else:
            label = str(status).replace("_", " ").capitalize()
    tone = tone if tone in TONE_CLASSES else status_tone(status)
    return {"status": status, "label": label, "tone": tone, "tone_class": TONE_CLASSES[tone]}


# --- money: price block ----------------------------------------------------------------------


def _money_text(value: Money | None) -> str:
    return format_money(value.amount, value.currency) if isinstance(value, Money) else ""


@register.inclusion_tag("components/price_block.html")
def price_block(
    price: Money,
    shipping: Money | None = None,
    unit_price: Money | None = None,
    unit: str = "",
    was: Money | None = None,
    from_price: bool = False,
    size: str = "md",
    shipping_url: str = "",
):
    """``{% price_block offer.price shipping=cost unit_price=per_kg unit="1 kg" was=old_price %}``

    The gross price (VAT included, as German law wants it shown to consumers), "incl. VAT", the
    shipping note ("plus shipping" when ``shipping`` is None, "free shipping" when it is zero,
    else "plus 4,90 € shipping"; a link to the shipping terms when ``shipping_url`` is given), the
    optional Grundpreis (``unit_price`` per ``unit``) and an optional earlier price (``was``,
    shown struck through as "instead of")."""
    if not isinstance(price, Money):
        raise template.TemplateSyntaxError("price_block needs a Money price (integer minor units + currency).")
    return {
        "price_text": _money_text(price),
        "from_price": from_price,
        "shipping": shipping,
        "shipping_text": _money_text(shipping),
        "shipping_free": isinstance(shipping, Money) and shipping.amount == 0,
        "unit_price_text": _money_text(unit_price),
        "unit": unit,
        "was_text": _money_text(was) if isinstance(was, Money) and was != price else "",
        "size": size if size in {"sm", "md", "lg"} else "md",
        "shipping_url": shipping_url,
    }


# --- product card ---------------------------------------------------------------------------


# Card pictures: one grid column on phones, about 16rem wide from 768 px on.
CARD_IMAGE_SIZES = "(min-width: 48rem) 16rem, 100vw"


def _image_sources(image):
    """The srcset sources (vendors.images.ImageSources) of a ProductImage or of sources; else None."""
    if image is None or isinstance(image, str):
        return None
    if hasattr(image, "srcset"):
        return image
    try:
        return image.sources if hasattr(image, "renditions") else None
    except ValueError:  # a field without a file
        return None


def _image_url(image) -> str:
    """A ProductImage (its thumbnail), image sources, an image field file, or a URL string."""
    if not image:
        return ""
    if isinstance(image, str):
        return image
    if hasattr(image, "srcset"):
        return image.thumbnail
    for attribute in ("thumbnail", "image"):
        file = getattr(image, attribute, None)
        if file:
            try:
                return file.url
            except ValueError:  # a field without a file
                continue
    try:
        return image.url
    except (AttributeError, ValueError):
        return ""


@register.inclusion_tag("components/product_card.html")
def product_card(
    title: str,
    url: str,
    price: Money | None = None,
    image=None,
    image_alt: str = "",
    from_price: bool = False,
    brand: str = "",
    offer_count: int | None = None,
    in_stock: bool = True,
    vendor_names: Sequence[str] = (),
    heading_level: int = 3,
    shipping_url: str = "",
    was: Money | None = None,
):
    """``{% product_card title=hit|hit_title url=product_url price=hit_price image=product.main_image %}``

    A placeholder takes the picture's place when there is none; a ProductImage (or its
    ``sources``) comes with a ``srcset`` of its renditions. ``image_alt`` is empty by default:
    the title right below already names the product, so the picture is decorative. ``was``: the
    struck-through "statt" price of a sale (the lowest price of the 30 days before it)."""
    sources = _image_sources(image)
    return {
        "title": title,
        "url": url,
        "price": price if isinstance(price, Money) else None,
        "image_url": _image_url(image),
        "image_srcset": sources.srcset if sources else "",
        "image_sizes": CARD_IMAGE_SIZES,
        "image_alt": image_alt,
        "from_price": from_price,
        "brand": brand,
        "offer_count": offer_count,
        "in_stock": in_stock,
        "vendor_names": list(vendor_names or ()),
        "shipping_url": shipping_url,
        "was": was if isinstance(was, Money) else None,
        "heading_tag": f"h{heading_level}" if heading_level in (2, 3, 4) else "h3",
    }


# --- block components: a tag with a body ("slot") -----------------------------------------------


class _BlockComponentNode(template.Node):
    def __init__(self, nodelist, func, template_name, args, kwargs):
        self.nodelist, self.func, self.template_name, self.args, self.kwargs = (
            nodelist,
            func,
            template_name,
            args,
            kwargs,
        )

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        values = self.func(*args, **kwargs)
        values["slot"] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered by the template engine
        component = context.template.engine.get_template(self.template_name)
        new_context = context.new(values)
        csrf_token = context.get("csrf_token")  # as Django's inclusion tags do: forms inside need it
        if csrf_token is not None:
            new_context["csrf_token"] = csrf_token
        return component.render(new_context)


def block_component(template_name: str):
    """Register ``func`` as ``{% name args %}body{% endname %}``: the rendered body reaches the
    template as ``slot`` (already escaped by the template engine)."""

    def decorator(func):
        import inspect

        spec = inspect.getfullargspec(func)

        def compile_tag(parser, token):
            bits = token.split_contents()
            name = bits[0]
            args, kwargs = parse_bits(
                parser,
                bits[1:],
                spec.args,
                spec.varargs,
                spec.varkw,
                spec.defaults,
                spec.kwonlyargs,
                spec.kwonlydefaults,
                False,
                name,
            )
            nodelist = parser.parse((f"end{name}",))
            parser.delete_first_token()
            return _BlockComponentNode(nodelist, func, template_name, args, kwargs)

        register.tag(func.__name__, compile_tag)
        return func

    return decorator


# --- offer row --------------------------------------------------------------------------------


@block_component("components/offer_row.html")
def offer_row(
    offer,
    cart_url: str = "",
    shipping: Money | None = None,
    seller_url: str = "",
    condition: str = "",
    featured: bool = False,
    next_url: str = "",
    delivery_date=None,
    seller_rating=None,
    seller_rating_count: int | None = None,
    unit_price: Money | None = None,
    unit: str = "",
    shipping_url: str = "",
    addons=(),
    was: Money | None = None,
):
    """``{% offer_row offer cart_url=add_url shipping=cost seller_url=... %}extra seller info{% endoffer_row %}``

    One seller's offer on a product page: seller, condition, price block, stock, dispatch time and
    the add-to-cart form (posting ``offer`` and ``quantity`` to ``cart_url``; no form when it is
    empty or the offer is sold out). The body goes under the seller's name (trader details, contact
    and report links). ``offer`` needs ``id``, ``price`` (Money), ``stock``, ``handling_days`` and
    ``vendor.name``. Stock is never a raw count: "In stock", or "Only 3 left" at or below
    ``MARKETPLACE_LOW_STOCK_THRESHOLD``. Optional: ``delivery_date`` ("Delivery by <date>" instead
    of the dispatch time), ``seller_rating`` (average stars) with ``seller_rating_count`` (a count
    of 0: "no ratings yet"), ``unit_price``/``unit``/``shipping_url``/``was`` for the price block,
    ``addons``: services offered with the item (``id``, ``title``, ``price_amount``, ``currency``,
    ``provider.name``), checkboxes named ``service_offer`` in the add-to-cart form."""
    stock = int(getattr(offer, "stock", 0) or 0)
    return {
        "offer": offer,
        "cart_url": cart_url,
        "shipping": shipping,
        "seller_url": seller_url,
        "condition": condition,
        "featured": featured,
        "stock": stock,
        "max_quantity": min(stock, 999),
        "next_url": next_url,
        "low_stock": 0 < stock <= settings.MARKETPLACE_LOW_STOCK_THRESHOLD,
        "delivery_date": delivery_date,
        "seller_rating": seller_rating,
        "seller_rating_count": seller_rating_count,
        "unit_price": unit_price,
        "unit": unit,
        "shipping_url": shipping_url,
        "addons": addons,
        "was": was,
    }


# --- empty state --------------------------------------------------------------------------------


@register.inclusion_tag("components/empty_state.html")
def empty_state(title: str, text: str = "", action_url: str = "", action_label: str = "", heading_level: int = 2):
    """``{% translate "No orders yet" as title %}{% empty_state title text action_url=url action_label=label %}``

    A list with nothing to show says so and says what to do next (the optional action link)."""
    return {
        "title": title,
        "text": text,
        "action_url": action_url,
        "action_label": action_label,
        "heading_tag": f"h{heading_level}" if heading_level in (2, 3, 4) else "h2",
    }


# --- flash messages ----------------------------------------------------------------------------

MESSAGE_CLASSES = {"debug": "secondary", "info": "info", "success": "success", "warning": "warning", "error": "danger"}


@register.inclusion_tag("components/flash_messages.html", takes_context=True)
def flash_messages(context):
    """``{% flash_messages %}``: the messages framework's messages (consumed when rendered).
    Errors are announced at once (role=alert), the others politely (role=status)."""
    items = []
    for message in context.get("messages") or ():
        level = getattr(message, "level_tag", "") or "info"
        items.append(
            {
                "text": str(message),
                "level": level,
                "tone": MESSAGE_CLASSES.get(level, "info"),
                "extra_tags": getattr(message, "extra_tags", "") or "",
            }
        )
    return {
        "items": items,
        "alerts": [i for i in items if i["level"] == "error"],
        "statuses": [i for i in items if i["level"] != "error"],
    }


# --- forms: field and error summary ------------------------------------------------------------

CHOICE_WIDGETS = {"RadioSelect", "CheckboxSelectMultiple"}


@register.inclusion_tag("components/form_field.html")
def form_field(field, label: str | None = None, help_text: str | None = None, input_class: str = ""):
    """``{% form_field form.email %}``: label, hint, error message and the input, GOV.UK style.

    The input points at its hint and error with ``aria-describedby`` and carries
    ``aria-invalid="true"`` when the field has errors; radio and checkbox groups become a fieldset
    with a legend."""
    widget = field.field.widget
    widget_name = type(widget).__name__
    field_id = field.auto_id or f"id_{field.html_name}"
    hint = field.help_text if help_text is None else help_text
    hint_id, error_id = f"{field_id}-hint", f"{field_id}-error"
    described = [i for i, present in ((hint_id, bool(hint)), (error_id, bool(field.errors))) if present]
    group = widget_name in CHOICE_WIDGETS
    checkbox = widget_name == "CheckboxInput"
    if group or checkbox:
        css = "form-check-input"
    elif widget_name in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": f"{css} {input_class}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    existing = widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{existing} {attrs['class']}"
    return {
        "field": field,
        "field_id": field_id,
        "label": field.label if label is None else label,
        "hint": hint,
        "hint_id": hint_id,
        "error_id": error_id,
        "errors": list(field.errors),
        "required": field.field.required,
        "group": group,
        "checkbox": checkbox,
        "options": list(field.subwidgets) if group else [],
        "widget": field.as_widget(attrs=attrs) if not group else "",
        "group_attrs": attrs,
    }


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms, title: str = ""):
    """``{% error_summary form %}`` (or several forms): at the top of the page, "There is a
    problem" with a link to each field in error; errors that belong to no field are listed as text.
    Renders nothing when every form is valid or unbound."""
    items = []
    for form in forms:
        if not form or not getattr(form, "is_bound", False):
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "href": ""})
        for field in form:
            for error in field.errors:
                items.append({"text": error, "href": f"#{field.auto_id or 'id_' + field.html_name}"})
        for name in getattr(form, "errors", {}):
            if name != "__all__" and name not in form.fields:
                for error in form.errors[name]:
                    items.append({"text": error, "href": ""})
    return {"items": items, "title": title or _("There is a problem")}


# --- pagination -----------------------------------------------------------------------------------


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context, page: Page, param: str = "page", label: str = ""):
    """``{% pagination page_obj %}``: previous / numbered / next links for a Django ``Page``,
    keeping the request's other query parameters (filters); nothing for a single page."""
    if not isinstance(page, Page) or page.paginator.num_pages <= 1:
        return {"show": False}
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def href(number: int) -> str:
        if query is None:
            return f"?{param}={number}"
        params = query.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    numbers = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            numbers.append({"gap": True})
        else:
            numbers.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "show": True,
        "numbers": numbers,
        "label": label or _("Pages"),
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
        "number": page.number,
        "num_pages": page.paginator.num_pages,
    }


# --- navigation: tabs and breadcrumb ------------------------------------------------------------


def _pairs(items: tuple) -> list[tuple[str, str]]:
    """("Home", "/", "Coffee", "/c/coffee/", "Beans") -> [(Home, /), (Coffee, /c/coffee/), (Beans, "")];
    a single list argument of pairs or dicts {label, url} is taken as it is."""
    if len(items) == 1 and isinstance(items[0], (list, tuple)):
        pairs = []
        for item in items[0]:
            if isinstance(item, Mapping):
                pairs.append((str(item.get("label", "")), item.get("url") or "", item))
            else:
                label, url, *_rest = (*item, "")
                pairs.append((str(label), url or "", {}))
        return pairs
    flat = list(items)
    return [(str(flat[i]), flat[i + 1] if i + 1 < len(flat) else "", {}) for i in range(0, len(flat), 2)]


@register.inclusion_tag("components/breadcrumb.html")
def breadcrumb(*items):
    """``{% breadcrumb home_label home_url category.name category_url product.display_title %}``

    Label/URL pairs; the last label (without a URL) is the current page. Or one list of
    (label, url) pairs."""
    crumbs = [{"label": label, "url": url} for label, url, _extra in _pairs(items)]
    if crumbs:
        crumbs[-1]["url"] = ""
    return {"crumbs": crumbs}


@register.inclusion_tag("components/tabs.html", takes_context=True)
def tabs(context, *items, current: str | None = None, label: str = ""):
    """``{% tabs open_label open_url shipped_label shipped_url current=request.get_full_path %}``

    Tabs as links (each tab is its own URL, so they work without JavaScript and can be bookmarked).
    Label/URL pairs or one list of dicts {label, url, count}; the tab whose URL equals ``current``
    (default: the request's full path, else its path) is marked ``aria-current="page"``."""
    request = context.get("request")
    full = request.get_full_path() if request is not None else ""
    path = request.path if request is not None else ""
    entries = []
    for tab_label, url, extra in _pairs(items):
        entries.append({"label": tab_label, "url": url, "count": extra.get("count") if extra else None})
    if current is None:
        exact = [e for e in entries if e["url"] == full]
        current = full if exact else path
    for entry in entries:
        entry["current"] = entry["url"] == current
    return {"entries": entries, "label": label or _("Sections")}


# --- data table that reflows on phones ----------------------------------------------------------


def _column(column) -> dict:
    if isinstance(column, Mapping):
        return {
            "key": column.get("key"),
            "label": str(column.get("label", "")),
            "numeric": bool(column.get("numeric")),
            "row_header": bool(column.get("row_header")),
        }
    if isinstance(column, (list, tuple)):
        key, label = (column[0], column[1]) if len(column) > 1 else (column[0], column[0])
        return {"key": key, "label": str(label), "numeric": len(column) > 2 and bool(column[2]), "row_header": False}
    return {"key": None, "label": str(column), "numeric": False, "row_header": False}


def cell_html(value: Any) -> SafeString:
    """One cell's content: Money formatted, a dict {text, url} as a link, {status, kind} as a
    badge, already-safe HTML as it is, anything else escaped; None as a dash."""
    if value is None or value == "":
        return mark_safe('<span class="text-body-secondary">–</span>')
    if isinstance(value, Money):
        return format_html("{}", _money_text(value))
    if isinstance(value, SafeString):
        return value
    if isinstance(value, Mapping):
        if "status" in value:
            context = status_badge(
                value["status"], kind=value.get("kind"), label=value.get("label"), tone=value.get("tone")
            )
            return format_html('<span class="badge rounded-pill {}">{}</span>', context["tone_class"], context["label"])
        if value.get("url"):
            return format_html('<a href="{}">{}</a>', value["url"], value.get("text", value["url"]))
        return format_html("{}", value.get("text", ""))
    return format_html("{}", value)


@register.inclusion_tag("components/data_table.html")
def data_table(
    columns: Iterable,
    rows: Iterable,
    caption: str = "",
    caption_visible: bool = True,
    empty_text: str = "",
    first_column_header: bool = True,
):
    """``{% data_table columns rows caption=caption %}``

    ``columns``: a list of labels, of (key, label[, numeric]) or of dicts {key, label, numeric};
    ``rows``: lists of cell values in column order, or dicts/objects read by column key. Cells
    go through ``cell_html`` (Money, links, status badges). Below 576 px each row becomes a stacked
    card and each cell shows its column label (``data-label``, CSS in site.css)."""
    cols = [_column(c) for c in columns]
    body = []
    for row in rows:
        if isinstance(row, Mapping):
            values = [row.get(c["key"]) for c in cols]
        elif isinstance(row, (list, tuple)):
            values = list(row)
        else:
            values = [getattr(row, c["key"], None) if c["key"] else None for c in cols]
        body.append(
            [
                {
                    "html": cell_html(v),
                    "label": c["label"],
                    "numeric": c["numeric"],
                    "header": (i == 0 and first_column_header) or c["row_header"],
                }
                for i, (c, v) in enumerate(zip(cols, values))
            ]
        )
    return {
        "columns": cols,
        "rows": body,
        "caption": caption,
        "caption_visible": caption_visible,
        "empty_text": empty_text or _("Nothing to show."),
    }


# --- chart with a table fallback ------------------------------------------------------------------


@register.inclusion_tag("components/chart.html")
def chart(
    chart_or_series,
    title: str = "",
    chart_id: str = "",
    currency: str = "",
    label_heading: str = "",
    value_heading: str = "",
):
    """``{% chart month_chart label_heading=month value_heading=revenue %}`` draws a
    ``frontend.charts.BarChart`` as SVG with the same numbers in a table below; or
    ``{% chart series title=... chart_id=... currency="EUR" %}`` builds the chart from
    (label, integer) pairs (minor units when ``currency`` is given) with ``frontend.charts.bar_chart``."""
    if isinstance(chart_or_series, BarChart):
        built = chart_or_series
    else:
        fmt = (lambda amount: format_money(amount, currency)) if currency else str
        built = bar_chart(chart_id=chart_id or "chart", title=title, series=list(chart_or_series or ()), fmt=fmt)
    return {"chart": built, "label_heading": label_heading or _("Period"), "value_heading": value_heading or _("Value")}
