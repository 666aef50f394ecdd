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
