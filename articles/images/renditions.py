"""Making renditions: resize to a set of widths, crop around the focal point."""

import io

from PIL import Image as PILImage
from PIL import ImageOps

WIDTHS = (400, 800, 1200, 1600)
CARD_RATIO = "3:2"  # the shape of story cards
RATIOS = ("", CARD_RATIO)  # and the original shape
ENCODER_OPTIONS = {
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
    "webp": {"quality": 80, "method": 4},
    "avif": {"quality": 60, "speed": 8},
}


def widths_for(original_width: int) -> list[int]:
    """Standard widths below the original, plus the original width up to the largest."""
    widths = [width for width in WIDTHS if width < original_width]
    return [*widths, min(original_width, WIDTHS[-1])]


def cut_width(size: tuple[int, int], ratio: str) -> int:
    """How wide the picture is once cut to ``ratio``: its renditions go no wider,
    or a panorama's card crop would be blown up."""
    if aspect := parse_ratio(ratio):
        left, _, right, _ = focal_crop_box(size, aspect, (0.5, 0.5))
        return right - left
    return size[0]


def wanted(size: tuple[int, int], original_format: str) -> set[tuple[str, str, int]]:
    """Every ``(ratio, format, width)`` a picture of this size and format gets."""
    return {
        (ratio, image_format, width)
        for ratio in RATIOS
        for image_format in formats_for(original_format)
        for width in widths_for(cut_width(size, ratio))
    }


def formats_for(original_format: str) -> list[str]:
    """Modern formats beside the original's (PNG stands in for a still GIF)."""
    base = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}.get(
        original_format, "png"
    )
    return list(dict.fromkeys([base, "webp", "avif"]))


def parse_ratio(ratio: str) -> float | None:
    if not ratio:
        return None
    across, down = ratio.split(":")
    return int(across) / int(down)


def focal_crop_box(
    size: tuple[int, int], ratio: float, focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of ``ratio`` inside ``size``, centred on the focal point
    as far as the edges allow."""
    width, height = size
    crop_width, crop_height = width, height
    if width / height > ratio:
        crop_width = round(height * ratio)
    else:
        crop_height = round(width / ratio)
    left = min(max(round(focal[0] * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focal[1] * height - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def render(
    picture: PILImage.Image,
    *,
    width: int,
    ratio: str,
    focal: tuple[float, float],
    image_format: str,
) -> tuple[bytes, tuple[int, int]]:
    """Encoded bytes and size of one rendition of an already-loaded picture."""
    shaped = picture
    if aspect := parse_ratio(ratio):
        shaped = picture.crop(focal_crop_box(picture.size, aspect, focal))
    height = max(1, round(shaped.height * width / shaped.width))
    resized = ImageOps.fit(shaped, (width, height), PILImage.Resampling.LANCZOS)
    if image_format == "jpeg" and resized.mode not in {"RGB", "L"}:
        resized = resized.convert("RGB")
    elif resized.mode not in {"RGB", "RGBA", "L", "LA"}:
        resized = resized.convert("RGBA")
    buffer = io.BytesIO()
    resized.save(buffer, image_format.upper(), **ENCODER_OPTIONS[image_format])
    return buffer.getvalue(), resized.size
