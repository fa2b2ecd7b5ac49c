// Behaviour shared by every page. Scripts live in static files only: the
// Content-Security-Policy forbids inline scripts and on* attributes.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
    field.form.submit();
  }
});
