"""Console configuration: the category tree and its attribute schemas, listing (quality) rules
with a dry run. Staff only (everybody else gets a 404)."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buyers.coupons import platform_coupon_create, platform_coupon_list
from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.compliance import CategoryComplianceForm
from frontend.console.forms.config import AttributeForm, ListingRuleForm, PlatformCouponForm, ThresholdForm
from marketplace.errors import DomainError, NotFound
from marketplace.models import AttributeDefinition, Category
from moderation.models import ListingRule, ScorecardThreshold
from moderation.scorecards import WINDOWS, thresholds_effective
from moderation.services.rules import listing_rule_create, listing_rule_dry_run, listing_rule_update
from moderation.services.thresholds import scorecard_threshold_set
from vendors.services.attributes import attribute_definition_create, attribute_definition_update, category_schema


def _category_or_404(category_id: int) -> Category:
    category = Category.objects.filter(id=category_id).first()
    if category is None:
        raise Http404
    return category


@staff_required
@require_GET
def categories(request):
    rows = [
        {"category": category, "depth": category.path.count("/"), "attributes": category.attribute_definitions.count()}
        for category in Category.objects.order_by("path")
    ]
    return render(request, "console/config/categories.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def category_detail(request, category_id: int):
    category = _category_or_404(category_id)
    form = AttributeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                definition = attribute_definition_create(
                    actor=request.user, category_id=category.id, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Attribute “%(name)s” added.") % {"name": definition.name})
                return redirect("frontend:console_category", category_id=category.id)
        status = 400
    schema = list(category_schema(category).values())
    return render(
        request,
        "console/config/category.html",
        {
            "category": category,
            "schema": schema,
            "form": form,
            "children": category.children.order_by("path"),
            "compliance_form": CategoryComplianceForm(
                initial={name: getattr(category, name) for name in CategoryComplianceForm.base_fields}
            ),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def attribute_edit(request, category_id: int, attribute_id: int):
    category = _category_or_404(category_id)
    definition = AttributeDefinition.objects.filter(category=category, id=attribute_id).first()
    if definition is None:
        raise Http404
    initial = {
        "name_de": definition.name_de,
        "name_en": definition.name_en,
        "kind": definition.kind,
        "unit": definition.unit,
        "allowed_values": "\n".join(map(str, definition.allowed_values)),
        "required": definition.required,
        "position": definition.position,
    }
    form = AttributeForm(request.POST or None, initial=initial, editing=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attribute_definition_update(
                    actor=request.user, category_id=category.id, definition_id=definition.id, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Attribute “%(code)s” saved.") % {"code": definition.code})
                return redirect("frontend:console_category", category_id=category.id)
        status = 400
    return render(
        request,
        "console/config/attribute.html",
        {"category": category, "definition": definition, "form": form},
        status=status,
    )


def _rule_form(request) -> ListingRuleForm:
    return ListingRuleForm(request.POST or None, categories=Category.objects.order_by("path"))


@staff_required
@require_http_methods(["GET", "POST"])
def rules(request):
    form = _rule_form(request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rule = listing_rule_create(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    params=form.params(),
                    severity=form.cleaned_data["severity"],
                    category_id=form.cleaned_data["category"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, names={"params": "values"})
            else:
                messages.success(
                    request, _("Rule #%(id)d added. Run its dry run to see what it would block.") % {"id": rule.id}
                )
                return redirect("frontend:console_rules")
        status = 400
    listing_rules = ListingRule.objects.select_related("category").order_by("-active", "kind", "id")
    return render(request, "console/config/rules.html", {"rules": listing_rules, "form": form}, status=status)


@staff_required
@require_http_methods(["POST"])
def rule_toggle(request, rule_id: int):
    rule = ListingRule.objects.filter(id=rule_id).first()
    if rule is None:
        raise Http404
    try:
        listing_rule_update(actor=request.user, rule_id=rule.id, active=not rule.active)
    except NotFound:
        raise Http404 from None
    messages.success(
        request,
        _("Rule #%(id)d switched on.") % {"id": rule.id}
        if not rule.active
        else _("Rule #%(id)d switched off.") % {"id": rule.id},
    )
    return redirect("frontend:console_rules")


@staff_required
@require_GET
def rule_dry_run(request, rule_id: int):
    try:
        result = listing_rule_dry_run(rule_id=rule_id)
    except NotFound:
        raise Http404 from None
    return render(request, "console/config/dry_run.html", {"run": result, "rule": result.rule})


@staff_required
@require_http_methods(["GET", "POST"])
def thresholds(request):
    form = ThresholdForm(request.POST or None, metrics=ScorecardThreshold.Metric.choices, windows=WINDOWS)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                scorecard_threshold_set(
                    actor=request.user,
                    metric=form.cleaned_data["metric"],
                    limit_bps=form.limit_bps(),
                    window_days=form.cleaned_data["window_days"],
                    min_orders=form.cleaned_data["min_orders"],
                    active=form.cleaned_data["active"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, names={"limit_bps": "limit_percent"})
            else:
                messages.success(request, _("Threshold saved."))
                return redirect("frontend:console_thresholds")
        status = 400
    labels = dict(ScorecardThreshold.Metric.choices)
    rows = [{"label": labels[metric], "threshold": threshold} for metric, threshold in thresholds_effective().items()]
    return render(request, "console/config/thresholds.html", {"rows": rows, "form": form}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def coupons(request):
    form = PlatformCouponForm(request.POST or None, currency=settings.MARKETPLACE_CURRENCY)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            until = data["valid_until"]
            try:
                coupon = platform_coupon_create(
                    actor=request.user,
                    code=data["code"],
                    kind=data["kind"],
                    currency=form.currency,
                    percent_bps=data["percent"],
                    amount=data["amount"],
                    min_order_amount=data["min_order"],
                    valid_until=(timezone.make_aware(datetime.combine(until, time.max)) if until is not None else None),
                    max_uses=data["max_uses"],
                    max_uses_per_buyer=data["max_uses_per_buyer"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, names={"percent_bps": "percent", "min_order_amount": "min_order"})
            else:
                messages.success(request, _("Coupon %(code)s created.") % {"code": coupon.code})
                return redirect("frontend:console_coupons")
        status = 400
    return render(
        request, "console/config/coupons.html", {"coupons": platform_coupon_list(), "form": form}, status=status
    )
