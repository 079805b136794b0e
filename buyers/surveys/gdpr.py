"""Survey answers: exported; erasure removes the free-text comment and keeps the scores, which
count anonymously in the seller's and the platform's figures once the account is anonymised."""

from buyers.surveys.models import Survey


def surveys_export(user) -> list:
    return [
        {
            "vendor_id": s.vendor_id,
            "csat": s.csat,
            "nps": s.nps,
            "comment": s.comment,
            "answered_at": s.answered_at.isoformat() if s.answered_at else None,
        }
        for s in Survey.objects.filter(buyer=user).order_by("id")
    ]


def surveys_erase(user) -> None:
    Survey.objects.filter(buyer=user).update(comment="")
