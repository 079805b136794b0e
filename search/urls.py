from django.urls import path

from search import api

urlpatterns = [path("search/products/", api.ProductSearchApi.as_view(), name="product-search")]
