"""The design system's components (frontend/common/templatetags/components.py) rendered through their
real templates, with the inputs pages give them; and the base template built on them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.utils import translation

from frontend.common.charts import bar_chart
from marketplace.money import Money


class Tags(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def find(self, tag: str, **attrs) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def render(source: str, context: dict | None = None, *, language: str = "en", request=None) -> str:
    template = Template("{% load components %}" + source)
    with translation.override(language):
        if request is not None:
            return template.render(RequestContext(request, context or {}))
        return template.render(Context(context or {}))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --- price block ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "vat", "shipping_note", "price"),
    [
        ("de", "inkl. MwSt.", "zzgl. Versand", "18,90 €"),
        ("en", "incl. VAT", "plus shipping", "€18.90"),
    ],
)
def test_price_block_shows_gross_price_vat_and_shipping_note_in_each_language(language, vat, shipping_note, price):
    html = render("{% price_block price %}", {"price": Money(1890, "EUR")}, language=language)
    assert price in text(html)
    assert f"{vat}, {shipping_note}" in text(html)


def test_price_block_with_shipping_cost_unit_price_and_earlier_price():
    html = render(
        '{% price_block price shipping=shipping unit_price=per_kg unit="1 kg" was=was %}',
        {
            "price": Money(1890, "EUR"),
            "shipping": Money(490, "EUR"),
            "per_kg": Money(1890, "EUR"),
            "was": Money(2490, "EUR"),
        },
        language="de",
    )
    words = text(html)
    assert "inkl. MwSt., zzgl. 4,90 € Versand" in words
    assert "Grundpreis: 18,90 € / 1 kg" in words
    assert "statt 24,90 €" in words and "<del>24,90 €</del>" in html


def test_price_block_free_shipping_and_no_earlier_price_when_it_equals_the_price():
    html = render(
        "{% price_block price shipping=free was=price %}",
        {"price": Money(999, "EUR"), "free": Money(0, "EUR")},
        language="de",
    )
    assert "inkl. MwSt., versandkostenfrei" in text(html)
    assert "statt" not in html


def test_price_block_refuses_a_float():
    with pytest.raises(TemplateSyntaxError):
        render("{% price_block price %}", {"price": 18.9})


# --- product card ----------------------------------------------------------------------------------


def test_product_card_without_picture_has_a_placeholder_and_links_the_title():
    html = render(
        '{% product_card title="Espressobohnen 1 kg" url="/p/7/" price=price offer_count=2 from_price=True vendor_names=names %}',
        {"price": Money(1890, "EUR"), "names": ["Röstwerk", "Mühlenhof"]},
        language="de",
    )
    tags = Tags(html)
    assert not tags.find("img")
    assert tags.find("div", role="img", aria_label="Noch kein Bild")
    assert tags.find("a", href="/p/7/")
    words = text(html)
    assert "ab 18,90 €" in words and "inkl. MwSt." in words and "2 Angebote" in words
    assert "Verkauf durch Röstwerk, Mühlenhof" in words


def test_product_card_with_picture_and_sold_out():
    html = render('{% product_card title="Mühle" url="/p/8/" image="/media/products/8/thumbs/a.jpg" in_stock=False %}')
    assert Tags(html).find("img", src="/media/products/8/thumbs/a.jpg", alt="")
    assert "placeholder" not in html
    assert "Out of stock" in text(html)


# --- offer row --------------------------------------------------------------------------------------


class _Vendor:
    name = "Röstwerk"


class _Offer:
    id = 41
    vendor = _Vendor()
    price = Money(1890, "EUR")
    handling_days = 2

    def __init__(self, stock):
        self.stock = stock


def test_offer_row_has_price_block_add_to_cart_form_and_the_body_as_seller_details():
    html = render(
        '{% offer_row offer cart_url="/cart/add/" shipping=shipping %}<p class="trader">Gewerblich</p>{% endoffer_row %}',
        {"offer": _Offer(stock=3), "shipping": Money(490, "EUR"), "csrf_token": "tok"},
        language="de",
    )
    tags = Tags(html)
    form = tags.find("form", action="/cart/add/")
    assert form and form[0]["method"] == "post"
    assert tags.find("input", type="hidden", name="offer", value="41")
    assert tags.find("input", name="quantity", max="3")
    assert tags.find("input", name="csrfmiddlewaretoken")
    assert tags.find("p", **{"class": "trader"})
    words = text(html)
    assert "Röstwerk" in words and "18,90 €" in words and "zzgl. 4,90 € Versand" in words
    assert "Versand innerhalb von 2 Tagen" in words and "In den Warenkorb" in words


def test_offer_row_sold_out_has_no_form():
    html = render('{% offer_row offer cart_url="/cart/add/" %}{% endoffer_row %}', {"offer": _Offer(stock=0)})
    assert "<form" not in html
    assert "Sold out" in text(html)


# --- data table -------------------------------------------------------------------------------------


def test_data_table_gives_every_cell_its_column_label_for_the_phone_layout():
    columns = [("number", "Order"), ("total", "Total", True), ("status", "Status")]
    rows = [
        {
            "number": {"text": "M-1001", "url": "/orders/M-1001/"},
            "total": Money(12345, "EUR"),
            "status": {"status": "shipped", "kind": "vendor_order_status"},
        },
        {
            "number": "M-1002",
            "total": Money(990, "EUR"),
            "status": {"status": "cancelled", "kind": "vendor_order_status"},
        },
    ]
    html = render(
        '{% data_table columns rows caption="Your orders" %}', {"columns": columns, "rows": rows}, language="de"
    )
    tags = Tags(html)
    assert tags.find("table", **{"class": "table table-reflow align-middle"})
    cells = [a for t, a in tags.tags if t in {"td", "th"} and a.get("scope") != "col"]
    assert len(cells) == 6
    assert [c["data-label"] for c in cells] == ["Order", "Total", "Status"] * 2
    assert tags.find("a", href="/orders/M-1001/")
    assert "123,45 €" in text(html) and "Versandt" in text(html) and "Storniert" in text(html)
    # The stylesheet turns rows into cards below 576 px and shows the labels.
    css = open(finders.find("common/site.css"), encoding="utf-8").read()
    assert "@media (max-width: 575.98px)" in css and "content: attr(data-label)" in css


def test_data_table_escapes_text_and_says_when_empty():
    html = render("{% data_table columns rows %}", {"columns": ["Name"], "rows": [["<script>x</script>"]]})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Nothing to show." in render("{% data_table columns rows %}", {"columns": ["Name"], "rows": []})


# --- forms --------------------------------------------------------------------------------------------


class AddressForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your door bell.")
    postal_code = forms.CharField(label="Postal code", max_length=5)
    newsletter = forms.BooleanField(label="Newsletter", required=False)
    country = forms.ChoiceField(
        label="Country", choices=[("DE", "Germany"), ("AT", "Austria")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("We cannot deliver to this address.")


def test_form_field_links_hint_and_error_to_the_input():
    form = AddressForm(data={"name": "", "postal_code": "123456", "country": "DE"})
    assert not form.is_valid()
    html = render("{% form_field form.name %}{% form_field form.postal_code %}", {"form": form})
    tags = Tags(html)
    name_input = tags.find("input", name="name")[0]
    assert name_input["aria-describedby"] == "id_name-hint id_name-error"
    assert name_input["aria-invalid"] == "true"
    assert tags.find("p", id="id_name-hint") and tags.find("p", id="id_name-error")
    assert tags.find("label", **{"for": "id_name"})
    assert "Error: This field is required." in text(html)
    code = tags.find("input", name="postal_code")[0]
    assert code["aria-describedby"] == "id_postal_code-error" and "is-invalid" in code["class"]


def test_form_field_without_errors_has_no_error_and_marks_optional_fields():
    form = AddressForm()
    html = render("{% form_field form.newsletter %}{% form_field form.country %}", {"form": form}, language="de")
    tags = Tags(html)
    assert "aria-invalid" not in html and "-error" not in html
    assert tags.find("input", type="checkbox", name="newsletter")
    assert tags.find("fieldset") and tags.find("legend")
    assert len(tags.find("input", type="radio", name="country")) == 2


def test_error_summary_links_to_each_field_and_lists_form_errors():
    form = AddressForm(data={"name": "", "postal_code": "123456", "country": "XX"})
    assert not form.is_valid()
    html = render("{% error_summary form %}", {"form": form}, language="de")
    tags = Tags(html)
    assert tags.find("div", role="alert")
    assert "Es gibt ein Problem" in text(html)
    assert [a["href"] for a in tags.find("a")] == ["#id_name", "#id_postal_code", "#id_country"]
    assert "We cannot deliver to this address." in text(html)


def test_error_summary_is_empty_for_an_unbound_or_valid_form():
    assert render("{% error_summary form %}", {"form": AddressForm()}).strip() == ""


# --- empty state, flash messages, badge ------------------------------------------------------------


def test_empty_state_renders_title_text_and_action():
    html = render(
        '{% empty_state "No orders yet" "Orders you place appear here." action_url="/" action_label="Start shopping" %}'
    )
    tags = Tags(html)
    assert tags.find("h2") and "No orders yet" in text(html) and "Orders you place appear here." in text(html)
    assert tags.find("a", href="/")
    assert "Start shopping" in text(html)
    assert "<a" not in render('{% empty_state "Nothing here" %}')


def _request_with_messages():
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def test_flash_messages_announce_errors_as_alerts_and_the_rest_as_status():
    request = _request_with_messages()
    messages.success(request, "Added to your cart.")
    messages.error(request, "Only 2 left.")
    html = render("{% flash_messages %}", request=request)
    alert = html[html.index('role="alert"') :]
    status = html[html.index('role="status"') :]
    assert "Only 2 left." in alert.split("</div>")[0] and "alert-danger" in alert
    assert "Added to your cart." in status.split("</div>")[0] and "alert-success" in status
    # Iterated, so the messages framework drops them when the response goes out.
    assert messages.get_messages(request).used


def test_status_badge_maps_status_to_colour_and_translated_label():
    html = render(
        '{% status_badge "shipped" kind="vendor_order_status" %}{% status_badge "rejected" kind="vendor_status" %}'
        '{% status_badge "something_new" %}',
        language="de",
    )
    tags = Tags(html)
    assert tags.find("span", data_status="shipped")[0]["class"].endswith("text-bg-success")
    assert tags.find("span", data_status="rejected")[0]["class"].endswith("text-bg-danger")
    assert "text-bg-light" in tags.find("span", data_status="something_new")[0]["class"]
    assert "Versandt" in text(html) and "Abgelehnt" in text(html) and "Something new" in text(html)


# --- pagination, tabs, breadcrumb -----------------------------------------------------------------


def test_pagination_keeps_filters_marks_the_current_page_and_elides():
    page = Paginator(list(range(200)), 10).get_page(7)
    request = RequestFactory().get("/seller/orders/", {"status": "open", "page": "7"})
    html = render("{% pagination page %}", {"page": page}, request=request)
    tags = Tags(html)
    current = tags.find("a", aria_current="page")
    assert len(current) == 1 and current[0]["href"] == "?status=open&page=7"
    assert tags.find("a", rel="prev", href="?status=open&page=6") and tags.find(
        "a", rel="next", href="?status=open&page=8"
    )
    hrefs = [a["href"] for a in tags.find("a")]
    assert "?status=open&page=1" in hrefs and "?status=open&page=20" in hrefs and "?status=open&page=12" not in hrefs
    assert "…" in html


def test_pagination_renders_nothing_for_one_page_or_an_empty_list():
    request = RequestFactory().get("/")
    for items in ([], [1, 2]):
        assert (
            render("{% pagination page %}", {"page": Paginator(items, 10).get_page(1)}, request=request).strip() == ""
        )


def test_tabs_mark_the_current_tab_by_url():
    request = RequestFactory().get("/seller/orders/", {"status": "shipped"})
    html = render(
        '{% tabs "Open" "/seller/orders/?status=open" "Shipped" "/seller/orders/?status=shipped" %}', request=request
    )
    tags = Tags(html)
    assert [a["href"] for a in tags.find("a", aria_current="page")] == ["/seller/orders/?status=shipped"]
    assert len(tags.find("a")) == 2 and tags.find("nav", aria_label="Sections")


def test_breadcrumb_links_all_but_the_current_page():
    html = render('{% breadcrumb "Home" "/" "Coffee" "/c/kaffee/" product %}', {"product": "Espresso beans"})
    tags = Tags(html)
    assert [a["href"] for a in tags.find("a")] == ["/", "/c/kaffee/"]
    assert tags.find("li", aria_current="page") and "Espresso beans" in text(html)


# --- chart -----------------------------------------------------------------------------------------------


def test_chart_draws_bars_and_the_same_numbers_as_a_table():
    chart = bar_chart(
        chart_id="sales",
        title="Sales",
        series=[("1.5.", 1890), ("2.5.", 0), ("3.5.", 4900)],
        fmt=lambda amount: f"{amount} c",
    )
    html = render('{% chart chart label_heading="Day" value_heading="Sales" %}', {"chart": chart})
    tags = Tags(html)
    assert tags.find("svg", role="img", aria_labelledby="sales-title sales-desc")
    assert len(tags.find("rect")) == 3
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', html)
    assert rows == [("1.5.", "1890 c"), ("2.5.", "0 c"), ("3.5.", "4900 c")]


def test_chart_from_money_series_formats_minor_units():
    html = render(
        '{% chart series title="Revenue" chart_id="rev" currency="EUR" %}',
        {"series": [("Jan", 123456), ("Feb", -500)]},
        language="de",
    )
    assert '<td class="num">1.234,56 €</td>' in html and '<td class="num">-5,00 €</td>' in html
    assert "chart-bar-negative" in html


# --- base template --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "menu"), [("de", "Menü"), ("en", "Menu")])
def test_base_template_has_lang_skip_link_menu_button_htmx_with_csrf_and_legal_links(language, menu):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    tags = Tags(html)
    assert tags.find("html", lang=language)
    assert tags.find("meta", name="viewport")
    assert tags.find("a", href="#main") and tags.find("main", id="main")
    toggler = tags.find("button", data_bs_toggle="collapse")[0]
    assert toggler["aria-controls"] == "site-menu" and menu in html
    body = tags.find("body")[0]
    assert re.fullmatch(r'\{"X-CSRFToken": "[A-Za-z0-9]{32,64}"\}', body["hx-headers"])
    assert response.cookies.get("csrftoken")
    hrefs = [a["href"] for a in tags.find("a")]
    assert "/withdrawal/" in hrefs and "/privacy/" in hrefs
    # Every stylesheet and script the page links is a file we ship (no CDN, no build step).
    static = [a["href"] for a in tags.find("link", rel="stylesheet")] + [
        a["src"] for a in tags.find("script") if a.get("src")
    ]
    assert any("bootstrap-5.3.9" in s for s in static) and any("htmx.org-2.0.11" in s for s in static)
    for url in static:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


@pytest.mark.django_db
def test_htmx_requests_are_recognised_and_partials_vary_on_the_header():
    from django_htmx.middleware import HtmxMiddleware

    from frontend.common.htmx import render_page_or_partial, wants_partial

    factory = RequestFactory()

    def through_middleware(request):
        HtmxMiddleware(lambda r: None)(request)
        return request

    plain = through_middleware(factory.get("/"))
    htmx = through_middleware(factory.get("/", HTTP_HX_REQUEST="true"))
    restore = through_middleware(factory.get("/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"))
    assert (wants_partial(plain), wants_partial(htmx), wants_partial(restore)) == (False, True, False)
    response = render_page_or_partial(
        htmx,
        "components/empty_state.html",
        "components/status_badge.html",
        {"title": "T", "heading_tag": "h2", "status": "paid", "label": "Paid"},
    )
    assert 'data-status="paid"' in response.content.decode()
    assert "HX-Request" in response["Vary"]
