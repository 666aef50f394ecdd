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

// Settings: a logo chosen with the file button is uploaded at once and
// becomes the logo's address (saved with the settings).
(function () {
  "use strict";
  var file = document.querySelector("[data-logo-upload]");
  var form = file && file.form;
  if (!form) return;
  file.addEventListener("change", function () {
    if (!file.files.length) return;
    var body = new FormData();
    body.append("file", file.files[0]);
    body.append("alt", "Logo");
    var hint = file.closest(".field-hint");
    fetch("/newsroom/media/upload", { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": form.elements.csrf.value, Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (m) {
        if (!m.url) throw new Error(m.error || "The logo was not uploaded.");
        form.elements.logo_url.value = m.url;
        var keep = form.querySelector("#logo-keep");
        if (keep) keep.value = m.url, keep.checked = true;
        hint.textContent = "Uploaded. Save the settings to use it as the logo.";
      })
      .catch(function (e) { hint.textContent = e.message; });
  });
})();

// A new article's page: once the first autosave has stored the draft, the
// address becomes the draft's own, so a reload or a bookmark finds it.
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form || !form.elements.draft_key || !window.fetch || !window.history.replaceState) return;
  var fetch0 = window.fetch;
  window.fetch = function (url) {
    return fetch0.apply(this, arguments).then(function (res) {
      if (typeof url === "string" && url.indexOf("/newsroom/articles/new/autosave") === 0 && res.ok) {
        res.clone().json().then(function (d) {
          if (d && d.id) {
            var path = "/newsroom/articles/" + d.id;
            window.history.replaceState(null, "", path);
            form.action = path;
          }
        }).catch(function () {});
      }
      return res;
    });
  };
})();
