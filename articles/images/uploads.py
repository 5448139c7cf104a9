"""Checking and cleaning uploaded pictures with Pillow before anything stores them.

An upload must decode completely as one of the allowed formats within the size
and pixel limits. What is stored is a re-encoded copy: orientation applied,
EXIF (GPS, camera serials), XMP and text chunks left behind.
"""

import io
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
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

NOT_AN_IMAGE = "This file is not a picture we can read (JPEG, PNG, WebP, AVIF or GIF)."
BROKEN = "This picture is damaged or incomplete; please export it again."
TOO_BIG = "This file is larger than 25 MB; please export a smaller one."
TOO_MANY_PIXELS = (
    "This picture is {width:,} by {height:,} pixels; the limit is 60 megapixels."
)


def clean_upload(upload) -> ContentFile:
    """A stored-ready copy of ``upload``, or a ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG, code="file_size")
    upload.seek(0)
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
    if picture_format == "GIF" and getattr(picture, "is_animated", False):
        picture.save(buffer, "GIF", save_all=True, comment=b"")
    else:
        upright = ImageOps.exif_transpose(picture)
        upright.info.clear()
        if picture_format == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        upright.save(buffer, picture_format, **_save_options(picture_format, picture))
    stem = PurePath(name or "picture").stem[:80] or "picture"
    return ContentFile(
        buffer.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[picture_format]}"
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
