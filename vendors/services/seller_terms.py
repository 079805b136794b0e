"""Terms for sellers under the P2B Regulation (EU) 2019/1150, Art. 3: a change is announced to every
seller at least 15 days before it takes effect (inbox entry and mail, one per seller and version),
the version in force is the newest whose effective date has come (marketplace.legal), and each
seller's acceptance is recorded (who, when)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace import legal
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import LegalTextVersion
from marketplace.outbox import outbox_publish
from vendors.models import SellerNotification, SellerTermsNotice, Vendor
from vendors.notifications import seller_notify

NOTICE_DAYS = 15
KIND = LegalTextVersion.Kind.SELLER_TERMS
TERMS_MAIL = "vendors.terms_change_mail"


def seller_terms_current() -> LegalTextVersion | None:
    return legal.legal_text_current(kind=KIND)


def seller_terms_upcoming() -> list[LegalTextVersion]:
    """Announced versions not yet in force, soonest first."""
    return list(
        LegalTextVersion.objects.filter(kind=KIND, published_at__gt=timezone.now()).order_by("published_at", "version")
    )


@transaction.atomic
def seller_terms_announce(*, actor, body_de: str, body_en: str, note: str, effective_on: date) -> LegalTextVersion:
    """Announce a new version of the sellers' terms, in force from ``effective_on`` (at least 15
    days ahead), and tell every seller that is not closed."""
    earliest = timezone.localdate() + timedelta(days=NOTICE_DAYS)
    if effective_on < earliest:
        raise DomainError(
            _("Changed terms take effect 15 days after the announcement at the earliest: %(date)s or later.")
            % {"date": earliest.isoformat()},
            field="effective_on",
            code="notice_period",
        )
    if seller_terms_upcoming():
        raise Conflict(_("A change is already announced; wait until it is in force."), field="effective_on")
    version = legal.legal_text_save(actor=actor, kind=KIND, body_de=body_de, body_en=body_en, note=note)
    version.published_at = timezone.make_aware(datetime.combine(effective_on, datetime.min.time()))
    version.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="seller_terms.announced",
        obj=version,
        data={"version": version.version, "effective_on": effective_on.isoformat()},
    )
    url_name = "frontend:seller_terms"
    for vendor in Vendor.objects.filter(closed_at__isnull=True).order_by("id"):
        notice = SellerTermsNotice.objects.create(vendor=vendor, version=version)
        seller_notify(
            vendor_id=vendor.id,
            kind=SellerNotification.Kind.LEGAL,
            key=f"terms:{version.version}",
            params={"topic": "terms", "version": version.version, "effective": effective_on.isoformat()},
            url=f"{reverse(url_name)}?vendor={vendor.id}",
        )
        outbox_publish(topic=TERMS_MAIL, key=f"terms_notice:{notice.id}", payload={"notice_id": notice.id})
    return version


def handle_terms_mail(events) -> None:
    for event in events:
        with transaction.atomic():
            notice = (
                SellerTermsNotice.objects.select_for_update()
                .select_related("vendor", "version")
                .filter(id=event.payload["notice_id"], mailed_at__isnull=True)
                .first()
            )
            if notice is None:
                continue
            vendor, version = notice.vendor, notice.version
            if vendor.email:
                with translation.override(vendor.language or settings.LANGUAGE_CODE):
                    effective = date_format(timezone.localtime(version.published_at).date(), "SHORT_DATE_FORMAT")
                    subject = _("Our terms for sellers change on %(date)s") % {"date": effective}
                    body = "\n".join(
                        [
                            _("Hello %(name)s,") % {"name": vendor.name},
                            "",
                            _(
                                "we are changing our terms for sellers (version %(version)s). The new terms take "
                                "effect on %(date)s. What changes: %(note)s"
                            )
                            % {"version": version.version, "date": effective, "note": version.note or "-"},
                            "",
                            _("Read and accept them in the seller portal:"),
                            f"{settings.SITE_URL}{reverse('frontend:seller_terms')}?vendor={vendor.id}",
                        ]
                    )
                    send_mail(subject, body, None, [vendor.email])
            notice.mailed_at = timezone.now()
            notice.save(update_fields=["mailed_at"])


@transaction.atomic
def seller_terms_accept(*, vendor: Vendor, actor, version_number: int) -> SellerTermsNotice:
    """Record that the seller accepted the version (announced or in force); a second time keeps the first."""
    version = LegalTextVersion.objects.filter(kind=KIND, version=version_number, published_at__isnull=False).first()
    if version is None:
        raise NotFound(_("No such version of the terms."), field="version")
    try:
        with transaction.atomic():
            notice, _created = SellerTermsNotice.objects.get_or_create(vendor=vendor, version=version)
    except IntegrityError:
        notice = SellerTermsNotice.objects.get(vendor=vendor, version=version)
    notice = SellerTermsNotice.objects.select_for_update().get(id=notice.id)
    if notice.accepted_at is None:
        notice.accepted_at, notice.accepted_by = timezone.now(), actor
        notice.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(actor=actor, action="seller_terms.accepted", obj=vendor, data={"version": version.version})
    return notice


def seller_terms_status(*, vendor: Vendor) -> list[dict]:
    """The versions that concern the seller (in force and announced) with its acceptance."""
    versions = [v for v in [seller_terms_current(), *seller_terms_upcoming()] if v is not None]
    notices = {n.version_id: n for n in SellerTermsNotice.objects.filter(vendor=vendor, version__in=versions)}
    now = timezone.now()
    return [{"version": v, "in_force": v.published_at <= now, "notice": notices.get(v.id)} for v in versions]


def seller_terms_acceptance_counts() -> list[dict]:
    """Per announced version: sellers told, mailed, accepted (the console's overview)."""
    rows = LegalTextVersion.objects.filter(kind=KIND, published_at__isnull=False).order_by("-version")
    result = []
    for v in rows:
        notices = SellerTermsNotice.objects.filter(version=v)
        result.append(
            {
                "version": v,
                "told": notices.count(),
                "mailed": notices.filter(mailed_at__isnull=False).count(),
                "accepted": notices.filter(accepted_at__isnull=False).count(),
            }
        )
    return result
