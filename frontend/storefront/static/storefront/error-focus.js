// After a refused submit, move the focus to the error summary at the top of the form's page
// (GOV.UK pattern): screen readers announce it, and its links lead to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
});
