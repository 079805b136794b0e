from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search.selectors import product_search
from search.serializers import ProductSearchIn, SearchResultOut


class ProductSearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[ProductSearchIn], responses={200: SearchResultOut})
    def get(self, request):
        params = ProductSearchIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        result = product_search(query=params.validated_data["q"], category=params.validated_data.get("category"),
                                page=params.validated_data["page"], size=params.validated_data["size"],
                                sort=params.validated_data["sort"])
        return Response(SearchResultOut(result).data)
