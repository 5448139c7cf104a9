"""Animated GIFs: limited by frames and drawn pixels before any frame is decoded."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.images import uploads
from articles.models import Image
from articles.tasks import make_renditions

ONE_PIXEL_FRAME = (
    b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
)


def gif_bomb(*, width=2000, height=2000, frames=5000) -> bytes:
    """A big canvas and thousands of one-pixel frames: a few dozen kilobytes
    that cost minutes of CPU to decode and re-encode."""
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
    return header + b"\x00\x00\x00\xff\xff\xff" + ONE_PIXEL_FRAME * frames + b"\x3b"


def small_animation() -> bytes:
    frames = [
        PILImage.new("RGB", (40, 30), colour) for colour in ("red", "blue", "lime")
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
        comment=b"shot by a secret camera",
    )
    return buffer.getvalue()


@pytest.fixture
def nothing_decodes(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Pillow opened the picture")

    monkeypatch.setattr(uploads.PILImage, "open", refuse)


def upload(data: bytes, name="loop.gif") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/gif")


def test_a_gif_bomb_is_refused_by_the_pixels_it_draws_before_any_frame_is_decoded(
    nothing_decodes,
):
    bomb = gif_bomb()
    assert len(bomb) < 110_000
    with pytest.raises(ValidationError) as refused:
        uploads.clean_upload(upload(bomb))
    assert refused.value.code == "animation_pixels"
    # It stops reading at the first frame past the limit: 51 of 4,000,000 pixels.
    assert "204,000,000 pixels" in refused.value.messages[0]


def test_thousands_of_small_frames_are_refused_by_their_count(nothing_decodes):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_upload(upload(gif_bomb(width=100, height=100)))
    assert refused.value.code == "frames"
    assert "501 frames; the limit is 500" in refused.value.messages[0]


def test_an_animation_keeps_its_frames_and_loses_its_comment():
    stored = uploads.clean_upload(upload(small_animation()))
    data = stored.read()
    assert stored.name == "loop.gif"
    assert b"secret camera" not in data
    assert b"NETSCAPE2.0" in data  # it still loops
    with PILImage.open(io.BytesIO(data)) as picture:
        assert (picture.n_frames, picture.size) == (3, (40, 30))


def test_a_cut_off_animation_is_a_damaged_picture():
    data = small_animation()
    with pytest.raises(ValidationError) as refused:
        uploads.clean_upload(upload(data[: len(data) // 2]))
    assert refused.value.code == "broken_image"


@pytest.mark.django_db
def test_the_rendition_task_leaves_an_oversized_animation_alone(nothing_decodes):
    image = Image(title="Bomb", alt_text="None", focal_x=0.5, focal_y=0.5)
    image.file.save("bomb.gif", ContentFile(gif_bomb()), save=False)
    image.width = image.height = 2000
    Image.objects.bulk_create([image])  # stored behind the upload form's back
    assert make_renditions.call(Image.objects.get().pk) == 0
