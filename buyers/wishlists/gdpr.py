"""Wishlist, alerts and recently viewed items: exported, and deleted on erasure."""

from buyers.wishlists.models import RecentlyViewed, WishlistItem


def wishlists_export(user) -> dict:
    return {
        "wishlist": [
            {"product_id": i.product_id, "added_at": i.created_at.isoformat()}
            for i in WishlistItem.objects.filter(user=user).order_by("id")
        ],
        "recently_viewed": [
            {"product_id": v.product_id, "viewed_at": v.viewed_at.isoformat()}
            for v in RecentlyViewed.objects.filter(user=user).order_by("-viewed_at")
        ],
    }


def wishlists_erase(user) -> None:
    WishlistItem.objects.filter(user=user).delete()  # alerts go with their items
    RecentlyViewed.objects.filter(user=user).delete()
