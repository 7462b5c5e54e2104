// Behaviour shared by every page, kept out of the templates (the Content-Security-Policy
// allows no inline script). Without JavaScript each form still has its own button.
(function () {
  "use strict";
  // A select marked data-autosubmit sends its form when the choice changes (language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A table wider than the screen scrolls sideways in its box: the box then takes the
  // keyboard focus, so arrow keys scroll it (WCAG 2.1.1; axe: scrollable-region-focusable).
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-responsive, .table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollBoxes();
  window.addEventListener("resize", focusableScrollBoxes);
  // Filter panels (<details data-collapse-narrow open>) fold away on phones unless a filter is set.
  if (window.matchMedia("(max-width: 600px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (details) {
      var active = Array.prototype.some.call(details.querySelectorAll("input, select"), function (field) {
        return field.type !== "submit" && field.type !== "hidden" && field.value !== "";
      });
      if (!active) { details.open = false; }
    });
  }
})();
