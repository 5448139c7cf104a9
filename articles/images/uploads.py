"""Checking and cleaning uploaded pictures with Pillow before anything stores them.

An upload must decode completely as one of the allowed formats within the size
and pixel limits. What is stored is a re-encoded copy: orientation applied,
EXIF (GPS, camera serials), XMP and text chunks left behind.

An animated GIF is the exception: decoding and re-encoding every frame costs
CPU in proportion to frames times canvas (a 103 KB file of 5,000 one-pixel
frames on a 2,000-pixel canvas took 129 s). Its blocks are read without
decoding any frame (:func:`scan_gif`): the frame count and the pixels drawn
across all frames are checked first, and what is stored is the same frames
with comments and foreign application blocks dropped.
"""

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {
    "JPEG": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "AVIF": "avif",
    "GIF": "gif",
}
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000  # e.g. 9,500 by 6,300: more than any camera the desk uses
# An animation: at most this many frames, and this many pixels drawn over all
# of them (frames times canvas): a 600 by 600 loop of 500 frames fits.
MAX_FRAMES = 500
MAX_ANIMATION_PIXELS = 200_000_000

NOT_AN_IMAGE = "This file is not a picture we can read (JPEG, PNG, WebP, AVIF or GIF)."
BROKEN = "This picture is damaged or incomplete; please export it again."
TOO_BIG = "This file is larger than 25 MB; please export a smaller one."
TOO_MANY_PIXELS = (
    "This picture is {width:,} by {height:,} pixels; the limit is 60 megapixels."
)


TOO_MANY_FRAMES = _(
    "This animation has {frames:,} frames; the limit is {limit:,}. Please shorten it."
)
TOO_MUCH_ANIMATION = _(
    "This animation draws {pixels:,} pixels over its frames; the limit is "
    "{limit:,}. Please make it smaller or shorter."
)
GIF_SIGNATURES = (b"GIF87a", b"GIF89a")
# Extension blocks kept in a stored GIF: frame timing and transparency, looping.
GRAPHIC_CONTROL, APPLICATION = 0xF9, 0xFF
LOOPING_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


@dataclass(frozen=True)
class GifScan:
    frames: int
    width: int
    height: int
    stripped: bytes  # the same frames, without comments and foreign blocks


def scan_gif(data: bytes) -> GifScan:
    """A GIF's frames counted from its block structure, no frame decoded.

    Raises ValidationError as soon as the frames or the pixels they draw pass
    the limits (before reading the rest of the file), and ValueError when the
    structure is broken.
    """
    if data[:6] not in GIF_SIGNATURES:
        raise ValueError("not a GIF")
    width, height, packed = struct.unpack_from("<HHB", data, 6)
    position = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    kept = [data[:position]]
    frames = 0
    while True:
        introducer = data[position]
        if introducer == 0x3B:  # trailer
            kept.append(b"\x3b")
            break
        if introducer == 0x2C:  # image descriptor: one frame
            frames += 1
            _check_animation(frames, width * height)
            local = data[position + 9]
            start = position
            position += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            position = _skip_sub_blocks(data, position + 1)  # after the LZW code size
            kept.append(data[start:position])
        elif introducer == 0x21:  # extension
            label, start = data[position + 1], position
            position = _skip_sub_blocks(data, position + 2)
            block = data[start:position]
            if label == GRAPHIC_CONTROL or (
                label == APPLICATION and block[3:14] in LOOPING_APPLICATIONS
            ):
                kept.append(block)
        else:
            raise ValueError("broken GIF block")
    if not frames:
        raise ValueError("a GIF without a frame")
    return GifScan(frames, width, height, b"".join(kept))


def animation_within_limits(data: bytes) -> bool:
    """For work on a stored file (the rendition task): the upload's limits
    again, checked before anything decodes a frame. Not a GIF: True."""
    if data[:6] not in GIF_SIGNATURES:
        return True
    try:
        scan_gif(data)
    except (ValidationError, ValueError, IndexError, struct.error):
        return False
    return True


def _skip_sub_blocks(data: bytes, position: int) -> int:
    """The position after a chain of sub-blocks (each a length byte, 0 ends it)."""
    while size := data[position]:
        position += size + 1
    return position + 1


def _check_animation(frames: int, canvas: int) -> None:
    if frames > MAX_FRAMES:
        raise ValidationError(
            TOO_MANY_FRAMES.format(frames=frames, limit=MAX_FRAMES), code="frames"
        )
    if frames * canvas > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            TOO_MUCH_ANIMATION.format(
                pixels=frames * canvas, limit=MAX_ANIMATION_PIXELS
            ),
            code="animation_pixels",
        )


def clean_upload(upload) -> ContentFile:
    """A stored-ready copy of ``upload``, or a ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG, code="file_size")
    upload.seek(0)
    head = upload.read(6)
    upload.seek(0)
    if head in GIF_SIGNATURES:
        try:
            scan = scan_gif(upload.read())
        except (ValueError, IndexError, struct.error):
            raise ValidationError(BROKEN, code="broken_image") from None
        finally:
            upload.seek(0)
        if scan.frames > 1:
            return _animation(scan, upload.name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(upload) as picture:
                return _cleaned_copy(picture, upload.name)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise ValidationError(
                "This picture claims more pixels than we can safely open.",
                code="bomb",
            ) from None
        except UnidentifiedImageError:
            raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(BROKEN, code="broken_image") from None


def _animation(scan: GifScan, name: str) -> ContentFile:
    """An animated GIF stored as its scanned frames: within the canvas limit,
    and its first frame must decode (the rest are the browser's to draw)."""
    if scan.width * scan.height > MAX_PIXELS:
        raise ValidationError(
            TOO_MANY_PIXELS.format(width=scan.width, height=scan.height), code="pixels"
        )
    try:
        with PILImage.open(io.BytesIO(scan.stripped)) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(BROKEN, code="broken_image") from None
    return ContentFile(scan.stripped, name=f"{_stem(name)}.gif")


def _stem(name: str) -> str:
    return PurePath(name or "picture").stem[:80] or "picture"


def _cleaned_copy(picture: PILImage.Image, name: str) -> ContentFile:
    if picture.format not in ALLOWED_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="format")
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            TOO_MANY_PIXELS.format(width=width, height=height), code="pixels"
        )
    picture_format = picture.format
    picture.load()  # decodes everything: a truncated file fails here
    buffer = io.BytesIO()
    upright = ImageOps.exif_transpose(picture)
    upright.info.clear()
    if picture_format == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
        upright = upright.convert("RGB")
    upright.save(buffer, picture_format, **_save_options(picture_format, picture))
    return ContentFile(
        buffer.getvalue(), name=f"{_stem(name)}.{ALLOWED_FORMATS[picture_format]}"
    )


def _save_options(picture_format: str, picture: PILImage.Image) -> dict:
    """Encoder options; the colour profile is kept, it carries no personal data."""
    options: dict = {}
    if icc_profile := picture.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if picture_format == "JPEG":
        options |= {"quality": 90, "optimize": True, "progressive": True}
    elif picture_format in {"WEBP", "AVIF"}:
        options |= {"quality": 90}
    return options
