"""The carriers' push endpoint: ``/api/carriers/<carrier>/events/`` (no session, no CSRF: each
carrier authenticates the way its documentation describes, integrations/carriers)."""

from __future__ import annotations

import logging

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrations.carriers import PUSHES, PushRefused
from integrations.tracking import tracking_events_record

logger = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def carrier_events(request, carrier: str):
    push = PUSHES.get(carrier)
    if push is None:
        raise Http404("no such carrier")
    try:
        push.authenticate(request)
        events = push.parse(request)
    except PushRefused as exc:
        logger.warning("refused %s tracking push: %s", carrier, exc.message)
        return JsonResponse({"detail": exc.message}, status=exc.status)
    report = tracking_events_record(events)
    return push.acknowledge(request, events, report.stored)
