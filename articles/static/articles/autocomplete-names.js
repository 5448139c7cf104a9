"use strict";
// Names for the admin's autocomplete boxes (select2): its combobox is named only
// by the chosen option (nothing when empty) and its search box by nothing, so a
// screen reader announces "combobox" alone. Each gets its field's label, or in a
// table of rows (the byline, the related picks) its column's heading; boxes
// select2 draws later (a row added, a choice made) are named as they appear.
(function () {
  function labelOf(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label) return label;
    const cell = select.closest("td");
    const table = cell && cell.closest("table");
    if (!table) return null;
    const headings = table.querySelectorAll("thead th");
    return headings[cell.cellIndex] || null;
  }

  function nameBox(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const label = labelOf(select);
    if (!label) return;
    if (!label.id) label.id = `${select.id || select.name}-label`;
    const name = label.textContent.replace(/[:*]\s*$/, "").trim();
    const combobox = container.querySelector("[role=combobox]");
    if (combobox) {
      const shown = (combobox.getAttribute("aria-labelledby") || "")
        .split(/\s+/)
        .filter((id) => id && id !== label.id);
      combobox.setAttribute("aria-labelledby", [label.id, ...shown].join(" "));
    }
    // The chosen option's text is a read-only textbox of its own.
    for (const shown of container.querySelectorAll(".select2-selection__rendered[role=textbox]")) {
      shown.setAttribute("aria-labelledby", label.id);
    }
    for (const search of container.querySelectorAll(".select2-search__field")) {
      search.setAttribute("aria-label", name);
    }
  }

  function nameAll(root) {
    for (const container of root.querySelectorAll("span.select2-container")) {
      nameBox(container);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("article_form");
    if (!form) return;
    nameAll(form);
    new MutationObserver((changes) => {
      const touched = new Set();
      for (const change of changes) {
        const container = change.target.closest && change.target.closest("span.select2-container");
        if (container) touched.add(container);
        for (const node of change.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          if (node.matches("span.select2-container")) touched.add(node);
          else nameAll(node);
        }
      }
      for (const container of touched) nameBox(container);
    }).observe(form, { childList: true, subtree: true });
  });
})();
