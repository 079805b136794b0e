"""Points in the data export. Erasure keeps the journal: its entries are append-only (the database
refuses changes), hold no personal data beyond the link to the account that erasure anonymises,
and back the platform-funded discounts booked in the ledger (tax records)."""

from buyers.loyalty.selectors import loyalty_account_find, points_balance, points_journal


def loyalty_export(user) -> dict:
    account = loyalty_account_find(user=user)
    if account is None:
        return {}
    return {
        "referral_code": account.referral_code,
        "balance": points_balance(user=user),
        "journal": [
            {"kind": e.kind, "points": e.points, "balance_after": e.balance_after, "at": e.created_at.isoformat()}
            for e in points_journal(user=user)
        ],
    }
