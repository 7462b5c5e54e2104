// The document page's controlled PDF: shown in a frame on wide screens only. A phone
// keeps the "View controlled PDF" button, which opens the PDF in its own viewer, and
// never loads the frame (each load is a view in the access log).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 900px)");
  function load() {
    if (!wide.matches) { return; }
    document.querySelectorAll(".pdf-frame iframe[data-src]").forEach(function (frame) {
      frame.src = frame.getAttribute("data-src");
      frame.removeAttribute("data-src");
      frame.parentNode.classList.add("loaded");
    });
  }
  load();
  if (wide.addEventListener) { wide.addEventListener("change", load); }
})();
