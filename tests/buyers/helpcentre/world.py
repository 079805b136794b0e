"""Objects of the help centre and wishlists for the authorisation matrix (tests/security/world.py)."""

from buyers.helpcentre.services import help_article_create, help_category_create
from buyers.wishlists.services import wishlist_item_add


def customer_services_world(*, operator, alice, alpha) -> dict:
    category = help_category_create(actor=operator, slug="matrix", name_de="Matrix", name_en="Matrix")
    draft = help_article_create(
        actor=operator, category_id=category.id, slug="matrix-draft", title_de="Entwurf", body_de="Text"
    )
    return {
        "help_article": draft,  # a draft: as missing as an unknown slug on public pages
        "alice_wish": wishlist_item_add(user=alice, product_id=alpha.offer.product_id),
    }
