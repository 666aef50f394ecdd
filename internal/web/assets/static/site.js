// Reader-site enhancements. Everything works without this file; it adds the
// touch and keyboard toggles of the mega menu, the "Copy link" button, and
// the personal part of cached pages: who is signed in, and the comment form's
// tokens and replies.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var toggles = document.querySelectorAll(".menu-toggle");
  function closeAll(except) {
    toggles.forEach(function (b) {
      if (b !== except) {
        b.setAttribute("aria-expanded", "false");
        b.parentElement.classList.remove("is-open", "by-hover");
      }
    });
  }
  toggles.forEach(function (b) {
    b.addEventListener("click", function (e) {
      e.stopPropagation();
      var item = b.parentElement;
      if (item.classList.contains("by-hover")) { // opened by the pointer on its way: a click keeps it open
        item.classList.remove("by-hover");
        return;
      }
      var open = b.getAttribute("aria-expanded") !== "true";
      closeAll(b);
      b.setAttribute("aria-expanded", String(open));
      b.parentElement.classList.toggle("is-open", open);
    });
  });
  // A mouse opens a panel on hover (whatever the browser says of its
  // pointer), and leaving it closes it after a moment's grace.
  var wide = window.matchMedia("(min-width: 48rem)");
  document.querySelectorAll(".has-mega").forEach(function (item) {
    var b = item.querySelector(".menu-toggle");
    var timer;
    item.addEventListener("pointerenter", function (e) {
      if (e.pointerType !== "mouse" || !wide.matches || !b) return;
      clearTimeout(timer);
      if (item.classList.contains("is-open")) return;
      closeAll(b);
      b.setAttribute("aria-expanded", "true");
      item.classList.add("is-open", "by-hover");
    });
    item.addEventListener("pointerleave", function (e) {
      if (e.pointerType !== "mouse" || !b || !item.classList.contains("by-hover")) return;
      timer = setTimeout(function () {
        b.setAttribute("aria-expanded", "false");
        item.classList.remove("is-open", "by-hover");
      }, 200);
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

  // The personal part of a page is fetched, never built into it, so that the
  // page itself is the same for every reader and can be cached.
  var form = document.querySelector("[data-comment-form]");
  var signedIn = /(?:^|;\s*)bs_signed_in=1/.test(document.cookie);
  if (form || signedIn) {
    var url = "/account/state";
    if (form) url += "?article=" + encodeURIComponent(form.elements.article_id.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (st) {
        if (!st) return;
        var link = document.querySelector("[data-account-link]");
        if (st.signed_in && link) {
          link.textContent = st.name;
          link.href = "/account";
        }
        if (!form) return;
        if (st.form_token) form.elements.form_token.value = st.form_token;
        if (!st.signed_in) return;
        form.elements.csrf.value = st.csrf;
        var as = form.querySelector(".commenting-as");
        if (as) {
          as.querySelector("[data-reader-name]").textContent = st.name;
          as.hidden = false;
        }
        form.querySelectorAll(".guest-fields, .signin-to-comment").forEach(function (el) {
          el.hidden = true;
          el.querySelectorAll("[required]").forEach(function (i) { i.required = false; });
        });
        var fields = form.querySelector(".comment-fields");
        if (fields) fields.hidden = false;
      })
      .catch(function () { /* the page works without it */ });
  }

  // Replies: the form moves under the comment replied to; "Cancel reply"
  // brings it back. Without this script, "Reply" opens a page of its own.
  var respond = document.getElementById("respond");
  if (form && respond) {
    var home = document.createComment("respond");
    respond.parentNode.insertBefore(home, respond);
    var cancel = respond.querySelector(".cancel-reply");
    var title = respond.querySelector(".respond-title");
    var place = function (parentId, name, after) {
      form.elements.parent_id.value = parentId || "";
      if (title) title.textContent = parentId ? "Reply to " + name : "Leave a Reply";
      if (cancel) cancel.hidden = !parentId;
      after.parentNode.insertBefore(respond, after.nextSibling);
      var body = form.elements.body;
      if (body) body.focus();
    };
    document.querySelectorAll("[data-reply]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        place(a.getAttribute("data-reply"), a.getAttribute("data-reply-name"), a.closest(".comment-actions"));
      });
    });
    var cancelLink = respond.querySelector("[data-cancel-reply]");
    if (cancelLink) {
      cancelLink.addEventListener("click", function (e) {
        e.preventDefault();
        place("", "", home);
      });
    }
  }
  // Browser alerts (the news alerts page): subscribe this browser to
  // breaking news with the Push API; the service worker shows them.
  (function () { // its own scope: names here never meet the ones above
    var pushBox = document.querySelector("[data-push]");
    if (pushBox && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window) {
      var pushOn = pushBox.querySelector("[data-push-on]");
      var pushOff = pushBox.querySelector("[data-push-off]");
      var pushStatus = pushBox.querySelector("[data-push-status]");
      var keyBytes = function (s) {
        s = s.replace(/-/g, "+").replace(/_/g, "/");
        var raw = atob(s + "===".slice((s.length + 3) % 4));
        var out = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
        return out;
      };
      var show = function (on, msg) {
        pushOn.hidden = on;
        pushOff.hidden = !on;
        pushStatus.textContent = msg || "";
      };
      var send = function (path, body) {
        return fetch(path, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
          .then(function (r) {
            return r.json().then(function (b) {
              if (!r.ok) { throw new Error(b.error || "The site refused."); }
              return b;
            });
          });
      };
      navigator.serviceWorker.register("/sw.js")
        .then(function (reg) { return reg.pushManager.getSubscription(); })
        .then(function (sub) { pushBox.hidden = false; show(!!sub); })
        .catch(function () { /* no browser alerts here: the box stays hidden */ });
      pushOn.addEventListener("click", function () {
        pushOn.disabled = true;
        navigator.serviceWorker.ready
          .then(function (reg) { return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(pushBox.getAttribute("data-key")) }); })
          .then(function (sub) {
            return send("/alerts/push", sub.toJSON()).catch(function (e) {
              return sub.unsubscribe().then(function () { throw e; });
            });
          })
          .then(function () { show(true, "Browser alerts are on: breaking news will show here."); })
          .catch(function (e) {
            show(false, Notification.permission === "denied" ? "Notifications are blocked for this site in the browser's settings." :
              (e && e.message) || "Browser alerts could not be turned on.");
          })
          .then(function () { pushOn.disabled = false; });
      });
      pushOff.addEventListener("click", function () {
        navigator.serviceWorker.ready
          .then(function (reg) { return reg.pushManager.getSubscription(); })
          .then(function (sub) {
            if (!sub) { return null; }
            return send("/alerts/push/stop", { endpoint: sub.endpoint }).then(function () { return sub.unsubscribe(); });
          })
          .then(function () { show(false, "Browser alerts are off."); })
          .catch(function () { show(true, "Browser alerts could not be turned off. Try again."); });
      });
    }
  })();

  // Search as you type in the header's box: the best few stories for what
  // is typed (the last word may be unfinished), as a listbox under the box
  // (arrows to move, Enter to open, Escape to close), the count announced.
  // Without this script the box is a plain form to the results page.
  (function () { // its own scope: names here never meet the ones above
    var box = document.getElementById("site-search");
    if (box && window.fetch) {
      var searchForm = box.form;
      var list = document.createElement("ul");
      list.id = "site-search-list";
      list.className = "suggest";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Suggested stories");
      list.hidden = true;
      var said = document.createElement("p");
      said.className = "visually-hidden";
      said.setAttribute("role", "status");
      searchForm.appendChild(list);
      searchForm.appendChild(said);
      box.setAttribute("role", "combobox");
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-expanded", "false");
      box.setAttribute("aria-controls", list.id);
      var timer = null, asked = 0, active = -1, links = [];
      var close = function () {
        asked++; // an answer still on its way must not open the list again
        said.textContent = "";
        list.hidden = true;
        box.setAttribute("aria-expanded", "false");
        box.removeAttribute("aria-activedescendant");
        active = -1;
      };
      var choose = function (i) {
        var opts = list.querySelectorAll("[role=option]");
        opts.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === i)); });
        active = i;
        if (i >= 0 && opts[i]) {
          box.setAttribute("aria-activedescendant", opts[i].id);
          opts[i].scrollIntoView({ block: "nearest" });
        } else {
          box.removeAttribute("aria-activedescendant");
        }
      };
      var option = function (i, url, main, sub, cls) {
        var li = document.createElement("li");
        li.id = "site-search-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (cls) { li.className = cls; }
        var a = document.createElement("span");
        a.textContent = main;
        if (sub) {
          var small = document.createElement("small");
          small.textContent = sub;
          a.appendChild(small);
        }
        li.appendChild(a);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = url; });
        list.appendChild(li);
        links.push(url);
      };
      var show = function (data) {
        list.textContent = "";
        links = [];
        if (!data.results.length) {
          var none = document.createElement("li");
          none.className = "suggest-none";
          none.setAttribute("role", "option");
          none.setAttribute("aria-disabled", "true");
          none.textContent = "No results";
          list.appendChild(none);
          said.textContent = "No results";
        } else {
          data.results.forEach(function (r, i) {
            option(i, r.url, r.headline, [r.section, r.date].filter(Boolean).join(" · "));
          });
          option(data.results.length, data.all, "View all results (" + data.count.toLowerCase() + ")", "", "suggest-all");
          said.textContent = data.count + ". Use the arrow keys to choose.";
        }
        list.hidden = false;
        box.setAttribute("aria-expanded", "true");
        choose(-1);
      };
      box.addEventListener("input", function () {
        clearTimeout(timer);
        var q = box.value.trim();
        if (q.length < 2) { close(); return; }
        timer = setTimeout(function () {
          var n = ++asked;
          fetch("/search/suggest?q=" + encodeURIComponent(box.value), { credentials: "omit" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) { if (data && n === asked && document.activeElement === box) { show(data); } })
            .catch(function () { /* the form still works */ });
        }, 200);
      });
      box.addEventListener("keydown", function (e) {
        if (list.hidden) { return; }
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          var count = links.length;
          if (!count) { return; }
          choose(e.key === "ArrowDown" ? (active + 1) % count : (active <= 0 ? count - 1 : active - 1));
        } else if (e.key === "Enter" && active >= 0) {
          e.preventDefault();
          window.location.href = links[active];
        } else if (e.key === "Escape") {
          e.preventDefault(); // the first Escape closes the list; a second clears the box
          close();
        }
      });
      // Enter may also reach the form as its submission: a chosen story wins.
      searchForm.addEventListener("submit", function (e) {
        if (!list.hidden && active >= 0 && links[active]) {
          e.preventDefault();
          window.location.href = links[active];
        }
      });
      box.addEventListener("blur", function () { setTimeout(close, 150); });
    }
  })();
})();

