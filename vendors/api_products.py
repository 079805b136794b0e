"""Catalog products: the seller's catalog search (first step of listing), operator moderation and
attribute schemas per category."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.errors import DomainError
from marketplace.models import AttributeDefinition
from marketplace.parsers import JSONParser
from vendors import selectors
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.models import Product
from vendors.services.attributes import attribute_definition_create, attribute_definition_delete
from vendors.services.checks import normalise_gtin
from vendors.services.images import product_image_add, product_images_arrange
from vendors.services.products import product_approve, product_reject, product_tax_class_set


class VariantOut(serializers.Serializer):
    id = serializers.IntegerField()
    options = serializers.DictField(child=serializers.CharField())
    gtin = serializers.CharField()


class CatalogProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    title = serializers.CharField(source="display_title")
    title_de = serializers.CharField(source="title")
    title_en = serializers.CharField()
    brand = serializers.CharField()
    gtin = serializers.CharField()
    category_id = serializers.IntegerField()
    category = serializers.CharField(source="category.path")
    live_offer_count = serializers.IntegerField(required=False, default=0)
    variants = VariantOut(many=True)


class SellerCatalogSearchApi(APIView):
    """Before listing: is the item already in the shared catalog? Search by GTIN or by text."""

    @extend_schema(
        parameters=[
            VENDOR_HEADER,
            OpenApiParameter("gtin", str, description="GTIN/EAN (check digit validated)"),
            OpenApiParameter("q", str, description="Words of the title or brand"),
        ],
        responses={200: CatalogProductOut(many=True)},
    )
    def get(self, request):
        vendor = acting_vendor(request)
        gtin, query = request.query_params.get("gtin", ""), request.query_params.get("q", "").strip()
        if not gtin and len(query) < 2:
            raise DomainError(_("Search by gtin, or by q with at least 2 characters."), field="q")
        products = selectors.catalog_search(vendor=vendor, gtin=normalise_gtin(gtin) if gtin else "", query=query)
        return Response(CatalogProductOut(products, many=True).data)


class OperatorProductOut(CatalogProductOut):
    moderation_reason = serializers.CharField()
    created_by_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class OperatorProductListApi(ListAPIView):
    """Products by moderation status (default: pending), oldest first."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = OperatorProductOut

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Product.Status.values)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        status = self.request.query_params.get("status", Product.Status.PENDING)
        if status not in Product.Status.values:
            raise DomainError(
                _("Unknown status %(status)r; allowed: %(values)s.")
                % {"status": status, "values": ", ".join(Product.Status.values)},
                field="status",
            )
        return (
            Product.objects.filter(status=status)
            .select_related("category")
            .prefetch_related("variants")
            .order_by("created_at", "id")
        )


class ProductRejectIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Shown to the vendor")


class OperatorProductApproveApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=None, responses={200: OperatorProductOut})
    def post(self, request, product_id: int):
        product = product_approve(actor=request.user, product_id=product_id)
        return Response(OperatorProductOut(product).data)


class OperatorProductRejectApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=ProductRejectIn, responses={200: OperatorProductOut})
    def post(self, request, product_id: int):
        data = ProductRejectIn(data=request.data)
        data.is_valid(raise_exception=True)
        product = product_reject(actor=request.user, product_id=product_id, reason=data.validated_data["reason"])
        return Response(OperatorProductOut(product).data)


class ProductTaxClassIn(serializers.Serializer):
    tax_class = serializers.CharField(
        max_length=20, allow_blank=True, help_text='"standard", "reduced", or "" for the category\'s class'
    )


class ProductTaxClassOut(serializers.Serializer):
    id = serializers.IntegerField()
    tax_class = serializers.CharField(help_text="The product's own class; empty: the category's")
    effective_tax_class = serializers.CharField(help_text="The class that prices it")


class OperatorProductTaxClassApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=ProductTaxClassIn, responses={200: ProductTaxClassOut})
    def put(self, request, product_id: int):
        data = ProductTaxClassIn(data=request.data)
        data.is_valid(raise_exception=True)
        product = product_tax_class_set(
            actor=request.user, product_id=product_id, tax_class=data.validated_data["tax_class"]
        )
        return Response(ProductTaxClassOut(product).data)


class AttributeDefinitionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.SlugField(max_length=64)
    name_de = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AttributeDefinition.Kind.choices)
    unit = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    allowed_values = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    required = serializers.BooleanField(default=False)
    position = serializers.IntegerField(min_value=0, max_value=1000, default=0)


class OperatorCategoryAttributeListApi(APIView):
    """A category's attribute schema (its own definitions; products also get its ancestors')."""

    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: AttributeDefinitionSerializer(many=True)})
    def get(self, request, category_id: int):
        definitions = AttributeDefinition.objects.filter(category_id=category_id).order_by("position", "code")
        return Response(AttributeDefinitionSerializer(definitions, many=True).data)

    @extend_schema(request=AttributeDefinitionSerializer, responses={201: AttributeDefinitionSerializer})
    def post(self, request, category_id: int):
        data = AttributeDefinitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        definition = attribute_definition_create(actor=request.user, category_id=category_id, **data.validated_data)
        return Response(AttributeDefinitionSerializer(definition).data, status=201)


class OperatorCategoryAttributeDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, category_id: int, attribute_id: int):
        attribute_definition_delete(actor=request.user, category_id=category_id, definition_id=attribute_id)
        return Response(status=204)


class ProductImageOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(source="image.url")
    thumbnail_url = serializers.CharField(source="thumbnail.url")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    position = serializers.IntegerField()
    is_main = serializers.BooleanField()


class ProductImageIn(serializers.Serializer):
    image = serializers.FileField(
        help_text="JPEG, PNG or WebP, at least 200 px per side, at most 10 MB; stored re-encoded as JPEG"
    )
    is_main = serializers.BooleanField(default=False)


class ProductImagesArrangeIn(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), help_text="Every image id once, in display order")
    main = serializers.IntegerField()


class SellerProductImageListApi(APIView):
    """Images of a product the acting vendor proposed: upload one, or arrange order and main image."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        parameters=[VENDOR_HEADER], request={"multipart/form-data": ProductImageIn}, responses={201: ProductImageOut}
    )
    def post(self, request, product_id: int):
        vendor = acting_vendor(request)
        selectors.own_product_get(vendor=vendor, product_id=product_id)  # 404 before 403
        vendor = acting_vendor(request, "manage_listings")
        data = ProductImageIn(data=request.data)
        data.is_valid(raise_exception=True)
        image = product_image_add(
            vendor=vendor,
            actor=request.user,
            product_id=product_id,
            upload=data.validated_data["image"],
            is_main=data.validated_data["is_main"],
        )
        return Response(ProductImageOut(image).data, status=201)

    @extend_schema(
        parameters=[VENDOR_HEADER], request=ProductImagesArrangeIn, responses={200: ProductImageOut(many=True)}
    )
    def put(self, request, product_id: int):
        vendor = acting_vendor(request)
        selectors.own_product_get(vendor=vendor, product_id=product_id)
        vendor = acting_vendor(request, "manage_listings")
        data = ProductImagesArrangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        images = product_images_arrange(
            vendor=vendor,
            actor=request.user,
            product_id=product_id,
            order=data.validated_data["order"],
            main_id=data.validated_data["main"],
        )
        return Response(ProductImageOut(images, many=True).data)
