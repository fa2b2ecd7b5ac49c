// Behaviour shared by every page. Scripts live in static files only: the
// Content-Security-Policy forbids inline scripts and on* attributes.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
    field.form.submit();
  }
});

// On a phone, a long filter form folds away unless filters are in use (the list comes first).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia("(max-width: 640px)").matches) return;
  document.querySelectorAll("details[data-fold-on-phone]:not([data-active])").forEach(function (box) {
    box.open = false;
  });
});