// Readership: a story counts one read per browsing session, reported once
// the page is actually shown (a prefetched or prerendered page that is
// never opened reports nothing). No cookie and nothing about the reader is
// sent: only the story's number.
(function () {
  "use strict";
  var story = document.querySelector("[data-read]");
  if (!story || !navigator.sendBeacon) return;
  var id = story.getAttribute("data-read");
  function report() {
    try {
      if (sessionStorage.getItem("read-" + id)) return;
      sessionStorage.setItem("read-" + id, "1");
    } catch (e) { /* storage refused: count anyway */ }
    navigator.sendBeacon("/reads", new URLSearchParams({ a: id }));
  }
  function whenVisible() {
    if (document.visibilityState === "visible") { report(); return; }
    document.addEventListener("visibilitychange", function onShow() {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", onShow);
      report();
    });
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", whenVisible, { once: true });
  } else {
    whenVisible();
  }
})();

// Phones: the Search button opens the header's search box in place (without
// the script it leads to the search page); the Menu (a <details>) closes on
// Escape or a tap elsewhere.
(function () {
  "use strict";
  var toggle = document.querySelector("[data-search-toggle]");
  var row = toggle && toggle.closest(".brand-row");
  if (toggle && row) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("keydown", function (e) {
      if (e.key === " ") { e.preventDefault(); toggle.click(); } // a button presses with Space too
    });
    toggle.addEventListener("click", function (e) {
      e.preventDefault();
      var open = !row.classList.contains("search-open");
      row.classList.toggle("search-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) document.getElementById("site-search").focus();
    });
  }
  var menu = document.querySelector(".phone-menu");
  if (!menu) return;
  document.addEventListener("click", function (e) {
    if (menu.open && !menu.contains(e.target)) menu.open = false;
  });
  menu.addEventListener("focusout", function (e) {
    if (menu.open && e.relatedTarget && !menu.contains(e.relatedTarget)) menu.open = false;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
