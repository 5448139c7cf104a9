"""Lead images for the demo, painted with Pillow: sky, sun, sea and a subject."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 1000

# (title, sky top, sky bottom, sea, subject)
SCENES = [
    ("Sunrise over Biscayne Bay", "#f6b26b", "#fde5c4", "#1f6f8b", "sailboat"),
    ("Dusk at the marina", "#3d2c5c", "#f08a5d", "#23395b", "yacht"),
    ("Midday off Key Biscayne", "#4aa3df", "#c9e8f7", "#0f7ea8", "console"),
    ("Storm clouds over the Everglades", "#4b5563", "#9ca3af", "#3f6251", "skyline"),
    ("Brickell at blue hour", "#1e3a8a", "#7c9cd6", "#1b2b4d", "skyline"),
    ("Palm shade on Ocean Drive", "#ffd6a5", "#fff3e0", "#2a9d8f", "palms"),
    ("Regatta morning", "#8ecae6", "#e0f4ff", "#126782", "sailboat"),
    ("Golden hour at Fisher Island", "#e76f51", "#f4a261", "#264653", "yacht"),
    ("The Grove at noon", "#90caf9", "#e3f2fd", "#00796b", "palms"),
    ("Night lights on the causeway", "#0b132b", "#3a506b", "#1c2541", "skyline"),
    ("Flats at low tide", "#b8e0d2", "#eaf4f4", "#6cb4a4", "console"),
    ("Harbour at first light", "#fbc4ab", "#fff1e6", "#457b9d", "yacht"),
]


def _gradient(draw, top, bottom, y0, y1):
    top_rgb = [int(top[i : i + 2], 16) for i in (1, 3, 5)]
    bottom_rgb = [int(bottom[i : i + 2], 16) for i in (1, 3, 5)]
    for y in range(y0, y1):
        t = (y - y0) / max(y1 - y0 - 1, 1)
        colour = tuple(
            round(a + (b - a) * t) for a, b in zip(top_rgb, bottom_rgb, strict=True)
        )
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _subject(draw, kind, horizon, rng):
    dark = (20, 24, 30)
    if kind == "skyline":
        x = 0
        while x < WIDTH:
            w = rng.randint(60, 140)
            h = rng.randint(120, 460)
            draw.rectangle([x, horizon - h, x + w, horizon], fill=dark)
            for wy in range(horizon - h + 20, horizon - 10, 36):
                for wx in range(x + 12, x + w - 12, 26):
                    if rng.random() < 0.45:
                        draw.rectangle([wx, wy, wx + 10, wy + 14], fill=(250, 214, 120))
            x += w + rng.randint(4, 30)
    elif kind == "palms":
        for base in (240, 520, 1240, 1420):
            top = (base + rng.randint(-60, 60), horizon - rng.randint(380, 520))
            draw.line([(base, horizon + 40), top], fill=dark, width=18)
            for angle in range(0, 360, 40):
                rad = math.radians(angle + rng.randint(-10, 10))
                end = (top[0] + 170 * math.cos(rad), top[1] + 90 * math.sin(rad) + 40)
                draw.line([top, end], fill=dark, width=10)
    else:
        cx = rng.randint(500, 1100)
        hull_len = {"sailboat": 320, "yacht": 620, "console": 260}[kind]
        y = horizon + 70
        draw.polygon(
            [
                (cx, y),
                (cx + hull_len, y),
                (cx + hull_len - 60, y + 50),
                (cx + 40, y + 50),
            ],
            fill=(245, 245, 245),
        )
        if kind == "sailboat":
            draw.line([(cx + 150, y), (cx + 150, y - 380)], fill=dark, width=6)
            draw.polygon(
                [(cx + 156, y - 370), (cx + 156, y - 10), (cx + 300, y - 10)],
                fill=(255, 255, 255),
            )
        elif kind == "yacht":
            draw.polygon(
                [(cx + 80, y), (cx + 520, y), (cx + 470, y - 70), (cx + 160, y - 70)],
                fill=(235, 238, 242),
            )
            draw.rectangle([cx + 200, y - 120, cx + 420, y - 70], fill=(225, 229, 235))
            draw.line(
                [(cx + 120, y - 35), (cx + 500, y - 35)], fill=(40, 60, 80), width=10
            )
        else:
            draw.rectangle([cx + 90, y - 70, cx + 150, y], outline=dark, width=6)


def subject(index: int) -> str:
    """What scene ``index`` shows: its focal point follows from it."""
    return SCENES[index % len(SCENES)][4]


def scene(index: int) -> str:
    """What picture ``index`` shows, in words: for its alt text and caption."""
    return SCENES[index % len(SCENES)][0]


def title(index: int) -> str:
    """The library title of demo scene ``index`` (scenes repeat, numbered)."""
    suffix = f" {index // len(SCENES) + 1}" if index >= len(SCENES) else ""
    return f"{scene(index)}{suffix}"


def paint(index: int) -> bytes:
    """The JPEG bytes of demo scene ``index`` (the same bytes every time)."""
    _, sky_top, sky_bottom, sea, subject = SCENES[index % len(SCENES)]
    rng = random.Random(index)
    canvas = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(canvas)
    horizon = int(HEIGHT * rng.uniform(0.55, 0.68))
    _gradient(draw, sky_top, sky_bottom, 0, horizon)
    sun = (rng.randint(200, 1400), rng.randint(120, horizon - 120))
    draw.ellipse(
        [sun[0] - 80, sun[1] - 80, sun[0] + 80, sun[1] + 80], fill=(255, 244, 214)
    )
    _gradient(draw, sea, "#0a2233", horizon, HEIGHT)
    for y in range(horizon + 10, HEIGHT, 18):
        for x in range(rng.randint(0, 60), WIDTH, 140):
            draw.line([(x, y), (x + 60, y)], fill=(255, 255, 255), width=1)
    _subject(draw, subject, horizon, rng)
    canvas = canvas.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


# Authors' portraits: (background top, background bottom, jacket, skin, hair)
PORTRAITS = [
    ("#cfe8ef", "#7fb3c8", "#1d3557", "#c68642", "#2b1d14"),
    ("#f3e1c7", "#d9a86c", "#3a3a3a", "#8d5524", "#111111"),
    ("#e8dff5", "#a99cc9", "#6d214f", "#f1c27d", "#7a4a24"),
]
PORTRAIT_SIZE = 800
# Where the face sits in every portrait (the focal point an editor would set).
PORTRAIT_FOCAL_POINT = (0.5, 0.4)


def paint_portrait(index: int) -> bytes:
    """JPEG bytes of a head-and-shoulders portrait (the same bytes every time)."""
    top, bottom, jacket, skin, hair = PORTRAITS[index % len(PORTRAITS)]
    size = PORTRAIT_SIZE
    canvas = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(canvas)
    _gradient(draw, top, bottom, 0, size)
    centre = size // 2
    # Shoulders, neck, hair behind the head, then the face.
    draw.ellipse([centre - 330, 560, centre + 330, 1100], fill=jacket)
    draw.rectangle([centre - 55, 420, centre + 55, 600], fill=skin)
    draw.ellipse([centre - 175, 105, centre + 175, 455], fill=hair)
    draw.ellipse([centre - 145, 150, centre + 145, 500], fill=skin)
    draw.chord([centre - 160, 110, centre + 160, 330], 180, 360, fill=hair)
    canvas = canvas.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()
