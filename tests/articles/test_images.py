"""The image library: uploads checked by Pillow, cleaned of metadata, rendered once."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from articles.forms.images import ImageForm
from articles.images import renditions
from articles.images.renditions import focal_crop_box
from articles.models import Image, Rendition
from articles.tasks import make_renditions
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def photo_with_exif(width=60, height=40, image_format="JPEG") -> bytes:
    """A photo as phones send it: rotated by an EXIF tag, with GPS and camera data."""
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6  # stored sideways: viewers rotate it 90° clockwise
    exif[MAKE] = "Phone maker"
    exif[GPS_IFD] = {1: "N", 2: (25.0, 46.0, 30.0), 3: "W", 4: (80.0, 11.0, 0.0)}
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(
        buffer, image_format, exif=exif.tobytes()
    )
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload_form(data: bytes, name: str) -> ImageForm:
    return ImageForm(
        data={
            "title": "Bay at dawn",
            "alt_text": "A sailboat on a calm bay at dawn",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
        files={"file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (jpeg_bytes(400, 300)[:600], "truncated.jpg", "damaged or incomplete"),
        (b"Dear editor, this is not a photo.\n" * 20, "letter.jpg", "not a picture"),
        (png_claiming(50_000, 50_000), "huge.png", "more pixels than we can safely"),
        (png_claiming(9_000, 8_000), "big.png", "9,000 by 8,000 pixels"),
        (b"<svg onload=alert(1)></svg>", "logo.png", "not a picture"),
    ],
    ids=["truncated-jpeg", "text-named-jpg", "png-50000-square", "over-60mp", "svg"],
)
def test_bad_files_are_clear_form_errors(data, name, message):
    form = upload_form(data, name)

    assert not form.is_valid()
    assert message in form.errors["file"][0]
    assert not Image.objects.exists()


def test_a_bmp_is_refused_even_when_it_decodes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "BMP")
    form = upload_form(buffer.getvalue(), "scan.bmp")
    assert not form.is_valid()
    assert "JPEG, PNG, WebP, AVIF or GIF" in form.errors["file"][0]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_uploads_lose_gps_and_camera_data_after_being_turned_upright(image_format):
    form = upload_form(photo_with_exif(image_format=image_format), "beach.jpeg")
    assert form.is_valid(), form.errors
    image = form.save()

    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert stored.format == image_format
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        assert stored.size == (40, 60)  # the orientation was applied, then dropped
    assert (image.width, image.height) == (40, 60)


def test_admin_upload_of_a_broken_file_keeps_the_editors_words(admin_client):
    response = admin_client.post(
        "/admin/articles/image/add/",
        {
            "title": "Regatta start",
            "alt_text": "Forty boats cross the line",
            "focal_x": "0.5",
            "focal_y": "0.5",
            "file": SimpleUploadedFile("start.jpg", b"not really a jpeg"),
        },
    )
    assert response.status_code == 200
    assert "not a picture" in response.text
    assert 'value="Forty boats cross the line"' in response.text
    assert not Image.objects.exists()


def test_saving_an_image_queues_its_renditions_without_making_them(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    assert DBTaskResult.objects.get().task_path == "articles.tasks.make_renditions"
    assert not image.renditions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "Only the words changed"
        image.save()
    assert DBTaskResult.objects.count() == 1  # same file, same focal point

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x = 0.2
        image.save()
    assert DBTaskResult.objects.count() == 2


def test_renditions_are_made_once_in_every_format_and_reused():
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))

    made = make_renditions.call(image.pk)

    # widths 400, 800 and the original 1000 (900 cut to 3:2); jpeg, webp, avif
    assert made == 3 * 3 * 2
    assert make_renditions.call(image.pk) == 0
    original_shape = image.renditions.filter(ratio="")
    assert set(original_shape.values_list("format", "width", "height")) == {
        (image_format, width, round(width * 0.6))
        for image_format in ("jpeg", "webp", "avif")
        for width in (400, 800, 1000)
    }
    avif = original_shape.get(format="avif", width=400)
    with avif.file.open("rb"), PILImage.open(avif.file) as stored:
        assert (stored.format, stored.size) == ("AVIF", (400, 240))
    cards = image.renditions.filter(ratio="3:2", format="jpeg")
    # the 3:2 cut of a 1000 by 600 original is 900 wide: never blown up past that
    assert set(cards.values_list("width", "height")) == {
        (400, 267),
        (800, 533),
        (900, 600),
    }


def test_a_new_focal_point_replaces_the_cropped_renditions():
    image = ImageFactory(file=ContentFile(jpeg_bytes(900, 300), name="wide.jpg"))
    make_renditions.call(image.pk)
    old = set(image.renditions.values_list("pk", flat=True))

    image.focal_x = 0.9
    image.save()
    make_renditions.call(image.pk)

    assert image.renditions.count() == len(old)
    assert old.isdisjoint(image.renditions.values_list("pk", flat=True))
    assert all(r.source.endswith("@0.900,0.500") for r in image.renditions.all())


def test_a_panoramas_card_cut_is_never_blown_up():
    image = ImageFactory(file=ContentFile(jpeg_bytes(2000, 500), name="pano.jpg"))

    make_renditions.call(image.pk)

    cards = image.renditions.filter(ratio="3:2", format="jpeg")
    assert sorted(cards.values_list("width", "height")) == [(400, 267), (750, 500)]
    widest = image.renditions.filter(ratio="", format="jpeg").order_by("-width")[0]
    assert (widest.width, widest.height) == (1600, 400)


def test_renditions_the_rules_no_longer_want_are_removed_with_their_files(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))
    make_renditions.call(image.pk)
    blown_up = Rendition.objects.create(  # as made before cut_width(): a 900 px cut
        image=image,
        source=image.rendition_source,
        ratio="3:2",
        format="jpeg",
        width=1000,
        height=667,
        file=ContentFile(jpeg_bytes(1000, 667), name="bay-3x2-1000.jpeg"),
    )
    image.record_renditions()

    with django_capture_on_commit_callbacks(execute=True):
        assert make_renditions.call(image.pk) == 0
        assert blown_up.file.storage.exists(blown_up.file.name)  # until the commit

    assert not image.renditions.filter(pk=blown_up.pk).exists()
    assert not blown_up.file.storage.exists(blown_up.file.name)
    image.refresh_from_db()
    assert 'width="900" height="600"' in render_tag(image, ratio="3:2")


def test_pages_keep_their_pictures_while_a_new_cut_is_made(
    monkeypatch, django_capture_on_commit_callbacks
):
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))
    make_renditions.call(image.pk)
    card = image.renditions.get(ratio="3:2", format="jpeg", width=900)
    card.width = 1000  # listed under a width the rules no longer make
    card.save()
    image.record_renditions()
    files_pages_name = []
    render = renditions.render

    def cut_while_readers_look(*args, **kwargs):
        listed = Image.objects.get(pk=image.pk).sources["shapes"]
        files_pages_name.extend(
            name
            for formats in listed.values()
            for _, files in formats
            for name, *_ in files
        )
        return render(*args, **kwargs)

    monkeypatch.setattr(renditions, "render", cut_while_readers_look)
    with django_capture_on_commit_callbacks(execute=True):
        assert make_renditions.call(image.pk) == 1  # the 900 px card again

    assert card.file.name in files_pages_name
    image.refresh_from_db()
    named_now = [
        name
        for formats in image.sources["shapes"].values()
        for _, files in formats
        for name, *_ in files
    ]
    # The remade card has the same bytes, so the same file: the stale row went,
    # the file it shared stayed.
    assert card.file.name in named_now
    assert all(default_storage.exists(name) for name in named_now)
    assert 'width="900" height="600"' in render_tag(image, ratio="3:2")


def test_a_run_overtaken_by_a_newer_focal_point_leaves_it_to_the_newer_run(
    monkeypatch,
):
    image = ImageFactory(file=ContentFile(jpeg_bytes(900, 300), name="wide.jpg"))
    make_renditions.call(image.pk)
    first_cut = set(image.renditions.values_list("pk", flat=True))
    image.focal_x = 0.2
    image.save()
    render = renditions.render

    def editor_moves_the_point_again(*args, **kwargs):
        Image.objects.filter(pk=image.pk).update(focal_x=0.9)  # saved meanwhile
        return render(*args, **kwargs)

    monkeypatch.setattr(renditions, "render", editor_moves_the_point_again)
    assert make_renditions.call(image.pk) == 0

    assert set(image.renditions.values_list("pk", flat=True)) == first_cut
    monkeypatch.setattr(renditions, "render", render)
    make_renditions.call(image.pk)  # the run the newer save queued
    assert all(r.source.endswith("@0.900,0.500") for r in image.renditions.all())


def test_the_desk_can_requeue_every_picture_after_a_rule_change():
    pictures = ImageFactory.create_batch(3)  # their own queueing waits for a commit
    output = io.StringIO()

    call_command("queue_renditions", stdout=output)

    queued = DBTaskResult.objects.filter(task_path="articles.tasks.make_renditions")
    assert sorted(task.args_kwargs["args"][0] for task in queued) == sorted(
        picture.pk for picture in pictures
    )
    assert output.getvalue() == "Queued renditions for 3 picture(s).\n"


def test_the_crop_follows_the_focal_point_and_stays_inside_the_picture():
    # A 1200 by 400 panorama cut to 1:1 is 400 wide: where depends on the focal point.
    assert focal_crop_box((1200, 400), 1.0, (0.5, 0.5)) == (400, 0, 800, 400)
    assert focal_crop_box((1200, 400), 1.0, (0.9, 0.5)) == (800, 0, 1200, 400)
    assert focal_crop_box((1200, 400), 1.0, (0.0, 0.5)) == (0, 0, 400, 400)
    assert focal_crop_box((400, 1200), 1.5, (0.5, 0.1)) == (0, 0, 400, 267)


def render_tag(image, **options) -> str:
    arguments = " ".join(f'{name}="{value}"' for name, value in options.items())
    template = Template(f"{{% load images %}}{{% image img {arguments} %}}")
    return template.render(Context({"img": image}))


def test_the_image_tag_uses_the_original_until_renditions_exist():
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))
    html = render_tag(image)
    assert html == (
        f'<img src="{image.file.url}" width="1000" height="600" '
        'alt="A boat on the bay" loading="lazy" decoding="async">'
    )


def test_the_image_tag_offers_avif_webp_and_a_srcset(django_assert_num_queries):
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))
    make_renditions.call(image.pk)
    image = Image.objects.get(pk=image.pk)
    jpeg = {
        r.width: r.file.url for r in image.renditions.filter(format="jpeg", ratio="")
    }

    with django_assert_num_queries(0):  # the image row lists its renditions
        html = render_tag(image, sizes="(min-width: 60rem) 60rem, 100vw")

    assert html.startswith('<picture><source type="image/avif" srcset="')
    assert '<source type="image/webp"' in html
    assert html.index("image/avif") < html.index("image/webp")
    assert (
        f'<img src="{jpeg[1000]}" srcset="{jpeg[400]} 400w, {jpeg[800]} 800w, '
        f'{jpeg[1000]} 1000w" sizes="(min-width: 60rem) 60rem, 100vw" '
        'width="1000" height="600" alt="A boat on the bay"'
    ) in html


def test_a_shaped_image_carries_the_cropped_size():
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 600), name="bay.jpg"))
    make_renditions.call(image.pk)
    image.refresh_from_db()

    html = render_tag(image, ratio="3:2")

    assert 'width="900" height="600"' in html
    largest_card = image.renditions.get(ratio="3:2", format="jpeg", width=900)
    assert f'<img src="{largest_card.file.url}"' in html


def test_cards_show_the_crop_around_the_editors_focal_point(client):
    image = ImageFactory(file=ContentFile(jpeg_bytes(900, 300), name="wide.jpg"))
    story = ArticleFactory(lead_image=image)
    make_renditions.call(image.pk)
    first_crop = image.renditions.filter(ratio="3:2", format="jpeg").last()

    section = client.get(story.category.get_absolute_url()).content.decode()
    assert f'<img src="{first_crop.file.url}"' in section
    assert first_crop.width * 2 == first_crop.height * 3
    assert f'width="{first_crop.width}" height="{first_crop.height}"' in section

    image.refresh_from_db()
    image.focal_x = 0.9
    image.save()
    # Until the new crops are cut, cards show the original, never a stale crop.
    waiting = client.get(story.category.get_absolute_url()).content.decode()
    assert f'<img src="{image.file.url}" width="900" height="300"' in waiting
    make_renditions.call(image.pk)

    moved = client.get(story.category.get_absolute_url()).content.decode()
    new_crop = image.renditions.filter(ratio="3:2", format="jpeg").last()
    assert new_crop.source.endswith("@0.900,0.500")
    assert new_crop.pk != first_crop.pk
    assert f'<img src="{new_crop.file.url}"' in moved


def test_a_3x2_originals_card_and_uncut_renditions_share_their_files():
    image = ImageFactory(file=ContentFile(jpeg_bytes(1200, 800), name="dock.jpg"))
    make_renditions.call(image.pk)

    uncut = {
        (r.format, r.width): r.file.name for r in image.renditions.filter(ratio="")
    }
    cards = {
        (r.format, r.width): r.file.name for r in image.renditions.filter(ratio="3:2")
    }
    assert uncut
    assert cards == uncut  # one file for each equal cut
    stored = {}
    for name in uncut.values():
        with default_storage.open(name) as file:
            stored[name] = file.read()
    assert len(set(stored.values())) == len(stored)  # no two files hold the same bytes
    assert make_renditions.call(image.pk) == 0
