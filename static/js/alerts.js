// Every page: an htmx request the server could not answer (404: the item was deleted or
// may not be seen; 5xx: a server error; no answer at all) says so in the page's alert
// region instead of silently doing nothing. Refusals the server explains (400, 403, 409,
// 422) are swapped into their own regions by the htmx config in base.html and never get here.
"use strict";

(() => {
  const MESSAGES = {
    404: "That is no longer there, or you may not see it: it may have been deleted meanwhile. Reload the page to see what is there now.",
    server: "The server failed to answer. Nothing you typed is lost on this page; try again in a moment.",
    offline: "The server could not be reached. Check the connection and try again.",
  };

  function say(message) {
    const alerts = document.getElementById("page-alerts");
    if (!alerts) return;
    const note = document.createElement("p");
    note.className = "error request-failed";
    note.setAttribute("role", "alert");
    note.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => note.remove());
    note.append(" ", close);
    alerts.querySelectorAll(".request-failed").forEach((old) => old.remove());
    alerts.append(note);
  }

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    say(status === 404 ? MESSAGES[404] : MESSAGES.server);
  });
  document.addEventListener("htmx:sendError", () => say(MESSAGES.offline));
})();
