"""Bad input at the common layer, across every JSON endpoint of the OpenAPI schema: nesting
5,000 levels deep, lone UTF-16 surrogates in any field (choice fields included) and malformed
money values answer 400 naming the field, never a 500; search with its index alias missing
answers 503 with Retry-After.

An endpoint "reaches its input" when an empty object {} answers 400 (its serializer ran); the
others refuse earlier (401/403/404/405) and must simply not answer 5xx."""

import json
import re
from functools import lru_cache

import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from marketplace.parsers import MAX_DEPTH
from tests.caching import clear_own_cache
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db

SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


@lru_cache(maxsize=1)
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(node["allOf"][0])
    return node


@lru_cache(maxsize=1)
def json_operations() -> list[tuple[str, str, dict]]:
    """(method, path with ids filled in, request body properties) of every JSON operation."""
    found = []
    for path, item in sorted(schema()["paths"].items()):
        for method in ("post", "put", "patch"):
            operation = item.get(method)
            content = (operation or {}).get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = _resolve(content["application/json"]["schema"])
            found.append((method, re.sub(r"\{[^}]+\}", "1", path), body.get("properties", {})))
    return found


def _money_field(prop: dict) -> bool:
    prop = _resolve(prop)
    return set(prop.get("properties", {})) >= {"amount", "currency"}


@lru_cache(maxsize=1)
def choice_fields() -> list[tuple[int, str]]:
    return [
        (i, name)
        for i, (_m, _p, props) in enumerate(json_operations())
        for name, prop in props.items()
        if "enum" in _resolve(prop) or "oneOf" in prop
    ]


@lru_cache(maxsize=1)
def money_fields() -> list[tuple[int, str]]:
    return [
        (i, name)
        for i, (_m, _p, props) in enumerate(json_operations())
        for name, prop in props.items()
        if _money_field(prop)
    ]


@pytest.fixture
def callers(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    return {"owner": client_for(owner), "buyer": client_for(UserFactory()), "offer": offer}


def send(api, method: str, path: str, text: str):
    clear_own_cache()  # throttles would answer 429 before the input is read
    return getattr(api, method)(path, data=text, content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad-input")


def body_read(api, method: str, path: str) -> bool:
    """The endpoint reads its body for this caller: {} answers 400 on a body field."""
    response = send(api, method, path, "{}")
    return response.status_code == 400 and not set(response.json()) <= {
        "detail",
        "error_code",
        "code",
        "idempotency_key",
    }


def names_the_problem(response, field: str | None) -> bool:
    data = response.json()
    return (field in data if field else False) or "detail" in data


def test_there_are_json_endpoints_with_choice_and_money_fields():
    assert len(json_operations()) > 30 and choice_fields() and money_fields()


def test_json_nested_5000_levels_is_a_400_on_every_json_endpoint(callers):
    deep = '{"%s": ' + "[" * 5000 + "]" * 5000 + "}"
    reached = 0
    for method, path, props in json_operations():
        field = next(iter(props), "x")
        for api in (callers["owner"], callers["buyer"]):
            response = send(api, method, path, deep % field)
            assert response.status_code < 500, (method, path, response.status_code)
            if body_read(api, method, path):
                reached += 1
                assert response.status_code == 400, (method, path, response.status_code)
                assert field in response.json() and "nested deeper" in str(response.json()[field]), (
                    method,
                    path,
                    response.json(),
                )
    assert reached > 20


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), depth=st.integers(MAX_DEPTH + 1, 6000), bracket=st.sampled_from(["[", "{"]))
def test_any_deep_nesting_is_a_400_naming_the_field(callers, data, depth, bracket):
    method, path, props = data.draw(st.sampled_from(json_operations()))
    field = data.draw(st.sampled_from(sorted(props) or ["x"]))
    inner = ("[" * depth + "]" * depth) if bracket == "[" else ('{"a":' * depth + "1" + "}" * depth)
    response = send(callers["owner"], method, path, json.dumps({field: 0})[:-2] + inner + "}")
    assert response.status_code < 500, (method, path, response.status_code)
    if response.status_code == 400:
        assert names_the_problem(response, field)


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), prefix=st.text(max_size=8), surrogate=SURROGATES, suffix=st.text(max_size=8))
def test_a_lone_surrogate_in_a_choice_field_is_a_400_naming_it(callers, data, prefix, surrogate, suffix):
    index, field = data.draw(st.sampled_from(choice_fields()))
    method, path, _props = json_operations()[index]
    text = json.dumps({field: prefix + surrogate + suffix})  # ensure_ascii: the surrogate travels as \udXXX
    for api in (callers["owner"], callers["buyer"]):
        response = send(api, method, path, text)
        assert response.status_code < 500, (method, path, response.status_code)
        if body_read(api, method, path):
            assert (
                response.status_code == 400 and field in response.json() and "surrogate" in str(response.json()[field])
            ), response.json()


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), surrogate=SURROGATES)
def test_a_lone_surrogate_anywhere_is_a_400_naming_the_top_level_field(callers, data, surrogate):
    method, path, props = data.draw(st.sampled_from(json_operations()))
    field = data.draw(st.sampled_from(sorted(props) or ["x"]))
    value = data.draw(st.sampled_from([surrogate, [surrogate], {"inner": surrogate}, {surrogate: 1}]))
    response = send(callers["owner"], method, path, json.dumps({field: value}))
    assert response.status_code < 500, (method, path, response.status_code)
    if body_read(callers["owner"], method, path):
        assert field in response.json() and "surrogate" in str(response.json()[field]), response.json()


