"""Routes of the listings part of the vendors app (offers, shipping, imports, catalog, buy box)."""

from django.urls import path

from vendors import api_imports, api_listings, api_product_edit, api_products, api_shipping

urlpatterns = [
    path("seller/offers/bulk/", api_listings.SellerOfferBulkUpdateApi.as_view(), name="seller-offer-bulk-update"),
    path(
        "seller/shipping-profiles/",
        api_shipping.SellerShippingProfileListApi.as_view(),
        name="seller-shipping-profile-list",
    ),
    path(
        "seller/shipping-profiles/<int:profile_id>/",
        api_shipping.SellerShippingProfileDetailApi.as_view(),
        name="seller-shipping-profile-detail",
    ),
    path("seller/imports/", api_imports.SellerImportListApi.as_view(), name="seller-import-list"),
    path("seller/imports/<int:job_id>/", api_imports.SellerImportDetailApi.as_view(), name="seller-import-detail"),
    path(
        "seller/imports/<int:job_id>/errors/",
        api_imports.SellerImportErrorListApi.as_view(),
        name="seller-import-errors",
    ),
    path("seller/imports/<int:job_id>/start/", api_imports.SellerImportStartApi.as_view(), name="seller-import-start"),
    path("seller/buy-box/", api_listings.SellerBuyBoxListApi.as_view(), name="seller-buy-box"),
    path("seller/catalog/search/", api_products.SellerCatalogSearchApi.as_view(), name="seller-catalog-search"),
    path("operator/products/", api_products.OperatorProductListApi.as_view(), name="operator-product-list"),
    path(
        "operator/products/<int:product_id>/approve/",
        api_products.OperatorProductApproveApi.as_view(),
        name="operator-product-approve",
    ),
    path(
        "operator/products/<int:product_id>/tax-class/",
        api_products.OperatorProductTaxClassApi.as_view(),
        name="operator-product-tax-class",
    ),
    path(
        "operator/products/<int:product_id>/reject/",
        api_products.OperatorProductRejectApi.as_view(),
        name="operator-product-reject",
    ),
    path(
        "operator/categories/<int:category_id>/attributes/",
        api_products.OperatorCategoryAttributeListApi.as_view(),
        name="operator-category-attribute-list",
    ),
    path(
        "operator/categories/<int:category_id>/attributes/<int:attribute_id>/",
        api_products.OperatorCategoryAttributeDetailApi.as_view(),
        name="operator-category-attribute-detail",
    ),
    path(
        "seller/products/<int:product_id>/images/",
        api_products.SellerProductImageListApi.as_view(),
        name="seller-product-images",
    ),
    path(
        "seller/products/<int:product_id>/",
        api_product_edit.SellerProductDetailApi.as_view(),
        name="seller-product-detail",
    ),
    path(
        "seller/products/<int:product_id>/variants/",
        api_product_edit.SellerVariantListApi.as_view(),
        name="seller-variant-list",
    ),
    path(
        "seller/products/<int:product_id>/variants/<int:variant_id>/",
        api_product_edit.SellerVariantDetailApi.as_view(),
        name="seller-variant-detail",
    ),
]
