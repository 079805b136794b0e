"""The answer for a login attempt while django-axes holds the account locked: 429 with Retry-After
(the cool-off), so clients can tell "wait" from "wrong password" (400)."""

from axes.helpers import get_cool_off
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled


def login_locked_out() -> Throttled:
    cool_off = get_cool_off()
    wait = int(cool_off.total_seconds()) if cool_off else None
    return Throttled(
        wait=wait, detail=_("Too many failed logins; this account is locked for a while. Try again later.")
    )
