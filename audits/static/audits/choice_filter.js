// Long checkbox lists (clauses, documents, people) on the audit plan: a search field
// hides the boxes whose label does not contain what is typed (accents and case ignored,
// so "tai lieu" finds "tài liệu"), empty groups fold away, and a counter says how many
// are ticked. Ticked boxes stay ticked while hidden. Without JavaScript the field stays
// hidden and the lists are plain checkboxes.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  document.querySelectorAll("[data-choice-filter]").forEach(function (root) {
    var tools = root.querySelector(".choice-filter-tools");
    var search = root.querySelector(".choice-filter-search");
    var count = root.querySelector(".choice-filter-count");
    var checks = Array.prototype.slice.call(root.querySelectorAll(".form-check"));
    var keys = checks.map(function (check) { return fold(check.textContent); });
    function update() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      checks.forEach(function (check, i) {
        var match = words.every(function (w) { return keys[i].indexOf(w) !== -1; });
        check.hidden = !match;
        if (match) { shown += 1; }
      });
      root.querySelectorAll("fieldset.choice-group").forEach(function (group) {
        group.hidden = !group.querySelector(".form-check:not([hidden])");
      });
      var selected = root.querySelectorAll("input[type=checkbox]:checked").length;
      var text = format(count.dataset.templateSelected, { selected: selected });
      if (words.length) {
        text = format(count.dataset.templateShown, { shown: shown, total: checks.length }) + " · " + text;
      }
      count.textContent = text;
    }
    if (checks.length < 8) { return; }  // a short list needs no search
    tools.hidden = false;
    search.addEventListener("input", update);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // filtering, not sending the plan
    });
    root.addEventListener("change", update);
    update();
  });
})();
