"""Flat illustrations for the demo site, drawn with Pillow (nothing is downloaded).

Each scene is drawn from a seed, so the same title always gives the same picture: the
Cantal's volcanic skyline over pastures and a village, a shared office, a meeting, a
training room. The demo's images carry a description that serves as their alt text.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SKIES = [
    ((120, 170, 210), (214, 232, 240)),
    ((236, 170, 120), (250, 226, 190)),
    ((96, 140, 190), (200, 222, 236)),
]
GREENS = [(74, 120, 62), (96, 142, 70), (58, 98, 54), (120, 158, 84), (44, 80, 48)]


def _gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    for i in range(height):
        t = i / height
        colour = tuple(int(top[k] + (bottom[k] - top[k]) * t) for k in range(3))
        draw.line([(x0, y0 + i), (x1, y0 + i)], fill=colour)


def _ridge(rng, width, base, amplitude, peaks):
    """A mountain line: a few volcanic cones (the puys) joined by saddles."""
    points = [(0, base)]
    step = width / peaks
    for i in range(peaks):
        x = i * step + rng.uniform(0.2, 0.8) * step
        points.append((x - step * 0.35, base - amplitude * rng.uniform(0.2, 0.45)))
        points.append((x, base - amplitude * rng.uniform(0.75, 1.0)))
        points.append((x + step * 0.35, base - amplitude * rng.uniform(0.2, 0.45)))
    points.append((width, base))
    return points


def _house(draw, x, y, w, h, wall, roof):
    draw.rectangle([x, y, x + w, y + h], fill=wall)
    draw.polygon([(x - w * 0.1, y), (x + w / 2, y - h * 0.7), (x + w * 1.1, y)], fill=roof)
    draw.rectangle([x + w * 0.2, y + h * 0.3, x + w * 0.4, y + h * 0.55], fill=(250, 220, 140))
    draw.rectangle([x + w * 0.6, y + h * 0.55, x + w * 0.8, y + h], fill=(90, 60, 40))


def landscape(rng, size):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    sky_top, sky_bottom = rng.choice(SKIES)
    _gradient(draw, (0, 0, width, height), sky_top, sky_bottom)
    sun = (rng.uniform(0.15, 0.85) * width, height * rng.uniform(0.12, 0.25))
    r = height * 0.06
    draw.ellipse([sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r], fill=(255, 240, 200))
    for layer, colour in enumerate([(120, 140, 160), (92, 118, 120), (70, 104, 84)]):
        base = height * (0.55 + layer * 0.08)
        draw.polygon(
            _ridge(rng, width, base, height * (0.3 - layer * 0.06), 3 + layer)
            + [(width, height), (0, height)],
            fill=colour,
        )
    # pastures: rolling bands
    for band in range(4):
        y = height * (0.7 + band * 0.08)
        colour = GREENS[(band + rng.randrange(5)) % len(GREENS)]
        points = [(0, height)]
        for i in range(0, width + 40, 40):
            points.append(
                (i, y + 12 * rng.uniform(-1, 1) + 18 * ((i / width) - 0.5) * (band % 2 * 2 - 1))
            )
        points.append((width, height))
        draw.polygon(points, fill=colour)
    # a village: stone houses with slate roofs and a church
    vx = rng.uniform(0.1, 0.55) * width
    vy = height * 0.74
    for i in range(rng.randint(4, 7)):
        w = width * rng.uniform(0.035, 0.055)
        _house(
            draw,
            vx + i * w * 1.3,
            vy + rng.uniform(-6, 6),
            w,
            w * 0.8,
            (214, 200, 180),
            (70, 74, 84),
        )
    cx = vx + width * 0.05
    draw.rectangle(
        [cx, vy - width * 0.07, cx + width * 0.025, vy + width * 0.04], fill=(200, 186, 166)
    )
    draw.polygon(
        [
            (cx - 4, vy - width * 0.07),
            (cx + width * 0.0125, vy - width * 0.12),
            (cx + width * 0.025 + 4, vy - width * 0.07),
        ],
        fill=(70, 74, 84),
    )
    # trees and hedges
    for _ in range(rng.randint(10, 18)):
        tx, ty = rng.uniform(0, width), rng.uniform(height * 0.72, height * 0.95)
        tr = rng.uniform(10, 26) * width / 1200
        draw.ellipse([tx - tr, ty - tr * 1.6, tx + tr, ty + tr * 0.4], fill=rng.choice(GREENS[2:]))
    # cows of the Salers breed, mahogany red
    for _ in range(rng.randint(2, 5)):
        kx, ky = rng.uniform(0.55, 0.95) * width, rng.uniform(0.82, 0.94) * height
        s = width / 240
        draw.rounded_rectangle([kx, ky, kx + 9 * s, ky + 4.5 * s], radius=2 * s, fill=(128, 46, 30))
        draw.rectangle([kx + 8 * s, ky - 1.5 * s, kx + 11 * s, ky + 2 * s], fill=(128, 46, 30))
        for leg in (1, 7):
            draw.rectangle(
                [kx + leg * s, ky + 4 * s, kx + (leg + 1) * s, ky + 7 * s], fill=(90, 34, 24)
            )
    return image


def office(rng, size):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    wall = rng.choice([(236, 230, 218), (226, 234, 230), (240, 232, 222)])
    _gradient(draw, (0, 0, width, int(height * 0.68)), wall, tuple(max(0, c - 18) for c in wall))
    _gradient(draw, (0, int(height * 0.68), width, height), (176, 140, 104), (140, 104, 76))
    # a large window on the mountains
    wx0, wy0, wx1, wy1 = width * 0.08, height * 0.1, width * 0.52, height * 0.55
    view = landscape(rng, (int(wx1 - wx0), int(wy1 - wy0)))
    image.paste(view, (int(wx0), int(wy0)))
    draw.rectangle([wx0, wy0, wx1, wy1], outline=(250, 250, 250), width=int(width * 0.01))
    draw.line(
        [((wx0 + wx1) / 2, wy0), ((wx0 + wx1) / 2, wy1)],
        fill=(250, 250, 250),
        width=int(width * 0.008),
    )
    # a shelf with books and a plant
    sx = width * 0.62
    draw.rectangle([sx, height * 0.3, width * 0.92, height * 0.32], fill=(120, 86, 60))
    x = sx + 6
    while x < width * 0.8:
        w = rng.uniform(10, 22) * width / 1200
        draw.rectangle(
            [x, height * 0.3 - rng.uniform(40, 70) * height / 800, x + w, height * 0.3],
            fill=rng.choice([(11, 91, 75), (138, 59, 18), (47, 79, 111), (220, 170, 60)]),
        )
        x += w + 3
    px = width * 0.85
    draw.polygon(
        [
            (px - 20, height * 0.3),
            (px + 20, height * 0.3),
            (px + 14, height * 0.24),
            (px - 14, height * 0.24),
        ],
        fill=(170, 90, 60),
    )
    for angle in range(-3, 4):
        draw.ellipse(
            [px + angle * 9 - 12, height * 0.14, px + angle * 9 + 12, height * 0.25],
            fill=GREENS[abs(angle) % 5],
        )
    # desks with laptops and chairs
    desk_y = height * 0.66
    draw.rectangle(
        [width * 0.04, desk_y, width * 0.96, desk_y + height * 0.03], fill=(210, 180, 140)
    )
    for leg in (0.06, 0.5, 0.93):
        draw.rectangle(
            [width * leg, desk_y + height * 0.03, width * leg + 10, height * 0.95],
            fill=(90, 90, 96),
        )
    for i in range(3):
        lx = width * (0.1 + i * 0.3)
        draw.polygon(
            [
                (lx, desk_y),
                (lx + width * 0.14, desk_y),
                (lx + width * 0.13, desk_y - height * 0.14),
                (lx + width * 0.01, desk_y - height * 0.14),
            ],
            fill=(60, 64, 72),
        )
        draw.polygon(
            [
                (lx + width * 0.02, desk_y - height * 0.01),
                (lx + width * 0.12, desk_y - height * 0.01),
                (lx + width * 0.115, desk_y - height * 0.125),
                (lx + width * 0.025, desk_y - height * 0.125),
            ],
            fill=rng.choice([(120, 180, 220), (150, 200, 180), (230, 230, 240)]),
        )
        draw.rounded_rectangle(
            [lx + width * 0.02, desk_y + height * 0.07, lx + width * 0.12, desk_y + height * 0.2],
            radius=12,
            fill=(11, 91, 75) if i % 2 else (47, 79, 111),
        )
        # a mug
        mx = lx + width * 0.17
        draw.rectangle(
            [mx, desk_y - height * 0.04, mx + width * 0.02, desk_y], fill=(250, 250, 250)
        )
    # a pendant lamp
    draw.line([(width * 0.72, 0), (width * 0.72, height * 0.12)], fill=(60, 60, 60), width=3)
    draw.pieslice(
        [width * 0.68, height * 0.1, width * 0.76, height * 0.18], 180, 360, fill=(255, 191, 71)
    )
    return image


def meeting(rng, size):
    width, height = size
    image = office(rng, size)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle([0, 0, width, height], fill=(255, 255, 255, 40))
    # people around a table, seen from behind: heads and shoulders
    table_y = height * 0.8
    draw.rounded_rectangle(
        [width * 0.1, table_y, width * 0.9, height * 1.05], radius=30, fill=(210, 180, 140, 255)
    )
    skins = [(241, 200, 170), (200, 150, 110), (150, 100, 70), (230, 180, 150), (110, 70, 50)]
    shirts = [
        (11, 91, 75),
        (138, 59, 18),
        (47, 79, 111),
        (220, 170, 60),
        (120, 120, 130),
        (90, 60, 110),
    ]
    count = rng.randint(5, 8)
    for i in range(count):
        x = width * (0.12 + 0.76 * (i + 0.5) / count)
        y = table_y - height * rng.uniform(0.02, 0.06)
        s = height * rng.uniform(0.09, 0.11)
        draw.rounded_rectangle(
            [x - s * 0.9, y - s * 0.2, x + s * 0.9, y + s * 1.2],
            radius=int(s * 0.5),
            fill=rng.choice(shirts) + (255,),
        )
        draw.ellipse(
            [x - s * 0.45, y - s * 1.05, x + s * 0.45, y - s * 0.1], fill=rng.choice(skins) + (255,)
        )
        draw.pieslice(
            [x - s * 0.48, y - s * 1.1, x + s * 0.48, y - s * 0.3],
            180,
            360,
            fill=rng.choice([(40, 30, 24), (120, 80, 40), (200, 170, 110), (70, 70, 70)]) + (255,),
        )
    # a screen with a chart
    draw.rectangle(
        [width * 0.58, height * 0.08, width * 0.95, height * 0.4],
        fill=(250, 250, 250, 255),
        outline=(60, 60, 60, 255),
        width=4,
    )
    for i, h in enumerate([0.1, 0.16, 0.12, 0.22, 0.18]):
        bx = width * (0.62 + i * 0.06)
        draw.rectangle(
            [bx, height * (0.36 - h), bx + width * 0.035, height * 0.36], fill=(11, 91, 75, 255)
        )
    return image


SCENES = {"landscape": landscape, "office": office, "meeting": meeting}


def draw(scene, seed, size=(1200, 800)):
    """The scene as JPEG bytes (no metadata); the same seed gives the same picture."""
    rng = random.Random(seed)
    picture = SCENES[scene](rng, size).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
