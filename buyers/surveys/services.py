"""Writes of surveys: send one after each delivery, take the answer once.

Surveys go out from a periodic task rather than from the delivery itself: it finds the parts
delivered at least SURVEYS_DELAY_HOURS ago (the buyer has had time to unpack) and not longer
than SURVEYS_MAX_AGE_DAYS ago (switching the feature on does not mail old customers), and the
unique survey per VendorOrder makes a second run, or two at once, send nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import BuyerProfile
from buyers.surveys.models import Survey
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import VendorOrder
from marketplace.outbox import outbox_publish

SURVEY_MAIL = "surveys.mail"
TOKEN_SALT = "surveys.answer"
MAX_COMMENT = 2000


def _delay() -> timedelta:
    return timedelta(hours=getattr(settings, "SURVEYS_DELAY_HOURS", 24))


def _max_age() -> timedelta:
    return timedelta(days=getattr(settings, "SURVEYS_MAX_AGE_DAYS", 30))


def survey_token(*, survey: Survey) -> str:
    """The signed part of the survey link (no login needed; it names one survey only)."""
    return signing.dumps(survey.id, salt=TOKEN_SALT, compress=True)


def survey_from_token(*, token: str) -> Survey:
    try:
        survey_id = signing.loads(
            token, salt=TOKEN_SALT, max_age=timedelta(days=getattr(settings, "SURVEYS_ANSWER_DAYS", 60))
        )
    except signing.SignatureExpired:
        raise NotFound(_("This survey link has expired."), field="token", code="expired") from None
    except signing.BadSignature:
        raise NotFound(_("This survey link is not valid."), field="token") from None
    survey = Survey.objects.select_related("vendor", "vendor_order__order").filter(id=survey_id).first()
    if survey is None:
        raise NotFound(_("This survey link is not valid."), field="token")
    return survey


def surveys_send_due(*, now: datetime | None = None) -> int:
    """Create (and mail through the outbox) the surveys of parts delivered long enough ago."""
    now = now or timezone.now()
    deleted = BuyerProfile.objects.filter(deleted_at__isnull=False).values("user_id")
    due = (
        VendorOrder.objects.filter(
            status=VendorOrder.Status.DELIVERED,
            survey__isnull=True,
            delivered_at__lte=now - _delay(),
            delivered_at__gte=now - _max_age(),
        )
        .exclude(order__buyer_id__in=deleted)
        .values_list("id", "vendor_id", "order__buyer_id")
        .order_by("id")
    )
    sent = 0
    for vendor_order_id, vendor_id, buyer_id in due:
        try:
            with transaction.atomic():
                survey = Survey.objects.create(vendor_order_id=vendor_order_id, vendor_id=vendor_id, buyer_id=buyer_id)
                outbox_publish(topic=SURVEY_MAIL, key=f"survey:{survey.id}", payload={"survey_id": survey.id})
        except IntegrityError:
            continue  # another run created it a moment ago
        sent += 1
    return sent


def _score(value, *, field: str, low: int, high: int, label: str) -> int:
    if isinstance(value, bool) or value is None or value == "":
        raise DomainError(
            _("%(label)s is required: a whole number from %(low)s to %(high)s.")
            % {"label": label, "low": low, "high": high},
            field=field,
            code="required",
        )
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or str(number) != str(value).strip() or not low <= number <= high:
        raise DomainError(
            _("%(label)s must be a whole number from %(low)s to %(high)s.")
            % {"label": label, "low": low, "high": high},
            field=field,
            code="out_of_range",
        )
    return number


def survey_check_answer(*, csat, nps, comment: str) -> tuple[int, int, str]:
    csat = _score(csat, field="csat", low=1, high=5, label=_("Satisfaction"))
    nps = _score(nps, field="nps", low=0, high=10, label=_("Recommendation"))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("The comment may have at most %(max)s characters.") % {"max": MAX_COMMENT}, field="comment")
    return csat, nps, comment


@transaction.atomic
def survey_answer(*, token: str, csat, nps, comment: str = "") -> Survey:
    """Record the buyer's answer; a survey is answered once (a second answer is a 409)."""
    survey = survey_from_token(token=token)
    csat, nps, comment = survey_check_answer(csat=csat, nps=nps, comment=comment)
    survey = Survey.objects.select_for_update().get(id=survey.id)
    if survey.answered_at is not None:
        raise Conflict(_("This survey has been answered already. Thank you!"), field="survey", code="already_answered")
    survey.csat, survey.nps, survey.comment, survey.answered_at = csat, nps, comment, timezone.now()
    survey.save(update_fields=["csat", "nps", "comment", "answered_at"])
    return survey
