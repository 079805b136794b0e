"""Outbox handler: the survey e-mail with its signed link, in the buyer's language, once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from buyers.models import BuyerProfile
from buyers.surveys.models import Survey
from buyers.surveys.services import survey_token
from marketplace.models import OutboxEvent


def handle_survey_mail(events: list[OutboxEvent]) -> None:
    surveys = Survey.objects.filter(
        id__in=[e.payload["survey_id"] for e in events], mailed_at__isnull=True
    ).select_related("vendor", "vendor_order__order")
    for survey in surveys:
        # Claim first: a row delivered twice (lease ran out) finds the survey mailed.
        if not Survey.objects.filter(id=survey.id, mailed_at__isnull=True).update(mailed_at=timezone.now()):
            continue
        order = survey.vendor_order.order
        language = BuyerProfile.objects.filter(user_id=survey.buyer_id).values_list("language", flat=True).first()
        link = f"{settings.SITE_URL}{reverse('frontend:survey', args=[survey_token(survey=survey)])}"
        try:
            with override(language or settings.LANGUAGE_CODE):
                subject = _("How was your order %(number)s from %(vendor)s?") % {
                    "number": order.number,
                    "vendor": survey.vendor.name,
                }
                body = _(
                    "Your order %(number)s from %(vendor)s has arrived. Two quick questions (under a minute):\n\n"
                    "%(link)s\n\nThank you!\n"
                ) % {"number": order.number, "vendor": survey.vendor.name, "link": link}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email])
        except Exception:
            Survey.objects.filter(id=survey.id).update(mailed_at=None)  # the outbox retries the row
            raise
