"""Cookie consent (GDPR Art. 6(1)(a), 7; § 25 TDDDG).

Strictly necessary cookies (session, CSRF, language, messages, the consent cookie itself) are set
without asking; every other cookie belongs to a category (``settings.COOKIE_CATEGORIES``) and is
only set once the visitor granted that category. The middleware enforces it on every response,
so no view can set a non-essential cookie before consent, and an unknown cookie counts as
non-essential. Each choice is stored (``ConsentRecord``: categories, banner version, time) as
proof; the consent cookie carries the record's id, version and categories.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from buyers.models import ConsentRecord
from marketplace.errors import DomainError

ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Consent:
    consent_id: str
    version: str
    categories: frozenset

    @property
    def current(self) -> bool:
        return self.version == settings.COOKIE_CONSENT_VERSION


def consent_parse(value: str | None) -> Consent | None:
    """'<id>|<version>|cat1,cat2' from the cookie; anything malformed is no consent at all."""
    if not value:
        return None
    parts = value.split("|")
    if len(parts) != 3 or not parts[0]:
        return None
    categories = frozenset(c for c in parts[2].split(",") if c in settings.COOKIE_CATEGORIES)
    return Consent(consent_id=parts[0][:40], version=parts[1][:20], categories=categories)


def consent_of(request) -> Consent | None:
    consent = consent_parse(request.COOKIES.get(settings.COOKIE_CONSENT_COOKIE))
    return consent if consent and consent.current else None


def consent_record(*, request_consent: Consent | None, user, categories: list[str]) -> tuple[ConsentRecord, str]:
    """Store a choice (an empty list: only necessary cookies) and return the cookie value."""
    unknown = sorted(set(categories) - set(settings.COOKIE_CATEGORIES))
    if unknown:
        raise DomainError(
            _("Unknown cookie category %(names)s; allowed: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(settings.COOKIE_CATEGORIES))},
            field="categories",
        )
    consent_id = request_consent.consent_id if request_consent else uuid.uuid4().hex
    granted = sorted(set(categories))
    record = ConsentRecord.objects.create(
        consent_id=consent_id,
        user=user if user is not None and user.is_authenticated else None,
        categories=granted,
        version=settings.COOKIE_CONSENT_VERSION,
    )
    return record, f"{consent_id}|{settings.COOKIE_CONSENT_VERSION}|{','.join(granted)}"


def _category_of(name: str) -> str | None:
    return next((category for category, names in settings.COOKIE_CATEGORIES.items() if name in names), None)


class CookieConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.cookies:
            return response
        consent = getattr(request, "_cookie_consent_override", None) or consent_of(request)
        granted = consent.categories if consent else frozenset()
        for name in list(response.cookies):
            morsel = response.cookies[name]
            if name in settings.COOKIES_ESSENTIAL or morsel["max-age"] == 0:  # deleting a cookie is always fine
                continue
            if _category_of(name) not in granted:
                del response.cookies[name]
        return response


def consent_context(request) -> dict:
    consent = consent_of(request)
    return {
        "cookie_consent": {
            "asked": consent is not None,
            "granted": sorted(consent.categories) if consent else [],
            "categories": sorted(settings.COOKIE_CATEGORIES),
        }
    }
