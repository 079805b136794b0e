from django.urls import path

from search import api

urlpatterns = [
    path("search/products/", api.ProductSearchApi.as_view(), name="product-search"),
    path("search/autocomplete/", api.AutocompleteApi.as_view(), name="search-autocomplete"),
    path("search/products/<int:product_id>/similar/", api.SimilarProductsApi.as_view(), name="product-similar"),
    path(
        "search/products/<int:product_id>/bought-together/",
        api.BoughtTogetherApi.as_view(),
        name="product-bought-together",
    ),
    path("operator/search/synonyms/", api.OperatorSynonymListApi.as_view(), name="operator-synonym-list"),
    path(
        "operator/search/synonyms/<int:synonym_id>/",
        api.OperatorSynonymDetailApi.as_view(),
        name="operator-synonym-detail",
    ),
    path(
        "operator/search/zero-result-queries/",
        api.OperatorZeroResultQueryListApi.as_view(),
        name="operator-zero-result-list",
    ),
    path(
        "operator/search/zero-result-queries/<int:query_id>/",
        api.OperatorZeroResultQueryDismissApi.as_view(),
        name="operator-zero-result-dismiss",
    ),
]
