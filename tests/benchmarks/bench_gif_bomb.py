#!/usr/bin/env python
"""How long an animated-GIF bomb takes to refuse, beside what decoding it cost.

    .venv/bin/python tests/benchmarks/bench_gif_bomb.py

The bomb: a 2,000 by 2,000 canvas and 5,000 one-pixel frames, 75 KB. The
upload check reads its blocks without decoding a frame and refuses it at the
first frame past the limits. For comparison, Pillow decodes (composites) the
first 100 frames, as the old check did for all of them before re-encoding.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from articles.images import uploads  # noqa: E402
from tests.articles.test_image_animations import gif_bomb  # noqa: E402

ROUNDS = 20
DECODED_FRAMES = 100


def refusal_seconds(bomb: bytes) -> float:
    started = time.perf_counter()
    try:
        uploads.clean_upload(SimpleUploadedFile("bomb.gif", bomb))
    except ValidationError:
        return time.perf_counter() - started
    raise SystemExit("The bomb was accepted.")


def decoding_seconds(bomb: bytes) -> float:
    import io

    started = time.perf_counter()
    with PILImage.open(io.BytesIO(bomb)) as picture:
        for frame in range(DECODED_FRAMES):
            picture.seek(frame)
            picture.load()
    return time.perf_counter() - started


def main() -> None:
    bomb = gif_bomb()
    times = [refusal_seconds(bomb) for _ in range(ROUNDS)]
    decoding = decoding_seconds(bomb)
    print(f"bomb: {len(bomb):,} bytes, 2,000 x 2,000 canvas, 5,000 frames")
    print(
        f"refused in {statistics.median(times) * 1000:.2f} ms median "
        f"({min(times) * 1000:.2f}-{max(times) * 1000:.2f} ms over {ROUNDS} runs)"
    )
    print(
        f"decoding its first {DECODED_FRAMES} frames with Pillow: {decoding:.2f} s "
        f"(all 5,000, as the old check did before re-encoding: "
        f"~{decoding * 5000 / DECODED_FRAMES:.0f} s)"
    )


if __name__ == "__main__":
    main()
