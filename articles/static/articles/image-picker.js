// Hands the chosen library picture back to the rich-text editor that opened this window.
document.addEventListener("click", (event) => {
  const choice = event.target.closest(".image-picker__choice");
  const list = document.querySelector(".image-picker");
  if (!choice || !window.opener || !window.opener.CKEDITOR) return;
  window.opener.CKEDITOR.tools.callFunction(Number(list.dataset.callback), choice.dataset.url, {
    id: choice.dataset.id,
    alternative_text: choice.dataset.alt,
    caption: choice.dataset.caption,
  });
  window.close();
});
