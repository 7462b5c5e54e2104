// Copy buttons: <button data-copy-target="ID" hidden> copies the text of element #ID.
// The button stays hidden without JavaScript or a clipboard (the text can still be selected).
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copyTarget);
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.dataset.copiedLabel || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
