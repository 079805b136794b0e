"""Notice-and-action objects for the authorisation matrix (tests/security/world.py): a notice
about Alpha, a statement of reasons to Alpha with Alpha's complaint, and one to Alice (the
author of a review) — each owned by someone the matrix's callers are not."""

from django.db import transaction

from moderation.models import StatementOfReasons as SOR
from moderation.services.appeals import appeal_create
from moderation.services.notices import notice_create
from moderation.services.statements import statement_issue


def notice_world(*, operator, alpha, alice, review) -> dict:
    notice = notice_create(
        notifier=None,
        url=f"https://testserver/sellers/{alpha.vendor.id}/",
        category="scams_fraud",
        explanation="Dieser Händler liefert nie aus und betrügt.",
        name="Nora Notifier",
        email="nora@example.test",
        good_faith=True,
    )
    with transaction.atomic():
        statement = statement_issue(
            target_kind="offer",
            target_id=alpha.offer.id,
            target_label="Alpha offer",
            vendor_id=alpha.vendor.id,
            restriction=SOR.Restriction.VISIBILITY,
            scope="Test",
            facts="Test",
            ground=SOR.Ground.TERMS,
            ground_detail="Test",
            source=SOR.Source.OPERATOR,
            automated_detection=False,
            automated_decision=False,
            decided_by=operator,
        )
        review_statement = statement_issue(
            target_kind="review",
            target_id=review.id,
            target_label="Alice's review",
            vendor_id=None,
            recipient_id=alice.id,
            restriction=SOR.Restriction.VISIBILITY,
            scope="Test",
            facts="Test",
            ground=SOR.Ground.TERMS,
            ground_detail="Test",
            source=SOR.Source.OPERATOR,
            automated_detection=False,
            automated_decision=False,
            decided_by=operator,
        )
    appeal = appeal_create(
        actor=alpha.owner, statement_id=statement.id, text="Das Angebot ist rechtmäßig.", vendor=alpha.vendor
    )
    return {"notice": notice, "statement": statement, "review_statement": review_statement, "appeal": appeal}
