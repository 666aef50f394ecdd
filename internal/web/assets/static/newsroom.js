// Newsroom enhancements. Forms and buttons with data-confirm ask before they
// act (unpublish, delete, restore); without JavaScript they act at once.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var button = e.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      e.preventDefault();
    }
  });
})();

// A table wider than a narrow screen scrolls sideways; keyboard users reach
// it with Tab and scroll it with the arrow keys.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".nr-table").forEach(function (t) {
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
      } else {
        t.removeAttribute("tabindex");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();

// A headline is one line, though its box wraps: Enter does not break it.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-one-line]").forEach(function (t) {
    t.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
    t.addEventListener("input", function () {
      if (/[\r\n]/.test(t.value)) t.value = t.value.replace(/[\r\n]+/g, " ");
    });
  });
})();
