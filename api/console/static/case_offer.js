// Offer times: at most the form's data-max free times can be ticked; the others wait until one is unticked.
(function () {
  "use strict";
  function limit() {
    var form = document.getElementById("offer-form");
    if (!form) return;
    var max = parseInt(form.getAttribute("data-max") || "3", 10);
    var boxes = document.querySelectorAll('input[type=checkbox][form="offer-form"]');
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) ticked += 1; });
    boxes.forEach(function (box) { box.disabled = !box.checked && ticked >= max; });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.getAttribute && target.getAttribute("form") === "offer-form") limit();
  });
  document.addEventListener("DOMContentLoaded", limit);
})();
