from django.urls import path

from buyers.helpcentre import api

urlpatterns = [
    path("help/articles/", api.HelpArticleListApi.as_view(), name="help-article-list"),
    path("help/articles/<slug:slug>/", api.HelpArticleDetailApi.as_view(), name="help-article-detail"),
    path("operator/help/categories/", api.OperatorHelpCategoryListApi.as_view(), name="operator-help-category-list"),
    path("operator/help/articles/", api.OperatorHelpArticleListApi.as_view(), name="operator-help-article-list"),
    path(
        "operator/help/articles/<int:article_id>/",
        api.OperatorHelpArticleDetailApi.as_view(),
        name="operator-help-article-detail",
    ),
]
