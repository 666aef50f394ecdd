// Reader-site enhancements. Everything works without this file; it adds the
// touch and keyboard toggles of the mega menu and the "Copy link" button.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var toggles = document.querySelectorAll(".menu-toggle");
  function closeAll(except) {
    toggles.forEach(function (b) {
      if (b !== except) {
        b.setAttribute("aria-expanded", "false");
        b.parentElement.classList.remove("is-open");
      }
    });
  }
  toggles.forEach(function (b) {
    b.addEventListener("click", function (e) {
      e.stopPropagation();
      var open = b.getAttribute("aria-expanded") !== "true";
      closeAll(b);
      b.setAttribute("aria-expanded", String(open));
      b.parentElement.classList.toggle("is-open", open);
    });
  });
  // Keyboard users tabbing out of an open panel close it behind them.
  document.querySelectorAll(".has-mega").forEach(function (item) {
    item.addEventListener("focusout", function (e) {
      if (!item.contains(e.relatedTarget)) {
        var b = item.querySelector(".menu-toggle");
        if (b && b.getAttribute("aria-expanded") === "true") {
          b.setAttribute("aria-expanded", "false");
          item.classList.remove("is-open");
        }
      }
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".has-mega")) closeAll(null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var open = document.querySelector(".menu-toggle[aria-expanded='true']");
      closeAll(null);
      if (open) open.focus();
    }
  });
  document.querySelectorAll("[data-copy-link]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (!navigator.clipboard) return;
      e.preventDefault();
      navigator.clipboard.writeText(a.href).then(function () {
        a.textContent = "Link copied";
      });
    });
  });
})();
