"""Product pictures for the demo data, drawn offline with Pillow (nothing is downloaded).

Each leaf category has a simple, recognisable drawing (a bicycle, a helmet, headphones, ...) in
the product's colour (from a colour word in its title, else one of a palette chosen by the
product), and each product gets ``PICTURES`` views of it: the whole thing, a close-up and the
thing on a floor with its shadow. ``demo_pictures`` returns PNG bytes; the demo data uploads them
through the sellers' image service (content checks, re-encoding, thumbnail, renditions).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable

from PIL import Image, ImageDraw

SIDE = 720  # pixels; renditions of 160, 320 and 640 px are made from it on upload
PICTURES = 3

# A colour word in a title (German or English) -> RGB; other products get a palette colour.
COLOUR_WORDS = {
    "schwarz": (40, 40, 46),
    "black": (40, 40, 46),
    "mattschwarz": (52, 52, 58),
    "weiß": (236, 236, 232),
    "white": (236, 236, 232),
    "mitternachtsblau": (28, 44, 96),
    "blau": (40, 98, 196),
    "blue": (40, 98, 196),
    "silber": (176, 182, 190),
    "silver": (176, 182, 190),
    "salbeigrün": (140, 170, 140),
    "mintgrün": (150, 214, 190),
    "olivgrün": (108, 120, 60),
    "graphit": (70, 74, 80),
    "titan": (150, 146, 136),
    "neongelb": (222, 236, 40),
    "rot": (196, 40, 48),
    "edelstahl": (190, 194, 198),
}
PALETTE = (
    (196, 40, 48),
    (40, 98, 196),
    (232, 140, 30),
    (46, 140, 90),
    (120, 70, 160),
    (40, 40, 46),
    (0, 128, 140),
    (180, 120, 60),
)
BACKGROUNDS = ((244, 246, 248), (236, 242, 250), (250, 244, 236))
WOOD = (196, 150, 96)


def product_colour(title: str, key: int) -> tuple[int, int, int]:
    for word in title.lower().replace(",", " ").split():
        if word in COLOUR_WORDS:
            return COLOUR_WORDS[word]
    return PALETTE[key % len(PALETTE)]


def _darker(colour, factor=0.65):
    return tuple(int(c * factor) for c in colour)


def _lighter(colour, amount=0.45):
    return tuple(int(c + (255 - c) * amount) for c in colour)


# --- One drawing per category, in a 100 x 100 box (``p`` maps box units to pixels) ------------

Point = Callable[[float, float], tuple[int, int]]


def _box(p: Point, x0, y0, x1, y1):
    return [p(x0, y0), p(x1, y1)]


def bicycle(d: ImageDraw.ImageDraw, p: Point, c, w):
    for cx in (25, 75):
        d.ellipse(_box(p, cx - 20, 50, cx + 20, 90), outline=(40, 40, 46), width=w * 3)
        d.ellipse(_box(p, cx - 3, 67, cx + 3, 73), fill=(90, 90, 96))
    frame = [p(25, 70), p(45, 70), p(62, 42), p(38, 42), p(25, 70)]
    d.line(frame, fill=c, width=w * 3, joint="curve")
    d.line([p(45, 70), p(75, 70)], fill=c, width=w * 3)
    d.line([p(62, 42), p(75, 70)], fill=c, width=w * 3)
    d.line([p(38, 42), p(36, 34)], fill=c, width=w * 2)
    d.line([p(31, 33), p(42, 33)], fill=(40, 40, 46), width=w * 3)
    d.line([p(62, 42), p(60, 30), p(68, 28)], fill=(40, 40, 46), width=w * 2)


def helmet(d, p, c, w):
    d.pieslice(_box(p, 12, 22, 88, 98), 180, 360, fill=c)
    for x in (32, 50, 68):
        d.line([p(x, 30), p(x, 52)], fill=_darker(c), width=w * 3)
    d.rectangle(_box(p, 10, 58, 90, 64), fill=_darker(c))
    d.line([p(24, 64), p(40, 84), p(60, 84), p(76, 64)], fill=(40, 40, 46), width=w * 2)


def backpack(d, p, c, w):
    d.rounded_rectangle(_box(p, 24, 18, 76, 92), radius=p(12, 0)[0] - p(0, 0)[0], fill=c)
    d.rounded_rectangle(_box(p, 32, 56, 68, 86), radius=p(6, 0)[0] - p(0, 0)[0], fill=_darker(c, 0.8))
    d.line([p(32, 62), p(68, 62)], fill=_darker(c, 0.5), width=w * 2)
    d.arc(_box(p, 40, 6, 60, 26), 180, 360, fill=_darker(c), width=w * 3)
    d.line([p(30, 30), p(70, 30)], fill=_darker(c, 0.8), width=w * 2)


def headphones(d, p, c, w):
    d.arc(_box(p, 18, 12, 82, 80), 180, 360, fill=_darker(c), width=w * 6)
    d.line([p(18, 46), p(18, 60)], fill=_darker(c), width=w * 6)
    d.line([p(82, 46), p(82, 60)], fill=_darker(c), width=w * 6)
    for x in (10, 72):
        d.rounded_rectangle(_box(p, x, 52, x + 18, 86), radius=p(6, 0)[0] - p(0, 0)[0], fill=c)
        d.rounded_rectangle(
            _box(p, x + (12 if x < 50 else 0), 56, x + (18 if x < 50 else 6), 82), radius=3, fill=_darker(c, 0.5)
        )


def smartphone(d, p, c, w):
    d.rounded_rectangle(_box(p, 30, 8, 70, 92), radius=p(8, 0)[0] - p(0, 0)[0], fill=c)
    d.rounded_rectangle(_box(p, 33, 14, 67, 84), radius=p(3, 0)[0] - p(0, 0)[0], fill=(30, 50, 90))
    d.polygon([p(33, 60), p(48, 44), p(58, 54), p(67, 46), p(67, 84), p(33, 84)], fill=(60, 120, 190))
    d.ellipse(_box(p, 46, 86, 54, 90), fill=_darker(c))
    d.ellipse(_box(p, 48, 16, 52, 20), fill=(20, 20, 24))


def speaker(d, p, c, w):
    d.rounded_rectangle(_box(p, 26, 8, 74, 94), radius=p(6, 0)[0] - p(0, 0)[0], fill=c)
    d.ellipse(_box(p, 38, 16, 62, 40), fill=_darker(c, 0.4))
    d.ellipse(_box(p, 32, 46, 68, 82), fill=_darker(c, 0.4))
    d.ellipse(_box(p, 44, 58, 56, 70), fill=_lighter(c, 0.2))


def coffee_machine(d, p, c, w):
    d.rectangle(_box(p, 22, 10, 78, 24), fill=c)
    d.rectangle(_box(p, 22, 24, 36, 88), fill=c)
    d.rectangle(_box(p, 22, 86, 78, 94), fill=_darker(c))
    d.rectangle(_box(p, 44, 24, 56, 34), fill=_darker(c, 0.5))
    d.rounded_rectangle(_box(p, 44, 62, 62, 84), radius=4, fill=(250, 250, 250), outline=(90, 90, 90), width=w)
    d.arc(_box(p, 56, 66, 68, 78), 270, 90, fill=(90, 90, 90), width=w * 2)
    d.line([p(50, 36), p(50, 58)], fill=(110, 70, 40), width=w * 2)


def pan(d, p, c, w):
    d.ellipse(_box(p, 8, 30, 68, 90), fill=(60, 60, 66))
    d.ellipse(_box(p, 14, 36, 62, 84), fill=c)
    d.ellipse(_box(p, 24, 46, 40, 58), fill=_lighter(c, 0.35))
    d.rounded_rectangle(_box(p, 64, 54, 96, 64), radius=4, fill=(40, 40, 46))


def garden_tool(d, p, c, w):
    d.line([p(50, 6), p(50, 60)], fill=WOOD, width=w * 5)
    d.rectangle(_box(p, 40, 4, 60, 10), fill=c)
    d.polygon([p(34, 60), p(66, 60), p(64, 86), p(50, 96), p(36, 86)], fill=(150, 156, 164))
    d.rectangle(_box(p, 44, 56, 56, 64), fill=c)


def blocks(d, p, c, w):
    colours = (c, (232, 140, 30), (40, 98, 196), (46, 140, 90))
    d.rectangle(_box(p, 12, 60, 40, 88), fill=colours[0])
    d.rectangle(_box(p, 42, 60, 70, 88), fill=colours[1])
    d.polygon([p(72, 88), p(96, 88), p(84, 62)], fill=colours[2])
    d.rectangle(_box(p, 26, 32, 54, 58), fill=colours[3])
    d.ellipse(_box(p, 56, 34, 80, 58), fill=colours[0])
    d.rectangle(_box(p, 36, 8, 46, 30), fill=colours[1])


def notebook(d, p, c, w):
    d.rounded_rectangle(_box(p, 24, 8, 78, 92), radius=p(3, 0)[0] - p(0, 0)[0], fill=c)
    d.rectangle(_box(p, 24, 8, 32, 92), fill=_darker(c))
    d.rectangle(_box(p, 40, 24, 70, 38), fill=(250, 248, 240))
    d.line([p(70, 8), p(70, 92)], fill=_darker(c, 0.5), width=w * 2)


def jacket(d, p, c, w):
    d.polygon(
        [
            p(34, 10),
            p(66, 10),
            p(88, 24),
            p(96, 74),
            p(84, 76),
            p(78, 40),
            p(76, 92),
            p(24, 92),
            p(22, 40),
            p(16, 76),
            p(4, 74),
            p(12, 24),
        ],
        fill=c,
    )
    d.polygon([p(34, 10), p(50, 24), p(66, 10), p(58, 8), p(42, 8)], fill=_darker(c))
    d.line([p(50, 24), p(50, 92)], fill=_darker(c, 0.5), width=w * 2)
    for y in (40, 56, 72):
        d.line([p(30, y), p(42, y)], fill=_darker(c, 0.7), width=w * 2)


DRAWINGS = {
    "fahrraeder": bicycle,
    "helme": helmet,
    "rucksaecke": backpack,
    "kopfhoerer": headphones,
    "smartphones": smartphone,
    "lautsprecher": speaker,
    "kaffeemaschinen": coffee_machine,
    "kochgeschirr": pan,
    "werkzeug": garden_tool,
    "baukloetze": blocks,
    "notizbuecher": notebook,
    "jacken": jacket,
}


def _picture(drawing, colour, view: int, side: int) -> bytes:
    background = BACKGROUNDS[view % len(BACKGROUNDS)]
    image = Image.new("RGB", (side, side), background)
    d = ImageDraw.Draw(image)
    width = max(1, side // 160)
    if view == 0:  # the whole thing
        scale, x0, y0 = side * 0.8 / 100, side * 0.1, side * 0.1
    elif view == 1:  # a close-up: larger, off centre, cut by the frame
        scale, x0, y0 = side * 1.5 / 100, -side * 0.25, -side * 0.25
    else:  # smaller, standing on a floor with its shadow
        d.rectangle([0, int(side * 0.78), side, side], fill=_darker(background, 0.9))
        d.ellipse(
            [int(side * 0.22), int(side * 0.74), int(side * 0.78), int(side * 0.82)], fill=_darker(background, 0.75)
        )
        scale, x0, y0 = side * 0.56 / 100, side * 0.22, side * 0.22

    def point(x: float, y: float) -> tuple[int, int]:
        return int(x0 + x * scale), int(y0 + y * scale)

    drawing(d, point, colour, width)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=1)
    return out.getvalue()


def demo_pictures(category_slug: str, title: str, *, count: int = PICTURES, side: int = SIDE) -> list[bytes]:
    """``count`` PNG pictures of a product of the category (none for a category without a drawing)."""
    drawing = DRAWINGS.get(category_slug)
    if drawing is None:
        return []
    colour = product_colour(title, zlib.crc32(title.encode()))
    return [_picture(drawing, colour, view, side) for view in range(count)]
