// "Copy link" copies the story's address; without JavaScript it stays a plain link.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.copy-link");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  await navigator.clipboard.writeText(link.href);
  link.textContent = link.dataset.copied;
  link.setAttribute("aria-live", "polite");
});
