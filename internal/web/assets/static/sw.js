// The site's service worker. It shows the breaking-news alerts that come by
// Web Push and opens the story when one is clicked; it caches nothing and
// touches no request.
"use strict";
self.addEventListener("push", function (event) {
  var m = {};
  try { m = event.data ? event.data.json() : {}; } catch (e) { m = {}; }
  var text = function (v, d) { return typeof v === "string" && v ? v.slice(0, 300) : d; };
  event.waitUntil(self.registration.showNotification(text(m.title, "Breaking news"), {
    body: text(m.body, ""),
    tag: text(m.tag, "breaking"),
    icon: "/static/favicon.svg",
    data: { url: text(m.url, "/") }
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = "/";
  try {
    // Only a page of this site opens, whatever the message said.
    var u = new URL(event.notification.data.url, self.location.origin);
    if (u.origin === self.location.origin) { url = u.href; }
  } catch (e) { /* the home page */ }
  event.waitUntil(self.clients.openWindow(url));
});
// The browser renewed its subscription (it may, at any time): tell the site
// the new one and forget the old, so alerts keep coming.
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription;
  var post = function (path, body) {
    return fetch(path, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  };
  var renewed = event.newSubscription ? Promise.resolve(event.newSubscription) :
    (old ? self.registration.pushManager.subscribe(old.options) : Promise.reject(new Error("no subscription")));
  event.waitUntil(renewed
    .then(function (sub) { return post("/alerts/push", sub.toJSON()); })
    .then(function () { return old ? post("/alerts/push/stop", { endpoint: old.endpoint }) : null; })
    .catch(function () { /* the reader can turn alerts on again on the alerts page */ }));
});
