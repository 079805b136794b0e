"""Statements of reasons for the Commission's DSA Transparency Database (Art. 24(5) DSA).

``tdb_record`` turns a stored StatementOfReasons into the JSON object the database's API takes
(``POST /api/v1/statement``, documented on the database's "API and Schema" page): the decision
fields (visibility, monetary, provision, account, with their end dates), account type, ground with
the legal or contractual ground and explanation, content type, category, territorial scope,
content language and date, application date, facts, source type, automated detection and
decision, and the platform's unique identifier (``puid``: our statement reference).
``tdb_problems`` checks a record against the documented rules (required fields, allowed values,
lengths, date formats, the fields one choice makes required), so an export never carries a record
the database would refuse; ``tdb_export_lines`` writes JSON lines for the command and the console.

No personal data goes out: no notifier identity, no names; the facts are the operator's wording.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from moderation.models import Notice
from moderation.models import StatementOfReasons as SOR

EU = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK").split()
EEA = (*EU, "IS", "LI", "NO")

DECISION_VISIBILITY = frozenset(
    {
        "DECISION_VISIBILITY_CONTENT_REMOVED",
        "DECISION_VISIBILITY_CONTENT_DISABLED",
        "DECISION_VISIBILITY_CONTENT_DEMOTED",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_LABELLED",
        "DECISION_VISIBILITY_OTHER",
    }
)
DECISION_MONETARY = frozenset(
    {"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"}
)
DECISION_PROVISION = frozenset(
    {
        "DECISION_PROVISION_PARTIAL_SUSPENSION",
        "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION",
        "DECISION_PROVISION_TOTAL_TERMINATION",
    }
)
DECISION_ACCOUNT = frozenset({"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"})
ACCOUNT_TYPE = frozenset({"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"})
DECISION_GROUND = frozenset({"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"})
CONTENT_TYPE = frozenset(
    {
        "CONTENT_TYPE_APP",
        "CONTENT_TYPE_AUDIO",
        "CONTENT_TYPE_IMAGE",
        "CONTENT_TYPE_PRODUCT",
        "CONTENT_TYPE_SYNTHETIC_MEDIA",
        "CONTENT_TYPE_TEXT",
        "CONTENT_TYPE_VIDEO",
        "CONTENT_TYPE_OTHER",
    }
)
CATEGORY = frozenset(
    {
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "STATEMENT_CATEGORY_SELF_HARM",
        "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
        "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
        "STATEMENT_CATEGORY_VIOLENCE",
    }
)
SOURCE_TYPE = frozenset(
    {"SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY"}
)
AUTOMATED_DECISION = frozenset(
    {"AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED"}
)
YES_NO = frozenset({"Yes", "No"})
PUID = re.compile(r"^[A-Za-z0-9_-]{1,500}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://\S+$")

# Our notice categories (already the database's groups) -> its category values.
NOTICE_CATEGORY = {
    Notice.Category.ILLEGAL_PRODUCTS: "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    Notice.Category.INTELLECTUAL_PROPERTY: "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    Notice.Category.CONSUMER_PROTECTION: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Notice.Category.SCAMS_FRAUD: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Notice.Category.ILLEGAL_SPEECH: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Notice.Category.DATA_PROTECTION: "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    Notice.Category.CHILD_SEXUAL_ABUSE: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    Notice.Category.OTHER: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
}
# Which model holds each target kind (for the content date).
TARGET_MODELS = {
    "offer": "vendors.Offer",
    "product": "vendors.Product",
    "vendor": "vendors.Vendor",
    "review": "reviews.Review",
}
# Text limits the database documents.
LIMITS = {
    "decision_visibility_other": 500,
    "decision_monetary_other": 500,
    "content_type_other": 500,
    "illegal_content_legal_ground": 500,
    "illegal_content_explanation": 2000,
    "incompatible_content_ground": 500,
    "incompatible_content_explanation": 2000,
    "decision_facts": 5000,
    "source_identity": 500,
    "puid": 500,
}
REQUIRED = (
    "decision_ground",
    "content_type",
    "category",
    "territorial_scope",
    "content_date",
    "application_date",
    "decision_facts",
    "source_type",
    "automated_detection",
    "automated_decision",
    "puid",
)


def _day(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _content_date(statement: SOR) -> str:
    label = TARGET_MODELS.get(statement.target_kind)
    created = None
    if label:
        try:
            model = apps.get_model(label)
        except LookupError:
            model = None
        if model is not None:
            created = model.objects.filter(pk=statement.target_id).values_list("created_at", flat=True).first()
    return _day(created or statement.created_at)


def _account_type(statement: SOR) -> str:
    if statement.vendor_id is None:
        return "ACCOUNT_TYPE_PRIVATE"  # a buyer's own content (a review)
    vendor = apps.get_model("vendors.Vendor").objects.filter(pk=statement.vendor_id).only("seller_kind").first()
    return "ACCOUNT_TYPE_PRIVATE" if vendor and vendor.seller_kind == "consumer" else "ACCOUNT_TYPE_BUSINESS"


def _category(statement: SOR) -> str:
    if statement.notice_id and statement.notice and statement.notice.category in NOTICE_CATEGORY:
        return NOTICE_CATEGORY[statement.notice.category]
    if statement.ground == SOR.Ground.ILLEGAL and statement.target_kind in ("offer", "product"):
        return "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS"
    return "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"


def tdb_record(statement: SOR) -> dict:
    """The database's JSON object for one statement (absent optional fields are left out)."""
    record: dict = {}
    end = _day(statement.ends_at)
    if statement.restriction == SOR.Restriction.VISIBILITY:
        record["decision_visibility"] = ["DECISION_VISIBILITY_CONTENT_DISABLED"]
        record["end_date_visibility_restriction"] = end
    elif statement.restriction == SOR.Restriction.MONETARY:
        record["decision_monetary"] = "DECISION_MONETARY_SUSPENSION"
        record["end_date_monetary_restriction"] = end
    else:  # the seller's account is suspended: no selling, no access to the service as a seller
        record["decision_provision"] = "DECISION_PROVISION_TOTAL_SUSPENSION"
        record["end_date_service_restriction"] = end
        record["decision_account"] = "DECISION_ACCOUNT_SUSPENDED"
        record["end_date_account_restriction"] = end
    record["account_type"] = _account_type(statement)
    if statement.ground == SOR.Ground.ILLEGAL:
        record["decision_ground"] = "DECISION_GROUND_ILLEGAL_CONTENT"
        record["illegal_content_legal_ground"] = statement.ground_detail[: LIMITS["illegal_content_legal_ground"]]
        record["illegal_content_explanation"] = statement.facts[: LIMITS["illegal_content_explanation"]]
    else:
        record["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        record["incompatible_content_ground"] = statement.ground_detail[: LIMITS["incompatible_content_ground"]]
        record["incompatible_content_explanation"] = statement.facts[: LIMITS["incompatible_content_explanation"]]
        record["incompatible_content_illegal"] = "No"
        record["decision_ground_reference_url"] = f"{settings.SITE_URL}{reverse('frontend:legal_terms')}"
    if statement.target_kind in ("offer", "product"):
        record["content_type"] = ["CONTENT_TYPE_PRODUCT"]
    elif statement.target_kind == "review":
        record["content_type"] = ["CONTENT_TYPE_TEXT"]
    else:
        record["content_type"] = ["CONTENT_TYPE_OTHER"]
        record["content_type_other"] = "Seller account on an online marketplace"
    record["category"] = _category(statement)
    record["territorial_scope"] = list(EEA)
    record["content_language"] = (settings.LANGUAGE_CODE or "de")[:2].upper()
    record["content_date"] = _content_date(statement)
    record["application_date"] = _day(statement.created_at)
    record["decision_facts"] = statement.facts[: LIMITS["decision_facts"]]
    record["source_type"] = "SOURCE_ARTICLE_16" if statement.source == SOR.Source.NOTICE else "SOURCE_VOLUNTARY"
    record["automated_detection"] = "Yes" if statement.automated_detection else "No"
    if statement.automated_decision:
        record["automated_decision"] = "AUTOMATED_DECISION_FULLY"
    elif statement.automated_detection:
        record["automated_decision"] = "AUTOMATED_DECISION_PARTIALLY"
    else:
        record["automated_decision"] = "AUTOMATED_DECISION_NOT_AUTOMATED"
    record["puid"] = statement.reference
    return {key: value for key, value in record.items() if value is not None}


def _enum(record: dict, field: str, allowed: frozenset, problems: list) -> None:
    if field in record and record[field] not in allowed:
        problems.append((field, "not_allowed"))


def tdb_problems(record: dict) -> list[tuple[str, str]]:
    """What the database would refuse in ``record``, as (field, code) pairs; empty: acceptable."""
    problems: list[tuple[str, str]] = []
    for field in REQUIRED:
        if record.get(field) in (None, "", []):
            problems.append((field, "required"))
    decisions = ("decision_visibility", "decision_monetary", "decision_provision", "decision_account")
    if not any(record.get(d) for d in decisions):
        problems.append(("decision_visibility", "one_decision_required"))
    visibility = record.get("decision_visibility")
    if visibility is not None and (not isinstance(visibility, list) or not set(visibility) <= DECISION_VISIBILITY):
        problems.append(("decision_visibility", "not_allowed"))
    if visibility and "DECISION_VISIBILITY_OTHER" in visibility and not record.get("decision_visibility_other"):
        problems.append(("decision_visibility_other", "required"))
    _enum(record, "decision_monetary", DECISION_MONETARY, problems)
    if record.get("decision_monetary") == "DECISION_MONETARY_OTHER" and not record.get("decision_monetary_other"):
        problems.append(("decision_monetary_other", "required"))
    _enum(record, "decision_provision", DECISION_PROVISION, problems)
    _enum(record, "decision_account", DECISION_ACCOUNT, problems)
    _enum(record, "account_type", ACCOUNT_TYPE, problems)
    _enum(record, "decision_ground", DECISION_GROUND, problems)
    if record.get("decision_ground") == "DECISION_GROUND_ILLEGAL_CONTENT":
        for field in ("illegal_content_legal_ground", "illegal_content_explanation"):
            if not record.get(field):
                problems.append((field, "required"))
    if record.get("decision_ground") == "DECISION_GROUND_INCOMPATIBLE_CONTENT":
        for field in ("incompatible_content_ground", "incompatible_content_explanation"):
            if not record.get(field):
                problems.append((field, "required"))
    _enum(record, "incompatible_content_illegal", YES_NO, problems)
    if "decision_ground_reference_url" in record and not URL.match(record["decision_ground_reference_url"]):
        problems.append(("decision_ground_reference_url", "not_a_url"))
    content = record.get("content_type")
    if content is not None and (not isinstance(content, list) or not set(content) <= CONTENT_TYPE):
        problems.append(("content_type", "not_allowed"))
    if content and "CONTENT_TYPE_OTHER" in content and not record.get("content_type_other"):
        problems.append(("content_type_other", "required"))
    _enum(record, "category", CATEGORY, problems)
    scope = record.get("territorial_scope")
    if scope is not None and (not isinstance(scope, list) or not set(scope) <= set(EEA)):
        problems.append(("territorial_scope", "not_allowed"))
    language = record.get("content_language")
    if language is not None and not re.fullmatch(r"[A-Z]{2}", language):
        problems.append(("content_language", "not_iso_639_1"))
    for field, earliest in (("content_date", "2000-01-01"), ("application_date", "2020-01-01")):
        value = record.get(field)
        if value and (not DAY.match(value) or value < earliest):
            problems.append((field, "bad_date"))
    for field in (
        "end_date_visibility_restriction",
        "end_date_monetary_restriction",
        "end_date_service_restriction",
        "end_date_account_restriction",
    ):
        value = record.get(field)
        if value and (not DAY.match(value) or value < record.get("application_date", "")):
            problems.append((field, "bad_date"))
    _enum(record, "source_type", SOURCE_TYPE, problems)
    _enum(record, "automated_detection", YES_NO, problems)
    _enum(record, "automated_decision", AUTOMATED_DECISION, problems)
    if record.get("puid") and not PUID.match(record["puid"]):
        problems.append(("puid", "bad_characters"))
    for field, limit in LIMITS.items():
        if isinstance(record.get(field), str) and len(record[field]) > limit:
            problems.append((field, "too_long"))
    return problems


def tdb_statements(*, date_from: date, date_to: date):
    """The statements issued from ``date_from`` to ``date_to`` (both included, shop's time zone)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(date_to, datetime.max.time(), tzinfo=tz)
    return (
        SOR.objects.filter(created_at__gte=start, created_at__lte=end)
        .select_related("notice")
        .order_by("created_at", "id")
    )


def tdb_export_lines(statements: Iterable[SOR]) -> Iterator[str]:
    """One JSON object per line; a record the database would refuse raises ValueError naming it."""
    for statement in statements:
        record = tdb_record(statement)
        problems = tdb_problems(record)
        if problems:
            raise ValueError(f"statement {statement.reference}: {problems}")
        yield json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
