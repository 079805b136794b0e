// The order's payment page: Stripe's Payment Element (card, SEPA Direct Debit, ... as the
// PaymentIntent allows). Stripe.js (js.stripe.com/v3 in production) defines window.Stripe;
// confirmPayment sends the buyer on to the order page, or returns an error shown next to the field.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("payment-form");
  if (!form) return;
  var errorBox = document.getElementById("payment-error");
  var button = document.getElementById("payment-submit");
  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    button.disabled = false;
  }
  if (typeof window.Stripe !== "function") {
    showError(form.dataset.unavailable);
    button.disabled = true;
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey, { locale: form.dataset.locale });
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create("payment").mount("#payment-element");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errorBox.hidden = true;
    stripe
      .confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.returnUrl } })
      .then(function (result) {
        if (result && result.error) showError(result.error.message);
      });
  });
});
