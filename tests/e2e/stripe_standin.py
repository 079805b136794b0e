"""A stand-in for Stripe.js, which cannot load here, behind the same interface our payment page
uses: ``Stripe(key)``, ``stripe.elements({clientSecret})``, ``elements.create("payment").mount()``
and ``stripe.confirmPayment({elements, confirmParams: {return_url}})``.

The stand-in's Payment Element is a card-number field. Confirming posts the client secret and the
number to a small endpoint here, which does what Stripe's side does: it confirms the
PaymentIntent on stripe-mock (the real API shape) and then delivers the signed
``payment_intent.succeeded`` webhook to our webhook endpoint, as Stripe would. Stripe's test card
4000 0000 0000 0002 is declined with Stripe's message. Use it as the test's ROOT_URLCONF.
"""

import json
import time

import stripe
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.test import Client
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from marketplace.models import Order
from tests.payouts.test_stripe_gateway import sign

DECLINED_CARD = "4000000000000002"

STRIPE_JS = r"""
(function () {
  window.Stripe = function (publishableKey) {
    if (!publishableKey) throw new Error("Stripe: no publishable key");
    var secret = null;
    var field = null;
    return {
      elements: function (options) {
        secret = options.clientSecret;
        return {
          create: function (type) {
            return {
              mount: function (selector) {
                var box = document.querySelector(selector);
                var label = document.createElement("label");
                label.htmlFor = "standin-card-number";
                label.textContent = "Kartennummer";
                field = document.createElement("input");
                field.id = "standin-card-number";
                field.className = "form-control";
                field.autocomplete = "cc-number";
                field.inputMode = "numeric";
                box.appendChild(label);
                box.appendChild(field);
              }
            };
          }
        };
      },
      confirmPayment: function (params) {
        return fetch("/_stripe-standin/confirm/", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ client_secret: secret, card: field ? field.value : "" })
        })
          .then(function (response) { return response.json(); })
          .then(function (answer) {
            if (answer.error) return { error: answer.error };
            window.location.href = params.confirmParams.return_url +
              "?payment_intent=" + encodeURIComponent(answer.id) + "&redirect_status=succeeded";
            return {};
          });
      }
    };
  };
})();
"""


def stripe_js(request):
    return HttpResponse(STRIPE_JS, content_type="text/javascript")


@csrf_exempt
def confirm(request):
    data = json.loads(request.body)
    card = "".join(ch for ch in data.get("card", "") if ch.isdigit())
    if card == DECLINED_CARD:
        return JsonResponse(
            {"error": {"type": "card_error", "code": "card_declined", "message": "Ihre Karte wurde abgelehnt."}}
        )
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    # Stripe finds the intent by its client secret. stripe-mock answers every lookup with its fixed
    # fixture secret, so the stand-in matches the unpaid card orders' intents by what Stripe returns.
    unpaid = Order.objects.filter(payment_method="card", payment_intent_id__gt="").exclude(payment_status="paid")
    [order] = [
        o
        for o in unpaid
        if client.v1.payment_intents.retrieve(o.payment_intent_id).client_secret == data["client_secret"]
    ]
    intent_id = order.payment_intent_id
    client.v1.payment_intents.confirm(intent_id, params={"payment_method": "pm_card_visa"})
    payload = json.dumps(
        {
            "id": f"evt_standin_{intent_id}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": intent_id,
                    "object": "payment_intent",
                    "amount": order.total_amount,
                    "amount_received": order.total_amount,
                    "currency": order.currency.lower(),
                    "metadata": {"order_number": order.number},
                    "status": "succeeded",
                }
            },
        }
    ).encode()
    delivered = Client().post(
        "/api/payouts/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, settings.STRIPE_WEBHOOK_SECRET),
    )
    assert delivered.status_code < 300, delivered.content
    return JsonResponse({"id": intent_id, "status": "succeeded"})


urlpatterns = [
    path("_stripe-standin/v3/", stripe_js),
    path("_stripe-standin/confirm/", confirm),
    path("", include("marketplace.urls")),
]
