// Checklist at the auditee's desk: each answer is sent on its own without reloading the
// page, so what is typed in other questions stays on screen. Without JavaScript the
// forms post normally (one answer per request, nothing lost on the server either).
(function () {
  "use strict";
  var dirty = new Set();
  // The "answered / total" counter at the top follows each saved answer.
  function showProgress(answered, total) {
    document.querySelectorAll("[data-answered]").forEach(function (el) { el.textContent = answered; });
    document.querySelectorAll("[data-total]").forEach(function (el) { el.textContent = total; });
    document.querySelectorAll("progress[data-progress]").forEach(function (el) { el.max = total; el.value = answered; });
  }
  document.querySelectorAll("form.answer-form").forEach(function (form) {
    var status = form.querySelector(".answer-status");
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        status.textContent = result.data.message;
        status.className = "answer-status " + (result.ok ? "saved" : "error");
        if (typeof result.data.answered === "number") { showProgress(result.data.answered, result.data.total); }
        if (result.ok) { dirty.delete(form); }
      }).catch(function () {
        status.textContent = form.dataset.offlineMessage;
        status.className = "answer-status error";
      }).finally(function () { button.disabled = false; });
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) { event.preventDefault(); event.returnValue = ""; }
  });
})();
