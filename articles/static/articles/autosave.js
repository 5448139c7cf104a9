// The story form keeps what the editor types: a copy in this browser on every
// change (for a lost connection), and one on the server at most a few seconds
// after the editor stops typing (for a closed tab or another computer).
// Reopening the story offers the newer of the two back; leaving with unsaved
// changes asks first. Settings come from the page (#autosave-config).
"use strict";
{
  const IDLE_MS = 2000; // send once the editor pauses…
  const MAX_WAIT_MS = 8000; // …or this long after the first unsent change
  const editors = new Map(); // textarea → editor; the editor may be ready before the page

  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea, event.detail.editor);
    event.detail.textarea.dispatchEvent(new Event("autosave:editor"));
  });

  function start() {
    const configElement = document.getElementById("autosave-config");
    const form = document.getElementById("article_form");
    if (!configElement || !form) return;
    const config = JSON.parse(configElement.textContent);
    const status = document.getElementById("autosave-status");
    const offer = document.getElementById("autosave-offer");
    const fields = {
      headline: form.elements.namedItem("headline"),
      standfirst: form.elements.namedItem("standfirst"),
      body: form.elements.namedItem("body"),
    };
    let editor = null;
    let draftToken = config.draftToken;
    let dirty = false;
    let submitting = false;
    let idleTimer = null;
    let maxTimer = null;

    if (draftToken) {
      const tokenInput = document.createElement("input");
      tokenInput.type = "hidden";
      tokenInput.name = "autosave_draft_token";
      tokenInput.value = draftToken;
      form.append(tokenInput);
      form.addEventListener("autosave:token", () => {
        tokenInput.value = draftToken;
      });
    }

    function current() {
      return {
        headline: fields.headline ? fields.headline.value : "",
        standfirst: fields.standfirst ? fields.standfirst.value : "",
        body: editor ? editor.getHTML() : fields.body ? fields.body.value : "",
      };
    }

    function readLocal() {
      try {
        return JSON.parse(localStorage.getItem(config.storageKey) || "null");
      } catch {
        return null;
      }
    }

    function writeLocal(values) {
      try {
        localStorage.setItem(
          config.storageKey,
          JSON.stringify({ ...values, savedAt: Date.now(), draftToken }),
        );
      } catch {
        // storage full or disabled: the server copy still runs
      }
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    let inFlight = null;

    function stopTimers() {
      clearTimeout(idleTimer);
      clearTimeout(maxTimer);
      idleTimer = maxTimer = null;
    }

    function send() {
      stopTimers();
      // Once the form is on its way, an autosave landing after the save would
      // outlive it (and be offered as newer than the text just saved).
      if (submitting) return Promise.resolve();
      inFlight = post().finally(() => {
        inFlight = null;
      });
      return inFlight;
    }

    async function post() {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      if (config.article) data.append("article", config.article);
      else data.append("draft_token", draftToken);
      for (const [name, value] of Object.entries(current())) data.append(name, value);
      say(status.dataset.saving);
      try {
        const response = await fetch(config.url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-Requested-With": "XMLHttpRequest" },
        });
        if (!response.ok) {
          say(status.dataset.refused);
          return;
        }
        const answer = await response.json();
        say(answer.message);
        form.dispatchEvent(new CustomEvent("autosave:saved", { detail: answer }));
      } catch {
        say(status.dataset.offline);
      }
    }

    function changed() {
      dirty = true;
      writeLocal(current());
      clearTimeout(idleTimer);
      idleTimer = setTimeout(send, IDLE_MS);
      if (!maxTimer) maxTimer = setTimeout(send, MAX_WAIT_MS);
    }

    function whenLabel(moment) {
      return new Intl.DateTimeFormat(undefined, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: config.timeZone,
      }).format(moment);
    }

    function differs(copy) {
      const now = current();
      return ["headline", "standfirst", "body"].some((name) => (copy[name] || "") !== now[name]);
    }

    function restore(copy) {
      if (fields.headline) fields.headline.value = copy.headline || "";
      if (fields.standfirst) fields.standfirst.value = copy.standfirst || "";
      if (fields.body) fields.body.value = copy.body || "";
      if (editor) editor.commands.setContent(copy.body || "");
      if (!config.article && copy.draftToken) {
        draftToken = copy.draftToken;
        form.dispatchEvent(new Event("autosave:token"));
      }
      changed();
    }

    function offerNewest() {
      const lastSaved = config.lastSavedAt ? Date.parse(config.lastSavedAt) : 0;
      let local = readLocal();
      if (local && !config.article && local.submitted) {
        // the add form was sent: the story exists now, or the page came back with the text
        localStorage.removeItem(config.storageKey);
        local = null;
      }
      if (local && local.savedAt <= lastSaved) {
        localStorage.removeItem(config.storageKey);
        local = null;
      }
      const candidates = [];
      if (config.server) {
        candidates.push({
          ...config.server,
          at: Date.parse(config.server.savedAt),
          source: status.dataset.serverCopy,
        });
      }
      if (local) candidates.push({ ...local, at: local.savedAt, source: status.dataset.localCopy });
      const newest = candidates
        .filter((copy) => copy.at > lastSaved && differs(copy))
        .sort((a, b) => b.at - a.at)[0];
      if (!newest || !offer) return;
      offer.querySelector("[data-autosave-when]").textContent =
        `${newest.source} ${whenLabel(new Date(newest.at))}`;
      offer.hidden = false;
      offer.querySelector("[data-autosave-restore]").addEventListener("click", () => {
        restore(newest);
        offer.hidden = true;
        fields.headline?.focus();
      });
      offer.querySelector("[data-autosave-discard]").addEventListener("click", () => {
        localStorage.removeItem(config.storageKey);
        offer.hidden = true;
      });
    }

    function useEditor() {
      editor = editors.get(fields.body) || null;
      editor?.on("update", changed);
    }
    if (fields.body) {
      if (editors.has(fields.body)) useEditor();
      else fields.body.addEventListener("autosave:editor", useEditor, { once: true });
    }
    for (const name of ["headline", "standfirst"]) {
      fields[name]?.addEventListener("input", changed);
    }
    form.addEventListener("submit", (event) => {
      stopTimers();
      if (inFlight && !submitting) {
        // An autosave on its way is let finish first, so the save (which spends
        // the autosaves) comes after it at the server; at most a few seconds.
        event.preventDefault();
        submitting = true;
        const go = () => form.requestSubmit(event.submitter);
        Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, 3000))]).then(go, go);
        return;
      }
      submitting = true;
      if (!config.article) {
        const local = readLocal();
        if (local) localStorage.setItem(config.storageKey, JSON.stringify({ ...local, submitted: true }));
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    offerNewest();
    if (config.presenceUrl) keepPresence(config, form);
  }

  // Editing together: a heartbeat every 30 s says this form is open, and the
  // answer names whoever else has it open ("… is editing since 14:02").
  function keepPresence(config, form) {
    const banner = document.getElementById("presence");
    const list = banner.querySelector("[data-presence-editors]");
    const takenOver = document.getElementById("taken-over");

    function show(answer) {
      list.replaceChildren(
        ...answer.editors.map((line) => {
          const item = document.createElement("li");
          item.textContent = line;
          return item;
        }),
      );
      banner.hidden = answer.editors.length === 0;
      if (answer.takenOverBy) {
        takenOver.textContent = answer.takenOverBy;
        takenOver.hidden = false;
      }
    }

    async function beat(takeOver) {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      if (takeOver) data.append("take_over", "1");
      try {
        const response = await fetch(config.presenceUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
        });
        if (response.ok) show(await response.json());
      } catch {
        // offline: the next beat tries again
      }
    }

    banner.querySelector("[data-take-over]").addEventListener("click", () => beat(true));
    setInterval(() => beat(false), 30000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
