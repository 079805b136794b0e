"""Cross-cutting protections that belong to no single app: response security headers and
rate limits per route. Configured in settings (``CONTENT_SECURITY_POLICY``, ``PERMISSIONS_POLICY``,
``THROTTLE_ROUTES``)."""
