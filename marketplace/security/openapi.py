"""Unique OpenAPI component names where two apps chose the same serializer or enum name.

drf-spectacular would otherwise merge or hash them (W001 warnings, and clients generated from
the schema get the wrong type). Serializers are renamed here by their import path, so the apps
keep their short local names; enums by their value sets (ENUM_NAME_OVERRIDES in settings).
"""

from drf_spectacular.openapi import AutoSchema

from marketplace.security.openapi_names import COMPONENT_NAMES


class MarketplaceAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer, direction):
        cls = serializer.__class__
        return COMPONENT_NAMES.get(f"{cls.__module__}.{cls.__qualname__}") or super().get_serializer_name(
            serializer, direction
        )
