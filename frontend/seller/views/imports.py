"""Seller portal: bulk import. Template download (the category's attributes as columns), upload,
column mapping when the headers differ, live progress, the error report as CSV, and the start
of the import (only when some rows are free of errors). vendors.services.imports does the work."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.imports import ImportMappingForm, ImportTemplateForm, ImportUploadForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from marketplace.models import Category
from marketplace.selectors import category_list
from vendors import selectors as vendor_selectors
from vendors.import_templates import error_report_csv, template_csv, template_xlsx
from vendors.imports import field_column
from vendors.models import ImportJob
from vendors.services import imports as import_services

# While an import is being checked or run, its page reloads itself this often (seconds).
IMPORT_REFRESH_SECONDS = 2
IMPORT_BUSY = {
    ImportJob.Status.UPLOADED,
    ImportJob.Status.CHECKING,
    ImportJob.Status.QUEUED,
    ImportJob.Status.IMPORTING,
}
IMPORT_ERRORS_SHOWN = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render_imports(request, vendor, form=None, status: int = 200):
    context = portal_context(request, vendor, "imports") | {
        "form": form or ImportUploadForm(),
        "template_form": ImportTemplateForm(categories=category_list()),
        "jobs": vendor_selectors.import_job_list(vendor=vendor)[:20],
    }
    return render(request, "seller/imports.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def imports(request, vendor):
    vendor = require_step(request, vendor, "imports")
    if request.method == "GET":
        return _render_imports(request, vendor)
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            # The check (dry run) is queued on commit; headers that differ from ours wait for the mapping step.
            job = import_services.import_job_create(
                vendor=vendor, actor=request.user, upload=form.cleaned_data["file"], map_later=True
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(portal_url("frontend:seller_import", vendor, job.id))
    return _render_imports(request, vendor, form, status=400)


@require_GET
@seller_page
def import_template(request, vendor):
    vendor = require_step(request, vendor, "imports")
    form = ImportTemplateForm(request.GET, categories=category_list())
    if not form.is_valid():
        return _template_refused(request, vendor, form)
    category = (
        Category.objects.filter(id=form.cleaned_data["category"]).first() if form.cleaned_data["category"] else None
    )
    name = f"import-{category.slug if category else 'offers'}"
    if form.cleaned_data["file_format"] == "csv":
        response = HttpResponse(template_csv(category), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(template_xlsx(category), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _template_refused(request, vendor, form):
    context = portal_context(request, vendor, "imports") | {
        "form": ImportUploadForm(),
        "template_form": form,
        "jobs": vendor_selectors.import_job_list(vendor=vendor)[:20],
    }
    return render(request, "seller/imports.html", context, status=400)


def _import_for_role(request, vendor, job_id: int):
    return owned_with_role(
        request, vendor, step="imports", lookup=lambda v: vendor_selectors.import_job_get(vendor=v, job_id=job_id)
    )


def _mapping_form(job, data=None) -> ImportMappingForm:
    return ImportMappingForm(data, header=import_services.import_job_header(job=job), mapping=job.mapping or {})


def _render_job(request, vendor, job, mapping_form=None, status: int = 200):
    busy = job.status in IMPORT_BUSY
    valid_rows = max(job.total_rows - job.error_count, 0)
    context = portal_context(request, vendor, "imports") | {
        "job": job,
        "busy": busy,
        "refresh_seconds": IMPORT_REFRESH_SECONDS,
        "row_errors": [
            SimpleNamespace(
                row=e.row, field=e.field, column=field_column(e.field, job.mapping or {}), message=e.message
            )
            for e in vendor_selectors.import_row_errors(job=job)[:IMPORT_ERRORS_SHOWN]
        ],
        "errors_shown": IMPORT_ERRORS_SHOWN,
        "valid_rows": valid_rows,
        "can_start": job.status == ImportJob.Status.CHECKED and valid_rows > 0,
        "mapping_form": mapping_form or (_mapping_form(job) if job.status == ImportJob.Status.MAPPING else None),
        "errors_url": portal_url("frontend:seller_import_errors", vendor, job.id),
    }
    return render(request, "seller/import.html", context, status=status)


@require_GET
@seller_page
def import_detail(request, vendor, job_id: int):
    vendor, job = _import_for_role(request, vendor, job_id)
    return _render_job(request, vendor, job)


@require_POST
@seller_page
def import_map(request, vendor, job_id: int):
    vendor, job = _import_for_role(request, vendor, job_id)
    form = _mapping_form(job, request.POST)
    if form.is_valid():
        try:
            import_services.import_job_map(
                vendor=vendor, actor=request.user, job_id=job.id, mapping=dict(form.cleaned_data)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Columns mapped; the file is being checked."))
            return redirect(portal_url("frontend:seller_import", vendor, job.id))
    return _render_job(request, vendor, job, mapping_form=form, status=400)


@require_GET
@seller_page
def import_errors(request, vendor, job_id: int):
    vendor, job = _import_for_role(request, vendor, job_id)
    response = HttpResponse(error_report_csv(job), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.id}-errors.csv"'
    return response


@require_POST
@seller_page
def import_start(request, vendor, job_id: int):
    vendor, _job = _import_for_role(request, vendor, job_id)
    try:
        import_services.import_job_queue(vendor=vendor, actor=request.user, job_id=job_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Import started; rows with errors are skipped."))
    return redirect(portal_url("frontend:seller_import", vendor, job_id))
