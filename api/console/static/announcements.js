// The announcement composer: a language added by the picker leaves the picker, and its box takes the focus.
"use strict";

(function () {
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (!target || target.id !== "texts") { return; }
    const picker = document.querySelector("select[data-picker]");
    if (picker) {
      const added = picker.value;
      const option = picker.querySelector('option[value="' + added + '"]');
      if (option) { option.remove(); }
      if (!picker.options.length) { picker.closest(".add-language").hidden = true; }
    }
    const boxes = target.querySelectorAll("textarea");
    if (boxes.length) { boxes[boxes.length - 1].focus(); }
  });
})();
