"""Seller API for bulk imports: upload (checked at once as a dry run), poll, read errors, start."""

import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from marketplace.errors import DomainError
from vendors import selectors
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.imports import IMPORT_FIELDS
from vendors.services import imports as import_services


class ImportCreateIn(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8, comma, semicolon or tab separated) or XLSX; at most 20 MB")
    mapping = serializers.CharField(
        required=False,
        default="{}",
        help_text=f"JSON object: our field -> your column header. Fields: {', '.join(IMPORT_FIELDS)}",
    )


class ImportJobOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    file_format = serializers.CharField()
    original_name = serializers.CharField()
    mapping = serializers.DictField(child=serializers.CharField())
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    created_count = serializers.IntegerField()
    updated_count = serializers.IntegerField()
    error_count = serializers.IntegerField(help_text="Rows with at least one error")
    message = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class ImportRowErrorOut(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as in the spreadsheet (header = 1)")
    field = serializers.CharField()
    message = serializers.CharField()


def _job_for_writer(request, job_id: int):
    vendor = acting_vendor(request)
    # Look the job up before checking the role, so a foreign id is a 404 for everyone.
    job = selectors.import_job_get(vendor=vendor, job_id=job_id)
    return acting_vendor(request, "manage_listings"), job


class SellerImportListApi(ListAPIView):
    serializer_class = ImportJobOut
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.import_job_list(vendor=acting_vendor(self.request, "manage_listings"))

    @extend_schema(
        parameters=[VENDOR_HEADER], request={"multipart/form-data": ImportCreateIn}, responses={201: ImportJobOut}
    )
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        data = ImportCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            mapping = json.loads(data.validated_data["mapping"])
        except json.JSONDecodeError:
            raise DomainError(_("The mapping must be a JSON object."), field="mapping") from None
        job = import_services.import_job_create(
            vendor=vendor, actor=request.user, upload=data.validated_data["file"], mapping=mapping
        )
        # The check ran on commit (eager) or is queued (worker): report what is known now.
        job.refresh_from_db()
        return created(ImportJobOut(job).data)


class SellerImportDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: ImportJobOut})
    def get(self, request, job_id: int):
        vendor, job = _job_for_writer(request, job_id)
        return Response(ImportJobOut(job).data)


class SellerImportErrorListApi(ListAPIView):
    serializer_class = ImportRowErrorOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        vendor, job = _job_for_writer(self.request, self.kwargs["job_id"])
        return selectors.import_row_errors(job=job)


class SellerImportStartApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={202: ImportJobOut})
    def post(self, request, job_id: int):
        vendor, job = _job_for_writer(request, job_id)
        job = import_services.import_job_queue(vendor=vendor, actor=request.user, job_id=job.id)
        job.refresh_from_db()
        return Response(ImportJobOut(job).data, status=202)