BAD_MONEY = st.one_of(
    st.just({}),
    st.just([]),
    st.just(None),
    st.text(max_size=5),
    st.integers(),
    st.fixed_dictionaries(
        {"amount": st.one_of(st.text(max_size=5), st.floats(allow_nan=True), st.none(), st.just({}))}
    ),
    st.fixed_dictionaries({"currency": st.one_of(st.just("EUR"), st.text(max_size=5))}),
    st.fixed_dictionaries(
        {"amount": st.integers(1, 10**6), "currency": st.one_of(st.text(max_size=5), st.integers(), st.just({}))}
    ),
)


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=BAD_MONEY)
def test_malformed_money_is_a_400_naming_the_field(callers, data, value):
    index, field = data.draw(st.sampled_from(money_fields()))
    method, path, _props = json_operations()[index]
    path = path.replace("/offers/1/", f"/offers/{callers['offer'].id}/")
    response = send(callers["owner"], method, path, json.dumps({field: value}))
    assert response.status_code < 500, (method, path, value, response.status_code)
    if response.status_code == 400 and method == "patch":
        assert field in response.json(), response.json()


@pytest.mark.parametrize("value", [{}, {"amount": 100}, {"currency": "EUR"}, {"amount": None, "currency": "EUR"}])
def test_patch_offer_with_an_incomplete_price_names_the_price(callers, value):
    offer = callers["offer"]
    response = callers["owner"].patch(f"/api/seller/offers/{offer.id}/", {"price": value}, format="json")
    assert response.status_code == 400 and "price" in response.data, response.data
    offer.refresh_from_db()
    assert offer.price_amount == 1999


def test_search_without_its_index_alias_is_a_503_with_retry_after(search_index, api):
    # A fresh prefix: no index and no alias exist under it.
    for path in ("/api/search/products/?q=helm", "/api/search/autocomplete/?q=he"):
        response = api.get(path)
        assert response.status_code == 503, (path, response.status_code)
        assert int(response["Retry-After"]) > 0 and response.json()["error_code"] == "search_unavailable"


def test_a_huge_limit_or_offset_is_a_short_page_not_a_server_error(db):
    """Schemathesis found it: ``?limit=2162118...&offset=-2846`` on a seller list answered 500."""
    from tests.conftest import client_for
    from tests.factories import make_vendor

    _, owner = make_vendor(name="Pages")
    client = client_for(owner)
    for query in ("limit=216211828269020704931840&offset=-2846", "offset=99999999999999999999999", "limit=-5"):
        response = client.get(f"/api/seller/memberships/?{query}")
        assert response.status_code == 200, (query, response.status_code)
