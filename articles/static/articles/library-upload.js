// The image library's "Upload pictures" page: several pictures dropped or chosen
// at once, each with its alt text, sent one by one to the upload view. A picture
// the server refuses stays on the page with the reason, its words kept.
"use strict";
{
  const page = document.querySelector(".library-upload");
  const messages = JSON.parse(document.getElementById("library-upload-messages").textContent);
  const form = page.querySelector("[data-upload-form]");
  const list = page.querySelector("[data-upload-list]");
  const status = page.querySelector("[data-upload-status]");
  const template = page.querySelector("template[data-upload-item]");
  const token = page.querySelector("[name=csrfmiddlewaretoken]").value;
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  let counter = 0;

  function titleOf(name) {
    const stem = name.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").trim();
    return stem.charAt(0).toUpperCase() + stem.slice(1);
  }

  function add(files) {
    for (const file of files) {
      if (!file.type.startsWith("image/")) continue;
      const item = template.content.firstElementChild.cloneNode(true);
      const id = `upload-${++counter}`;
      item.file = file;
      item.querySelector(".library-upload__name").textContent = file.name;
      for (const label of item.querySelectorAll("label[data-for]")) {
        const input = item.querySelector(`[name=${label.dataset.for}]`);
        input.id = `${id}-${label.dataset.for}`;
        label.htmlFor = input.id;
      }
      item.querySelector("[name=title]").value = titleOf(file.name);
      const reader = new FileReader();
      reader.addEventListener("load", () => { item.querySelector("img").src = reader.result; });
      reader.readAsDataURL(file);
      item.querySelector(".library-upload__remove").addEventListener("click", () => {
        item.remove();
        form.hidden = !list.children.length;
      });
      list.append(item);
    }
    form.hidden = !list.children.length;
    list.querySelector("li:last-child [name=alt_text]")?.focus();
  }

  async function send(item) {
    const body = new FormData();
    body.append("file", item.file);
    for (const input of item.querySelectorAll("input[name]")) body.append(input.name, input.value);
    const result = item.querySelector(".library-upload__result");
    try {
      const response = await fetch(page.dataset.uploadUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (response.ok) {
        result.textContent = format(messages.uploaded, data) + " ";
        const link = document.createElement("a");
        link.href = data.change_url;
        link.textContent = messages.open;
        result.append(link);
        item.classList.add("library-upload__item--done");
        for (const input of item.querySelectorAll("input, button")) input.disabled = true;
        return true;
      }
      const errors = Object.values(data.errors || {}).flat().join(" ");
      result.textContent = format(messages.failed, { errors });
      item.classList.add("library-upload__item--failed");
    } catch {
      result.textContent = messages.network;
      item.classList.add("library-upload__item--failed");
    }
    return false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const waiting = [...list.children].filter((item) => !item.classList.contains("library-upload__item--done"));
    if (!form.reportValidity()) {
      status.textContent = messages.altRequired;
      return;
    }
    let uploaded = 0;
    for (const [index, item] of waiting.entries()) {
      status.textContent = format(messages.progress, { done: index + 1, total: waiting.length });
      item.classList.remove("library-upload__item--failed");
      if (await send(item)) uploaded += 1;
    }
    status.textContent = format(messages.done, { count: uploaded, failed: waiting.length - uploaded });
  });

  const zone = page.querySelector("[data-drop-zone]");
  page.querySelector("input[type=file]").addEventListener("change", (event) => {
    add(event.target.files);
    event.target.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("library-upload__drop--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("library-upload__drop--over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("library-upload__drop--over");
    add(event.dataTransfer.files);
  });
}
