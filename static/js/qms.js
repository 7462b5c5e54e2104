// Behaviour shared by every page, kept out of the templates (the Content-Security-Policy
// allows no inline script). Without JavaScript each form still has its own button.
(function () {
  "use strict";
  // A select marked data-autosubmit sends its form when the choice changes (language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
