"""Console: one buyer-seller conversation as the operator sees it; join it, write in it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers.messaging import selectors, services
from buyers.messaging.models import Party
from frontend.common.access import staff_required
from frontend.common.conversations import message_send, thread_context
from frontend.common.forms import MessageForm
from frontend.console.forms.claims import DecideForm, EscalateForm
from marketplace.errors import NotFound


def _operator_conversation(conversation_id: int):
    try:
        return selectors.conversation_get_for_operator(conversation_id=conversation_id)
    except NotFound:
        raise Http404 from None


@staff_required
@require_GET
def console_conversation(request, conversation_id: int):
    found = _operator_conversation(conversation_id)
    if found.operator_id is not None:
        services.conversation_mark_read(conversation=found, party=Party.OPERATOR)
    context = thread_context(found, Party.OPERATOR) | {
        "form": MessageForm(),
        "escalate_form": EscalateForm(),
        "decide_form": DecideForm(),
        "section": "claims",
    }
    return render(request, "console/conversation.html", context)


@staff_required
@require_POST
def console_conversation_join(request, conversation_id: int):
    found = _operator_conversation(conversation_id)
    services.conversation_join(operator=request.user, conversation=found)
    messages.success(request, _("You joined the conversation; buyer and seller see the marketplace's messages."))
    return redirect("frontend:console_conversation", conversation_id=found.id)


@staff_required
@require_POST
def console_conversation_message(request, conversation_id: int):
    found = _operator_conversation(conversation_id)
    form = MessageForm(request.POST, request.FILES)
    if message_send(request, form, conversation=found, party=Party.OPERATOR):
        return redirect("frontend:console_conversation", conversation_id=found.id)
    context = thread_context(found, Party.OPERATOR) | {
        "form": form,
        "escalate_form": EscalateForm(),
        "decide_form": DecideForm(),
        "section": "claims",
    }
    return render(request, "console/conversation.html", context, status=400)
