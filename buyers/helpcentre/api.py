"""Help centre API: published FAQ articles for everyone, management for operators only."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.helpcentre import selectors, services
from marketplace.api import created


class HelpCategoryOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name_de = serializers.CharField()
    name_en = serializers.CharField()
    position = serializers.IntegerField()


class HelpCategoryIn(serializers.Serializer):
    slug = serializers.CharField(max_length=120)
    name_de = serializers.CharField(max_length=120)
    name_en = serializers.CharField(max_length=120)
    position = serializers.IntegerField(min_value=0, max_value=32767, default=0)


class HelpArticleOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    category = serializers.CharField(source="category.slug")
    title_de = serializers.CharField()
    title_en = serializers.CharField()
    body_de = serializers.CharField()
    body_en = serializers.CharField()
    published = serializers.BooleanField()
    position = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class HelpArticleIn(serializers.Serializer):
    category = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    slug = serializers.CharField(max_length=120)
    title_de = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    body_de = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    body_en = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    published = serializers.BooleanField(default=False)
    position = serializers.IntegerField(min_value=0, max_value=32767, default=0)


class HelpArticlePatchIn(HelpArticleIn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


def _article_changes(data: dict) -> dict:
    changes = dict(data)
    if "category" in changes:
        changes["category_id"] = changes.pop("category")
    return changes


class HelpArticleQuery(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    category = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class HelpArticleListApi(APIView):
    """Published articles; ``q`` searches them in German and English (best match first)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[HelpArticleQuery], responses={200: HelpArticleOut(many=True)})
    def get(self, request):
        params = HelpArticleQuery(data=request.query_params)
        params.is_valid(raise_exception=True)
        category = params.validated_data.get("category")
        if params.validated_data["q"].strip():
            articles = selectors.help_article_search(query=params.validated_data["q"], language=get_language())
            articles = [a for a in articles if category is None or a.category_id == category]
        else:
            articles = selectors.help_article_list(category_id=category)
        return Response(HelpArticleOut(articles, many=True).data)


class HelpArticleDetailApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: HelpArticleOut})
    def get(self, request, slug: str):
        return Response(HelpArticleOut(selectors.help_article_published_get(slug=slug)).data)


class OperatorHelpCategoryListApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: HelpCategoryOut(many=True)})
    def get(self, request):
        return Response(HelpCategoryOut(selectors.help_category_list(), many=True).data)

    @extend_schema(request=HelpCategoryIn, responses={201: HelpCategoryOut})
    def post(self, request):
        data = HelpCategoryIn(data=request.data)
        data.is_valid(raise_exception=True)
        return created(HelpCategoryOut(services.help_category_create(actor=request.user, **data.validated_data)).data)


class OperatorHelpArticleListApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: HelpArticleOut(many=True)})
    def get(self, request):
        return Response(HelpArticleOut(selectors.help_article_list(published_only=False), many=True).data)

    @extend_schema(request=HelpArticleIn, responses={201: HelpArticleOut})
    def post(self, request):
        data = HelpArticleIn(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.help_article_create(actor=request.user, **_article_changes(data.validated_data))
        return created(HelpArticleOut(article).data)


class OperatorHelpArticleDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: HelpArticleOut})
    def get(self, request, article_id: int):
        return Response(HelpArticleOut(selectors.help_article_get(article_id=article_id)).data)

    @extend_schema(request=HelpArticlePatchIn, responses={200: HelpArticleOut})
    def patch(self, request, article_id: int):
        selectors.help_article_get(article_id=article_id)  # a missing id is a 404 before any validation
        data = HelpArticlePatchIn(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.help_article_update(
            actor=request.user, article_id=article_id, **_article_changes(data.validated_data)
        )
        return Response(HelpArticleOut(article).data)

    @extend_schema(responses={204: None})
    def delete(self, request, article_id: int):
        services.help_article_delete(actor=request.user, article_id=article_id)
        return Response(status=204)
