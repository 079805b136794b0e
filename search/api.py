"""Search endpoints: thin views over search.selectors and search.services."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from search import selectors, services
from search.selectors import search_filters
from search.serializers import (
    AutocompleteIn,
    AutocompleteOut,
    ProductSearchIn,
    RelatedIn,
    RelatedOut,
    SearchResultOut,
    SynonymIn,
    SynonymOut,
    ZeroResultQueryOut,
)


class ProductSearchApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[ProductSearchIn], responses={200: SearchResultOut})
    def get(self, request):
        params = ProductSearchIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        # A query that finds nothing answers with the results of its correction, if one finds any.
        result = selectors.product_search_or_correction(
            query=data["q"],
            filters=search_filters(data),
            page=data["page"],
            size=data["size"],
            sort=data["sort"],
            cursor=data.get("cursor"),
            highlight=data["highlight"],
        )
        if (result.total == 0 or result.corrected_query) and data["q"].strip():
            services.zero_result_query_record(query=data["q"], suggestion=result.suggestion)
        return Response(SearchResultOut(result).data)


class AutocompleteApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[AutocompleteIn], responses={200: AutocompleteOut})
    def get(self, request):
        params = AutocompleteIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        result = selectors.autocomplete(text=params.validated_data["q"], size=params.validated_data["size"])
        return Response(AutocompleteOut(result).data)


class SimilarProductsApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[RelatedIn], responses={200: RelatedOut})
    def get(self, request, product_id: int):
        params = RelatedIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        hits = selectors.similar_products(product_id=product_id, limit=params.validated_data["limit"])
        return Response(RelatedOut({"results": hits}).data)


class BoughtTogetherApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[RelatedIn], responses={200: RelatedOut})
    def get(self, request, product_id: int):
        params = RelatedIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        hits = selectors.bought_together(product_id=product_id, limit=params.validated_data["limit"])
        return Response(RelatedOut({"results": hits}).data)


class OperatorSynonymListApi(ListAPIView):
    """Operators: the synonym rules applied when searching; POST adds one."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = SynonymOut

    def get_queryset(self):
        return selectors.synonym_list()

    @extend_schema(request=SynonymIn, responses={201: SynonymOut})
    def post(self, request):
        params = SynonymIn(data=request.data)
        params.is_valid(raise_exception=True)
        synonym = services.synonym_create(actor=request.user, rule=params.validated_data["rule"])
        return created(SynonymOut(synonym).data)


class OperatorSynonymDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=SynonymIn, responses={200: SynonymOut})
    def put(self, request, synonym_id: int):
        params = SynonymIn(data=request.data)
        params.is_valid(raise_exception=True)
        synonym = services.synonym_update(actor=request.user, synonym_id=synonym_id, rule=params.validated_data["rule"])
        return Response(SynonymOut(synonym).data)

    @extend_schema(responses={204: None})
    def delete(self, request, synonym_id: int):
        services.synonym_delete(actor=request.user, synonym_id=synonym_id)
        return Response(status=204)


class OperatorZeroResultQueryListApi(ListAPIView):
    """Operators: searches that found nothing, most frequent first."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = ZeroResultQueryOut

    def get_queryset(self):
        return selectors.zero_result_query_list()


class OperatorZeroResultQueryDismissApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={204: None})
    def delete(self, request, query_id: int):
        services.zero_result_query_dismiss(actor=request.user, query_id=query_id)
        return Response(status=204)
