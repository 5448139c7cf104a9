// The story calendar: drag a scheduled story onto another day to move it there
// at the same time of day. The POST goes to the calendar's move endpoint (the
// same one each story's Move form uses without a script); the page reloads to
// show the calendar as it now is, or says why the move was refused.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector(".story-calendar[data-move-url]");
  if (!table) return;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  table.addEventListener("dragstart", (event) => {
    const story = event.target.closest("li[data-article]");
    if (!story) return;
    event.dataTransfer.setData("text/plain", story.dataset.article);
    event.dataTransfer.effectAllowed = "move";
    table.dataset.dragTime = story.dataset.time;
  });
  table.addEventListener("dragover", (event) => {
    if (event.target.closest("td[data-date]")) event.preventDefault();
  });
  table.addEventListener("drop", async (event) => {
    const day = event.target.closest("td[data-date]");
    const article = event.dataTransfer.getData("text/plain");
    if (!day || !article) return;
    event.preventDefault();
    const body = new FormData();
    body.append("article", article);
    body.append("publish_at", `${day.dataset.date}T${table.dataset.dragTime}`);
    const response = await fetch(table.dataset.moveUrl, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      credentials: "same-origin",
    });
    if (response.ok) {
      window.location.reload();
      return;
    }
    const answer = await response.json().catch(() => ({ errors: [] }));
    const message = document.createElement("p");
    message.className = "errornote";
    message.setAttribute("role", "alert");
    message.textContent = (answer.errors || []).join(" ") || response.statusText;
    table.before(message);
  });
});
