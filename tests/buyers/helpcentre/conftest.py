import pytest

from buyers.helpcentre.services import help_article_create, help_category_create


@pytest.fixture
def faq(operator):
    returns = help_category_create(actor=operator, slug="returns", name_de="Rücksendungen", name_en="Returns")
    shipping = help_category_create(actor=operator, slug="shipping", name_de="Versand", name_en="Shipping", position=1)
    return {
        "returns": help_article_create(
            actor=operator,
            category_id=returns.id,
            slug="free-returns",
            published=True,
            title_de="Kostenlose Rücksendungen",
            body_de="Rücksendungen innerhalb von 30 Tagen sind für Sie kostenlos.",
            title_en="Free returns",
            body_en="Returning an item within 30 days costs you nothing.",
        ),
        "shipping": help_article_create(
            actor=operator,
            category_id=shipping.id,
            slug="delivery-times",
            published=True,
            title_de="Lieferzeiten",
            body_de="Jeder Verkäufer versendet selbst; die Lieferzeit steht beim Angebot.",
            title_en="Delivery times",
            body_en="Each seller ships their own parcel; the delivery time is shown with the offer.",
        ),
        "draft": help_article_create(
            actor=operator,
            category_id=shipping.id,
            slug="secret-draft",
            published=False,
            title_de="Geheimer Entwurf",
            body_de="Paketstation Entwurf",
            title_en="Secret draft",
            body_en="Parcel locker draft",
        ),
        "returns_category": returns,
        "shipping_category": shipping,
    }
