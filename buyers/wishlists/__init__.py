"""Wishlists, alerts, recently viewed and the for-you stream."""
