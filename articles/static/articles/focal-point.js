// Click a library picture to set its focal point; the frame shows the cards' cut.
// Without JavaScript the two number boxes do the same job.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-focal-point]");
  const focalX = document.getElementById("id_focal_x");
  const focalY = document.getElementById("id_focal_y");
  if (!box || !focalX || !focalY) return;
  const picture = box.querySelector("img");
  const marker = box.querySelector(".focal-point__marker");
  const cut = box.querySelector(".focal-point__cut");
  const width = Number(box.dataset.width);
  const height = Number(box.dataset.height);
  const ratio = Number(box.dataset.cardRatio);
  const unit = (value) => Math.min(Math.max(value, 0), 1);

  // The same box as articles.images.renditions.focal_crop_box, in fractions.
  function cutAround(x, y) {
    let cutWidth = width;
    let cutHeight = height;
    if (width / height > ratio) cutWidth = Math.round(height * ratio);
    else cutHeight = Math.round(width / ratio);
    const left = Math.min(Math.max(Math.round(x * width - cutWidth / 2), 0), width - cutWidth);
    const top = Math.min(Math.max(Math.round(y * height - cutHeight / 2), 0), height - cutHeight);
    return [left / width, top / height, cutWidth / width, cutHeight / height];
  }

  function draw() {
    const x = parseFloat(focalX.value);
    const y = parseFloat(focalY.value);
    const known = Number.isFinite(x) && Number.isFinite(y);
    marker.hidden = cut.hidden = !known;
    if (!known) return;
    marker.style.left = `${unit(x) * 100}%`;
    marker.style.top = `${unit(y) * 100}%`;
    const [left, top, cutWidth, cutHeight] = cutAround(unit(x), unit(y));
    cut.style.left = `${left * 100}%`;
    cut.style.top = `${top * 100}%`;
    cut.style.width = `${cutWidth * 100}%`;
    cut.style.height = `${cutHeight * 100}%`;
  }

  picture.addEventListener("click", (event) => {
    const frame = picture.getBoundingClientRect();
    focalX.value = unit((event.clientX - frame.left) / frame.width).toFixed(3);
    focalY.value = unit((event.clientY - frame.top) / frame.height).toFixed(3);
    draw();
  });
  focalX.addEventListener("input", draw);
  focalY.addEventListener("input", draw);
  draw();
});
