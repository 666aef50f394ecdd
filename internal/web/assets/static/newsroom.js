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

// Uploads with progress, shared by the library page and the main-picture
// picker: each file is posted on its own to /newsroom/media/upload, and
// the answer is the library item (or the reason it was refused).
var bsUpload = (function () {
  "use strict";
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    var f = document.querySelector('input[name="csrf"]');
    return (m && m.content) || (f && f.value) || "";
  }
  return function (file, fields, onProgress) {
    return new Promise(function (resolve, reject) {
      var body = new FormData();
      body.append("file", file);
      Object.keys(fields || {}).forEach(function (k) { if (fields[k]) body.append(k, fields[k]); });
      var x = new XMLHttpRequest();
      x.open("POST", "/newsroom/media/upload");
      x.setRequestHeader("X-CSRF-Token", csrf());
      x.setRequestHeader("Accept", "application/json");
      x.upload.onprogress = function (e) { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
      x.onload = function () {
        var d = null;
        try { d = JSON.parse(x.responseText); } catch (e) { /* not JSON: said below */ }
        if (x.status === 201 && d && d.id) resolve(d);
        else reject(new Error((d && d.error) || "the server answered " + x.status));
      };
      x.onerror = function () { reject(new Error("the server could not be reached")); };
      x.send(body);
    });
  };
})();

// The library page: several files chosen or dropped at once are uploaded
// one after another, each with its progress and its result.
(function () {
  "use strict";
  var form = document.querySelector("[data-drop-upload]");
  if (!form || !window.FormData) return;
  var input = form.elements.file;
  var zone = form.querySelector(".drop-zone");
  var list = form.querySelector(".upload-progress");
  function uploadAll(files) {
    if (!files.length) return;
    list.hidden = false;
    list.textContent = "";
    var fields = { alt: form.elements.alt.value, caption: form.elements.caption.value, credit: form.elements.credit.value };
    var failed = 0;
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = file.name + " ";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Uploading " + file.name);
      var status = document.createElement("span");
      status.className = "upload-status";
      li.append(name, bar, status);
      list.appendChild(li);
      chain = chain.then(function () {
        return bsUpload(file, fields, function (p) { bar.value = Math.round(p * 100); })
          .then(function (m) {
            bar.value = 100;
            var a = document.createElement("a");
            a.href = "/newsroom/media/" + m.id;
            a.textContent = " uploaded: #" + m.id;
            status.appendChild(a);
          })
          .catch(function (e) {
            failed++;
            li.classList.add("has-error");
            status.textContent = " not uploaded: " + e.message;
          });
      });
    });
    chain.then(function () {
      var done = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/newsroom/media";
      a.textContent = failed ? "Show the library (" + failed + " not uploaded, listed above)" : "Show them in the library";
      done.appendChild(a);
      list.appendChild(done);
      input.value = "";
    });
  }
  form.addEventListener("submit", function (e) {
    if (!input.files.length) return;
    e.preventDefault();
    uploadAll(input.files);
  });
  ["dragenter", "dragover"].forEach(function (t) {
    form.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("dragging"); });
  });
  form.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
  form.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("dragging");
    if (e.dataTransfer && e.dataTransfer.files) uploadAll(e.dataTransfer.files);
  });
})();

// A picture's page: clicking the picture sets the focal point that crops
// keep in view; the mark shows where it is.
(function () {
  "use strict";
  var frame = document.querySelector("[data-focal-frame]");
  var form = document.getElementById("picture-form");
  if (!frame || !form || !form.elements.focal_x) return;
  var mark = frame.querySelector(".focal-mark");
  var fx = form.elements.focal_x, fy = form.elements.focal_y;
  function place() {
    mark.hidden = false;
    mark.style.left = Math.min(100, Math.max(0, +fx.value || 0)) + "%";
    mark.style.top = Math.min(100, Math.max(0, +fy.value || 0)) + "%";
  }
  frame.addEventListener("click", function (e) {
    var r = frame.querySelector("img").getBoundingClientRect();
    fx.value = Math.round(Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)) * 100);
    fy.value = Math.round(Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)) * 100);
    place();
  });
  fx.addEventListener("input", place);
  fy.addEventListener("input", place);
  place();
})();

