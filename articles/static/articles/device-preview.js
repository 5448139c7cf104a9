// The admin's preview at phone, tablet and desktop widths: each button sets
// the frame's width class (no inline style, for the CSP).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const frame = document.querySelector(".device-preview__frame");
  const buttons = document.querySelectorAll(".device-preview__sizes button");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
      frame.className = `device-preview__frame device-preview__frame--${button.dataset.width}`;
    });
  }
});
