from django.apps import AppConfig


class WishlistsConfig(AppConfig):
    name = "buyers.wishlists"
    label = "wishlists"