// The main picture: a dialog searches the library (or uploads a new
// picture) and picks one; without JavaScript, the list of recent pictures
// below does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-hero-picker]");
  if (!box || !window.HTMLDialogElement || !window.fetch) return;
  var form = box.closest("form");
  var grid = box.querySelector(".pick-grid");
  var dialog = document.getElementById("hero-dialog");
  var open = box.querySelector("[data-hero-open]");
  var q = dialog.querySelector("input[type=search]");
  var results = dialog.querySelector(".picker-results");
  var more = dialog.querySelector("[data-more]");
  var file = dialog.querySelector("input[type=file]");
  var note = dialog.querySelector(".picker-note");
  var page = 1, timer = 0;
  open.hidden = false;
  box.querySelector(".pick-fallback").classList.add("js-collapsed");
  function show(items, append) {
    if (!append) results.textContent = "";
    items.forEach(function (m) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "picker-item";
      var img = document.createElement("img");
      img.src = m.thumb;
      img.alt = "";
      img.width = 160;
      img.height = 90;
      img.loading = "lazy";
      var label = document.createElement("span");
      label.textContent = m.alt || m.caption || m.original;
      b.append(img, label);
      b.addEventListener("click", function () { choose(m); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!append && !items.length) {
      var li = document.createElement("li");
      li.textContent = "Nothing matches.";
      results.appendChild(li);
    }
  }
  function search(append) {
    page = append ? page + 1 : 1;
    fetch("/newsroom/media/search.json?kind=pictures&page=" + page + "&q=" + encodeURIComponent(q.value), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) { show(d.items || [], append); more.hidden = !d.more; })
      .catch(function () { note.textContent = "The library could not be searched; try again."; });
  }
  function choose(m) {
    var radio = document.getElementById("hero-" + m.id);
    if (!radio) {
      var li = document.createElement("li");
      radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "hero_media_id";
      radio.id = "hero-" + m.id;
      radio.value = m.id;
      var label = document.createElement("label");
      label.htmlFor = radio.id;
      var img = document.createElement("img");
      img.src = m.thumb;
      img.alt = m.alt || m.original;
      img.width = 120;
      img.height = 68;
      label.appendChild(img);
      li.append(radio, label);
      grid.insertBefore(li, grid.children[1] || null);
    }
    radio.checked = true;
    [["hero_alt", m.alt], ["hero_caption", m.caption], ["hero_credit", m.credit]].forEach(function (f) {
      var el = form.elements[f[0]];
      if (el && !el.value && f[1]) el.value = f[1];
    });
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    chosen();
    dialog.close();
    open.focus();
  }
  function chosen() {
    var r = form.querySelector("input[name=hero_media_id]:checked");
    var now = box.querySelector(".hero-chosen");
    now.textContent = "";
    if (!r || r.value === "0") {
      now.textContent = "No main picture.";
      return;
    }
    var img = r.parentNode.querySelector("img");
    if (img) now.appendChild(img.cloneNode());
  }
  open.addEventListener("click", function () {
    dialog.showModal();
    q.focus();
    if (!results.children.length) search(false);
  });
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { search(false); }, 250); });
  q.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(false); } });
  more.addEventListener("click", function () { search(true); });
  dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); open.focus(); });
  file.addEventListener("change", function () {
    if (!file.files.length) return;
    var bar = dialog.querySelector("progress");
    bar.hidden = false;
    note.textContent = "Uploading " + file.files[0].name + "…";
    bsUpload(file.files[0], {}, function (p) { bar.value = Math.round(p * 100); })
      .then(function (m) { note.textContent = ""; bar.hidden = true; file.value = ""; choose(m); })
      .catch(function (e) { bar.hidden = true; note.textContent = "Not uploaded: " + e.message; });
  });
  box.querySelector("[data-hero-none]").addEventListener("click", function () {
    document.getElementById("hero-0").checked = true;
    chosen();
  });
  chosen();
})();
