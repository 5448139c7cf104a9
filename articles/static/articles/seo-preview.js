// Keeps the article form's search result and social card previews live as the
// editor types, with the same length rules and warnings the server drew them
// with (articles/admin/seo.py), character counters under the two SEO fields and
// a check, as the title changes, that no other story already uses it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector("[data-seo-preview]");
  if (!preview) return;
  const messages = JSON.parse(preview.dataset.messages);
  const titleLimit = Number(preview.dataset.titleLimit);
  const low = Number(preview.dataset.descriptionLow);
  const high = Number(preview.dataset.descriptionHigh);
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  const field = (name) => document.getElementById(`id_${name}`);
  const headline = field("headline");
  const seoTitle = field("seo_title");
  const metaDescription = field("meta_description");
  const standfirst = field("standfirst");
  const pictures = [field("social_image"), field("lead_image")].filter(Boolean);
  const warningList = preview.querySelector("[data-preview-warnings]");
  let duplicates = [];
  let checkedTitle = null;
  let pending;

  function counter(input, limit) {
    if (!input) return () => {};
    const note = document.createElement("p");
    note.className = "help seo-counter";
    note.id = `${input.id}-counter`;
    note.setAttribute("aria-live", "polite");
    input.after(note);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
    return () => {
      const length = input.value.length;
      note.textContent = format(messages.counter, { length, limit });
      note.classList.toggle("seo-counter--over", length > limit);
    };
  }
  const counters = [counter(seoTitle, titleLimit), counter(metaDescription, high)];

  function title() {
    return (seoTitle?.value.trim() || headline?.value.trim() || "");
  }

  function description() {
    return (metaDescription?.value.trim() || standfirst?.value.trim() || "");
  }

  function warnings() {
    const found = [];
    const currentTitle = title();
    if (currentTitle.length > titleLimit) found.push(format(messages.titleTooLong, { length: currentTitle.length, limit: titleLimit }));
    const text = description();
    if (!text) found.push(messages.noDescription);
    else if (text.length > high) found.push(format(messages.descriptionTooLong, { length: text.length, limit: high }));
    else if (text.length < low) found.push(format(messages.descriptionTooShort, { length: text.length, low, high }));
    if (pictures.length && !pictures.some((select) => select.value)) found.push(messages.noPicture);
    return found;
  }

  function render() {
    const currentTitle = title();
    preview.querySelector("[data-preview-title]").textContent = `${currentTitle} — ${preview.dataset.siteName}`;
    preview.querySelector("[data-preview-card-title]").textContent = currentTitle;
    for (const element of preview.querySelectorAll("[data-preview-description]")) element.textContent = description();
    for (const update of counters) update();
    warningList.replaceChildren(
      ...warnings().map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }),
    );
    if (duplicates.length) {
      const item = document.createElement("li");
      item.append(`${messages.duplicate} `);
      duplicates.forEach((story, index) => {
        if (index) item.append(", ");
        const link = document.createElement("a");
        link.href = story.url;
        link.textContent = story.headline;
        item.append(link);
      });
      warningList.append(item);
    }
    checkDuplicates(currentTitle);
  }

  function checkDuplicates(currentTitle) {
    if (currentTitle === checkedTitle) return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      checkedTitle = currentTitle;
      const url = new URL(preview.dataset.duplicatesUrl, location.href);
      url.searchParams.set("title", currentTitle);
      url.searchParams.set("story", preview.dataset.story);
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        duplicates = (await response.json()).duplicates;
        render();
      } catch {
        // Offline: the check runs again with the next change.
        checkedTitle = null;
      }
    }, 400);
  }

  for (const input of [headline, seoTitle, metaDescription, standfirst]) input?.addEventListener("input", render);
  for (const select of pictures) {
    select.addEventListener("change", render);
    // The admin's autocomplete boxes tell jQuery, not the DOM.
    window.django?.jQuery?.(select).on("change", render);
  }
  render();
});
