// Typing on an admin page is activity: tell the server, at most once a
// minute, so a long edit is not signed out as idle. Nothing is sent while
// the tab sits untouched (STAFF_IDLE_MINUTES, magazine/staff/middleware.py).
(() => {
  "use strict";
  const url = document.currentScript?.dataset.pingUrl;
  if (!url) return;
  const INTERVAL = 60 * 1000;
  let last = 0;

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    const cookie = document.cookie
      .split("; ")
      .find((part) => part.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  }

  function ping() {
    const now = Date.now();
    if (now - last < INTERVAL) return;
    last = now;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    }).catch(() => {
      last = 0; // try again on the next keystroke
    });
  }

  document.addEventListener("input", ping, { capture: true, passive: true });
})();
