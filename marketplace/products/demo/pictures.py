"""Studio-like product pictures for the demo shop, drawn with Pillow.

One drawing function per kind of piece (bag, flap bag, dome bag, shoe, boot, flat shoe, dress, coat, scarf,
sunglasses, watch, belt, necklace) paints a silhouette in the piece's colour on a mask, at
twice the final size; ``product_photo`` shades it, lays a soft shadow on a gradient studio
backdrop and scales it down (the supersampling gives smooth edges). The same drawing gives
the front photo and a close-up (a crop of the detail at full resolution). Deterministic: the
same kind, colour and seed always give the same pixels.
"""

import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 640, 800  # final photo; drawn at SCALE times that
SCALE = 2
COLOURS = {
    "black": (38, 36, 38), "white": (236, 233, 226), "beige": (212, 186, 150), "brown": (118, 70, 40),
    "grey": (128, 128, 134), "red": (160, 28, 38), "pink": (226, 158, 172), "blue": (38, 66, 128),
    "green": (46, 96, 68), "yellow": (226, 184, 58), "gold": (196, 156, 64), "silver": (186, 188, 196),
    "multicolour": (150, 40, 60),
}
GOLD = (205, 166, 84)
STEEL = (196, 198, 204)


def _shade(rgb, factor: float) -> tuple[int, int, int]:
    if factor >= 1:
        return tuple(int(c + (255 - c) * (factor - 1)) for c in rgb)
    return tuple(int(c * factor) for c in rgb)


def _bezier(points, steps: int = 24) -> list[tuple[float, float]]:
    """A smooth outline through cubic segments: p0, c1, c2, p1, c1, c2, p2, ..."""
    out = []
    for i in range(0, len(points) - 3, 3):
        p0, c1, c2, p1 = points[i : i + 4]
        for s in range(steps):
            t = s / steps
            u = 1 - t
            out.append((
                u**3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * p1[0],
                u**3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * p1[1],
            ))
    out.append(points[-1])
    return out


class Canvas:
    """Coordinates in 0..1 of the photo's width and height; drawn at the supersampled size."""

    def __init__(self):
        self.w, self.h = WIDTH * SCALE, HEIGHT * SCALE
        self.mask = Image.new("L", (self.w, self.h), 0)  # where the piece is (casts the shadow)
        self.paint = Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))
        self.m = ImageDraw.Draw(self.mask)
        self.d = ImageDraw.Draw(self.paint)
        self.detail = (0.5, 0.5)  # centre of the close-up

    def xy(self, points):
        return [(x * self.w, y * self.h) for x, y in points]

    def box(self, x0, y0, x1, y1):
        return [x0 * self.w, y0 * self.h, x1 * self.w, y1 * self.h]

    def px(self, v: float) -> int:
        return max(1, int(v * self.w))

    def polygon(self, points, fill, *, solid=True):
        pts = self.xy(points)
        self.d.polygon(pts, fill=fill)
        if solid:
            self.m.polygon(pts, fill=255)

    def rounded(self, box, radius, fill, *, solid=True, outline=None, width=0):
        b = self.box(*box)
        self.d.rounded_rectangle(b, radius=self.px(radius), fill=fill, outline=outline, width=self.px(width) if width else 0)
        if solid:
            self.m.rounded_rectangle(b, radius=self.px(radius), fill=255)

    def ellipse(self, box, fill=None, *, solid=True, outline=None, width=0):
        b = self.box(*box)
        self.d.ellipse(b, fill=fill, outline=outline, width=self.px(width) if width else 0)
        if solid:
            self.m.ellipse(b, fill=None if fill is None else 255, outline=255 if outline else None,
                           width=self.px(width) if width else 0)

    def line(self, points, fill, width, *, solid=False):
        pts = self.xy(points)
        self.d.line(pts, fill=fill, width=self.px(width), joint="curve")
        if solid:
            self.m.line(pts, fill=255, width=self.px(width), joint="curve")

    def arc(self, box, start, end, fill, width, *, solid=True):
        b = self.box(*box)
        self.d.arc(b, start, end, fill=fill, width=self.px(width))
        if solid:
            self.m.arc(b, start, end, fill=255, width=self.px(width))

    def stitches(self, points, rgb, width=0.003, dash=0.012):
        """A dashed line of stitching along a polyline."""
        pts = self.xy(points)
        step = dash * self.w
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            length = math.hypot(x1 - x0, y1 - y0)
            n = max(1, int(length / step))
            for i in range(0, n, 2):
                a, b = i / n, min(1, (i + 1) / n)
                self.d.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                            fill=rgb, width=self.px(width))


# --- one drawing per kind ------------------------------------------------------------------
def draw_bag(c: Canvas, rgb, rng):
    dark, light = _shade(rgb, 0.72), _shade(rgb, 1.12)
    c.arc((0.30, 0.18, 0.70, 0.56), 180, 360, dark, 0.03)  # handle
    c.polygon(_bezier([(0.16, 0.40), (0.16, 0.40), (0.84, 0.40), (0.84, 0.40), (0.86, 0.58), (0.90, 0.78), (0.88, 0.80),
                       (0.70, 0.82), (0.30, 0.82), (0.12, 0.80), (0.10, 0.78), (0.14, 0.58), (0.16, 0.40)]), rgb)
    c.polygon([(0.16, 0.40), (0.84, 0.40), (0.83, 0.50), (0.17, 0.50)], light)  # flap
    c.line([(0.17, 0.50), (0.83, 0.50)], dark, 0.004)
    c.stitches([(0.18, 0.42), (0.82, 0.42), (0.81, 0.48), (0.19, 0.48), (0.18, 0.42)], _shade(rgb, 1.35))
    c.stitches([(0.14, 0.78), (0.86, 0.78)], _shade(rgb, 1.35))
    for x in (0.34, 0.66):  # straps and buckles
        c.rounded((x - 0.025, 0.40, x + 0.025, 0.57), 0.006, dark, solid=False)
        c.rounded((x - 0.032, 0.52, x + 0.032, 0.55), 0.004, GOLD, solid=False, outline=_shade(GOLD, 0.7), width=0.002)
    c.rounded((0.46, 0.50, 0.54, 0.58), 0.012, GOLD, solid=False, outline=_shade(GOLD, 0.7), width=0.003)  # lock
    c.ellipse((0.49, 0.535, 0.51, 0.555), _shade(GOLD, 0.6), solid=False)
    for x in (0.22, 0.78):  # feet
        c.ellipse((x - 0.012, 0.815, x + 0.012, 0.83), _shade(GOLD, 0.8))
    c.detail = (0.5, 0.52)


def draw_flap_bag(c: Canvas, rgb, rng):
    """A quilted flap bag on a chain strap."""
    dark, light = _shade(rgb, 0.7), _shade(rgb, 1.15)
    c.rounded((0.16, 0.42, 0.84, 0.80), 0.03, rgb)
    c.polygon([(0.16, 0.44), (0.84, 0.44), (0.84, 0.64), (0.16, 0.64)], light, solid=False)  # flap
    c.rounded((0.16, 0.42, 0.84, 0.48), 0.02, light, solid=False)
    for k in range(-6, 10):  # diamond quilting
        x = 0.16 + k * 0.085
        c.line([(x, 0.42), (x + 0.38, 0.80)], dark, 0.003)
        c.line([(x + 0.38, 0.42), (x, 0.80)], dark, 0.003)
    c.d.rectangle(c.box(0.0, 0.0, 1.0, 0.42), fill=(0, 0, 0, 0))  # keep the quilting on the bag
    c.d.rectangle(c.box(0.0, 0.80, 1.0, 1.0), fill=(0, 0, 0, 0))
    c.d.rectangle(c.box(0.0, 0.42, 0.16, 0.80), fill=(0, 0, 0, 0))
    c.d.rectangle(c.box(0.84, 0.42, 1.0, 0.80), fill=(0, 0, 0, 0))
    chain = _bezier([(0.24, 0.44), (0.22, 0.10), (0.78, 0.10), (0.76, 0.44)], 40)
    for x, y in chain[::2]:
        c.ellipse((x - 0.012, y - 0.009, x + 0.012, y + 0.009), None, outline=GOLD, width=0.004)
    c.line([(0.16, 0.64), (0.84, 0.64)], _shade(rgb, 0.55), 0.004)
    c.ellipse((0.45, 0.60, 0.55, 0.68), GOLD, solid=False)  # turn-lock
    c.ellipse((0.475, 0.62, 0.525, 0.66), _shade(GOLD, 0.75), solid=False)
    c.detail = (0.5, 0.58)


def draw_dome_bag(c: Canvas, rgb, rng):
    """A soft dome bag (the Speedy shape) with two rolled handles and a printed pattern."""
    trim = (196, 150, 100)
    for x0 in (0.30, 0.50):
        c.arc((x0, 0.22, x0 + 0.20, 0.52), 180, 360, trim, 0.022)
    c.polygon(_bezier([(0.12, 0.80), (0.11, 0.62), (0.14, 0.44), (0.24, 0.40), (0.40, 0.33), (0.60, 0.33),
                       (0.76, 0.40), (0.86, 0.44), (0.89, 0.62), (0.88, 0.80), (0.60, 0.81), (0.40, 0.81),
                       (0.12, 0.80)]), rgb)
    for row in range(8):  # the printed pattern
        for col in range(9):
            x, y = 0.16 + col * 0.085 + (row % 2) * 0.04, 0.42 + row * 0.048
            if 0.15 < x < 0.85 and 0.42 + abs(x - 0.5) * 0.12 < y < 0.77:
                c.ellipse((x - 0.008, y - 0.006, x + 0.008, y + 0.006), _shade(rgb, 1.45), solid=False)
    c.line(_bezier([(0.20, 0.43), (0.36, 0.37), (0.64, 0.37), (0.80, 0.43)]), _shade(GOLD, 0.9), 0.006)  # zip
    c.rounded((0.12, 0.77, 0.88, 0.82), 0.02, trim)
    c.rounded((0.64, 0.44, 0.70, 0.52), 0.01, GOLD, solid=False)  # padlock
    c.detail = (0.62, 0.46)


def _shoe_outline(heel: float, flat: bool):
    if flat:
        return _bezier([(0.10, 0.70), (0.10, 0.62), (0.22, 0.56), (0.38, 0.55), (0.52, 0.54), (0.60, 0.50), (0.72, 0.50),
                        (0.84, 0.50), (0.90, 0.56), (0.90, 0.66), (0.90, 0.72), (0.88, 0.74), (0.80, 0.74),
                        (0.50, 0.74), (0.20, 0.74), (0.10, 0.70)])
    return _bezier([(0.08, 0.74), (0.08, 0.69), (0.18, 0.66), (0.30, 0.64), (0.42, 0.62), (0.50, 0.58), (0.62, 0.50),
                    (0.70, 0.44), (0.78, 0.40), (0.84, 0.40), (0.88, 0.41), (0.89, 0.46), (0.88, heel),
                    (0.80, heel + 0.02), (0.66, 0.56), (0.56, 0.66), (0.46, 0.74), (0.30, 0.76), (0.12, 0.77),
                    (0.08, 0.74)])


def draw_shoe(c: Canvas, rgb, rng, *, boot=False, flat=False):
    dark, light = _shade(rgb, 0.7), _shade(rgb, 1.15)
    if flat:
        c.polygon(_shoe_outline(0, True), rgb)
        c.rounded((0.08, 0.72, 0.92, 0.78), 0.02, _shade(rgb, 1.6) if sum(rgb) < 500 else _shade(rgb, 0.6))  # sole
        c.polygon(_bezier([(0.44, 0.56), (0.50, 0.52), (0.62, 0.50), (0.72, 0.51), (0.70, 0.56), (0.58, 0.58),
                           (0.44, 0.56)]), (245, 242, 236) if not boot else dark)  # opening
        c.rounded((0.30, 0.585, 0.46, 0.61), 0.01, GOLD, solid=False)  # horsebit
        c.stitches([(0.14, 0.70), (0.88, 0.70)], light)
        c.detail = (0.38, 0.62)
        return
    if boot:
        c.polygon(_bezier([(0.60, 0.50), (0.60, 0.36), (0.60, 0.22), (0.62, 0.12), (0.72, 0.12), (0.80, 0.12),
                           (0.88, 0.12), (0.88, 0.12), (0.88, 0.24), (0.88, 0.34), (0.89, 0.46)]), rgb)
        c.line([(0.86, 0.14), (0.86, 0.44)], dark, 0.004)  # zip
        c.rounded((0.845, 0.14, 0.875, 0.17), 0.004, STEEL, solid=False)
    c.polygon(_shoe_outline(0.52 if not boot else 0.50, False), rgb)
    heel_top = 0.52 if not boot else 0.50
    c.polygon([(0.80, heel_top), (0.88, heel_top - 0.01), (0.855, 0.78), (0.84, 0.78)], dark)  # heel
    c.rounded((0.835, 0.77, 0.865, 0.79), 0.004, _shade(rgb, 0.4))
    sole = _shade(rgb, 0.5)
    c.line(_bezier([(0.10, 0.765), (0.30, 0.77), (0.46, 0.74), (0.56, 0.67)]), sole, 0.008)
    if not boot:
        c.polygon(_bezier([(0.50, 0.585), (0.58, 0.52), (0.68, 0.46), (0.80, 0.42), (0.84, 0.43), (0.84, 0.45),
                           (0.70, 0.50), (0.58, 0.56), (0.50, 0.585)]), _shade(rgb, 0.45))  # opening
    c.line(_bezier([(0.10, 0.70), (0.20, 0.67), (0.34, 0.65), (0.46, 0.62)]), light, 0.006)  # highlight
    c.detail = (0.74, 0.52)


def draw_boot(c, rgb, rng):
    draw_shoe(c, rgb, rng, boot=True)


def draw_flat(c, rgb, rng):
    draw_shoe(c, rgb, rng, flat=True)


def draw_dress(c: Canvas, rgb, rng):
    dark, light = _shade(rgb, 0.75), _shade(rgb, 1.12)
    c.arc((0.44, 0.06, 0.56, 0.16), 180, 20, STEEL, 0.006, solid=False)  # hanger hook
    c.line([(0.26, 0.22), (0.50, 0.15), (0.74, 0.22)], _shade(STEEL, 0.8), 0.010, solid=True)
    outline = _bezier([(0.36, 0.20), (0.40, 0.20), (0.44, 0.26), (0.50, 0.27), (0.56, 0.26), (0.60, 0.20), (0.64, 0.20),
                       (0.66, 0.30), (0.62, 0.38), (0.60, 0.44), (0.70, 0.62), (0.80, 0.80), (0.82, 0.88),
                       (0.60, 0.91), (0.40, 0.91), (0.18, 0.88), (0.20, 0.80), (0.30, 0.62), (0.40, 0.44),
                       (0.38, 0.38), (0.34, 0.30), (0.36, 0.20)])
    c.polygon(outline, rgb)
    c.rounded((0.395, 0.425, 0.605, 0.455), 0.004, dark, solid=False)  # waist seam / belt
    for x0, x1 in ((0.46, 0.40), (0.54, 0.62), (0.50, 0.50), (0.43, 0.30), (0.57, 0.70)):  # folds
        c.line(_bezier([(x0, 0.47), (x0, 0.60), (x1, 0.75), (x1, 0.89)]), dark, 0.004)
    c.line(_bezier([(0.47, 0.47), (0.47, 0.60), (0.44, 0.75), (0.42, 0.89)]), light, 0.006)
    c.detail = (0.5, 0.36)


def draw_coat(c: Canvas, rgb, rng, *, length=0.92):
    dark, light = _shade(rgb, 0.72), _shade(rgb, 1.12)
    c.arc((0.44, 0.04, 0.56, 0.14), 180, 20, STEEL, 0.006, solid=False)
    c.polygon([(0.22, 0.20), (0.42, 0.14), (0.58, 0.14), (0.78, 0.20), (0.86, 0.30), (0.90, length - 0.12),
               (0.80, length - 0.11), (0.76, 0.40), (0.76, length), (0.24, length), (0.24, 0.40),
               (0.20, length - 0.11), (0.10, length - 0.12), (0.14, 0.30)], rgb)  # body and sleeves
    c.line([(0.24, 0.40), (0.22, length - 0.12)], dark, 0.004)
    c.line([(0.76, 0.40), (0.78, length - 0.12)], dark, 0.004)
    c.polygon([(0.42, 0.14), (0.50, 0.22), (0.58, 0.14), (0.60, 0.16), (0.52, 0.46), (0.48, 0.46), (0.40, 0.16)],
              (232, 228, 220))  # shirt front under the collar
    c.polygon([(0.40, 0.15), (0.48, 0.46), (0.50, 0.47), (0.44, 0.30), (0.36, 0.22)], dark)  # lapels
    c.polygon([(0.60, 0.15), (0.52, 0.46), (0.50, 0.47), (0.56, 0.30), (0.64, 0.22)], dark)
    c.line([(0.50, 0.47), (0.50, length)], dark, 0.004)
    for y in (0.52, 0.62, 0.72)[: 3 if length > 0.8 else 2]:
        c.ellipse((0.52, y, 0.55, y + 0.024), _shade(rgb, 0.5), solid=False)
        c.ellipse((0.45, y, 0.48, y + 0.024), _shade(rgb, 0.5), solid=False)
    for x in (0.30, 0.63):  # pocket flaps
        c.rounded((x, length - 0.28, x + 0.08, length - 0.26), 0.003, dark, solid=False)
    c.line([(0.27, 0.22), (0.30, length - 0.05)], light, 0.006)
    c.detail = (0.5, 0.34)


def draw_jacket(c, rgb, rng):
    draw_coat(c, rgb, rng, length=0.72)


def draw_scarf(c: Canvas, rgb, rng):
    accent = [(196, 156, 64), (38, 66, 128), (230, 226, 214), (150, 40, 60), (46, 96, 68)]
    rng.shuffle(accent)
    corners = [(0.50, 0.16), (0.88, 0.50), (0.50, 0.84), (0.12, 0.50)]
    c.polygon(corners, rgb)
    inner = [(0.50, 0.22), (0.82, 0.50), (0.50, 0.78), (0.18, 0.50)]
    c.polygon(inner, accent[2])
    core = [(0.50, 0.29), (0.75, 0.50), (0.50, 0.71), (0.25, 0.50)]
    c.polygon(core, _shade(rgb, 1.25))
    for i, r in enumerate((0.17, 0.13, 0.09, 0.05)):  # the central motif
        c.ellipse((0.5 - r * 0.8, 0.5 - r * 0.8, 0.5 + r * 0.8, 0.5 + r * 0.8), accent[i % len(accent)], solid=False)
    for k in range(12):  # chain links around it
        a = k * math.pi / 6
        x, y = 0.5 + 0.17 * math.cos(a), 0.5 + 0.17 * math.sin(a) * 0.8
        c.ellipse((x - 0.018, y - 0.014, x + 0.018, y + 0.014), None, solid=False, outline=accent[0], width=0.004)
    c.line(corners + [corners[0]], _shade(rgb, 0.7), 0.004)  # rolled hem
    c.detail = (0.5, 0.5)


def draw_sunglasses(c: Canvas, rgb, rng):
    frame = rgb
    lens = (40, 34, 30)
    c.line([(0.08, 0.40), (0.14, 0.44)], _shade(frame, 0.7), 0.014, solid=True)  # temples in perspective
    c.line([(0.92, 0.40), (0.86, 0.44)], _shade(frame, 0.7), 0.014, solid=True)
    for x0 in (0.12, 0.53):
        c.rounded((x0, 0.38, x0 + 0.35, 0.62), 0.07, frame)
        c.rounded((x0 + 0.02, 0.395, x0 + 0.33, 0.605), 0.06, lens, solid=False)
        c.polygon([(x0 + 0.05, 0.41), (x0 + 0.13, 0.41), (x0 + 0.07, 0.56), (x0 + 0.035, 0.56)],
                  (110, 104, 100), solid=False)  # reflection
    c.arc((0.44, 0.40, 0.56, 0.50), 190, 350, frame, 0.016)  # bridge
    c.rounded((0.13, 0.392, 0.16, 0.404), 0.002, GOLD, solid=False)
    c.rounded((0.84, 0.392, 0.87, 0.404), 0.002, GOLD, solid=False)
    c.detail = (0.5, 0.45)


def draw_watch(c: Canvas, rgb, rng):
    case = GOLD if rng.random() < 0.5 else STEEL
    strap, dark = rgb, _shade(rgb, 0.7)
    c.rounded((0.38, 0.06, 0.62, 0.40), 0.03, strap)
    c.rounded((0.38, 0.60, 0.62, 0.94), 0.03, strap)
    for y in (0.70, 0.76, 0.82):
        c.ellipse((0.49, y, 0.51, y + 0.014), dark, solid=False)
    c.stitches([(0.40, 0.08), (0.40, 0.38)], _shade(strap, 1.4))
    c.stitches([(0.60, 0.08), (0.60, 0.38)], _shade(strap, 1.4))
    c.rounded((0.72, 0.47, 0.76, 0.53), 0.008, case)  # crown
    c.ellipse((0.26, 0.32, 0.74, 0.68), case)
    c.ellipse((0.285, 0.34, 0.715, 0.66), _shade(case, 0.8), solid=False)
    dial = (244, 240, 230) if rng.random() < 0.6 else (28, 30, 40)
    ink = (30, 30, 30) if dial[0] > 128 else (230, 230, 230)
    c.ellipse((0.30, 0.355, 0.70, 0.645), dial, solid=False)
    for h in range(12):
        a = h * math.pi / 6
        r0, r1 = (0.165, 0.19) if h % 3 else (0.15, 0.19)
        c.line([(0.5 + r0 * math.sin(a), 0.5 - r0 * math.cos(a) * 0.72),
                (0.5 + r1 * math.sin(a), 0.5 - r1 * math.cos(a) * 0.72)], ink, 0.006 if h % 3 == 0 else 0.003)
    c.line([(0.5, 0.5), (0.5 + 0.09 * math.sin(2.1), 0.5 - 0.09 * math.cos(2.1) * 0.72)], ink, 0.008)
    c.line([(0.5, 0.5), (0.5 + 0.15 * math.sin(5.5), 0.5 - 0.15 * math.cos(5.5) * 0.72)], ink, 0.005)
    c.ellipse((0.49, 0.493, 0.51, 0.507), ink, solid=False)
    c.detail = (0.5, 0.5)


def draw_belt(c: Canvas, rgb, rng):
    dark = _shade(rgb, 0.7)
    c.ellipse((0.10, 0.30, 0.90, 0.72), None, outline=dark, width=0.07)  # the coiled strap, back
    c.ellipse((0.12, 0.32, 0.88, 0.74), None, outline=rgb, width=0.06)
    c.stitches(_bezier([(0.16, 0.53), (0.16, 0.70), (0.84, 0.70), (0.84, 0.53)]), _shade(rgb, 1.4))
    c.rounded((0.40, 0.62, 0.60, 0.78), 0.02, None, outline=GOLD, width=0.018)  # buckle
    c.rounded((0.40, 0.62, 0.60, 0.78), 0.02, None, solid=True)
    c.line([(0.50, 0.63), (0.50, 0.77)], _shade(GOLD, 0.8), 0.008)
    c.detail = (0.5, 0.68)


def draw_necklace(c: Canvas, rgb, rng):
    chain = _bezier([(0.22, 0.12), (0.20, 0.50), (0.36, 0.74), (0.50, 0.76), (0.64, 0.74), (0.80, 0.50), (0.78, 0.12)], 60)
    c.line(chain, GOLD, 0.004, solid=True)
    for i in range(8, len(chain) - 8, 17):
        x, y = chain[i]
        for dx, dy in ((0, -0.02), (0.02, 0), (0, 0.02), (-0.02, 0)):  # a four-leaf motif
            c.ellipse((x + dx - 0.021, y + dy * 0.8 - 0.017, x + dx + 0.021, y + dy * 0.8 + 0.017), GOLD)
        for dx, dy in ((0, -0.02), (0.02, 0), (0, 0.02), (-0.02, 0)):
            c.ellipse((x + dx - 0.016, y + dy * 0.8 - 0.013, x + dx + 0.016, y + dy * 0.8 + 0.013), rgb, solid=False)
        c.ellipse((x - 0.006, y - 0.005, x + 0.006, y + 0.005), GOLD, solid=False)
    c.detail = chain[len(chain) // 2]


DRAWINGS = {
    "bag": draw_bag, "flap_bag": draw_flap_bag, "dome_bag": draw_dome_bag, "shoe": draw_shoe, "boot": draw_boot, "flat": draw_flat, "dress": draw_dress,
    "coat": draw_coat, "jacket": draw_jacket, "scarf": draw_scarf, "sunglasses": draw_sunglasses,
    "watch": draw_watch, "belt": draw_belt, "necklace": draw_necklace,
}
KINDS = tuple(DRAWINGS)


def _gradient(size, top, bottom) -> Image.Image:
    column = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), column)


def _backdrop(rng) -> Image.Image:
    tone = rng.choice([(240, 236, 230), (236, 236, 238), (242, 234, 226), (232, 236, 234)])
    size = (WIDTH, HEIGHT)
    base = _gradient(size, _shade(tone, 1.03), _shade(tone, 0.86))
    glow = Image.new("L", (WIDTH // 4, HEIGHT // 4), 0)
    ImageDraw.Draw(glow).ellipse((WIDTH // 4 * 0.1, HEIGHT // 4 * 0.05, WIDTH // 4 * 0.9, HEIGHT // 4 * 0.75), fill=90)
    glow = glow.filter(ImageFilter.GaussianBlur(30)).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, _shade(tone, 1.06)), base, glow)


def _light(w: int, h: int) -> Image.Image:
    """Shading: lighter towards the top left, darker at the bottom right, as under a soft box."""
    q = 4  # computed small, it is smooth anyway
    x0, y0 = int(w / q * 0.62), int(h / q * 0.60)  # the brightest point at (0.38, 0.40) of the frame
    light = Image.radial_gradient("L").resize((2 * w // q, 2 * h // q)).crop((x0, y0, x0 + w // q, y0 + h // q))
    light = ImageChops.invert(light).point(lambda v: 150 + v * 105 // 255).resize((w, h), Image.Resampling.BILINEAR)
    return Image.merge("RGB", (light, light, light))


def _shadow(mask: Image.Image) -> Image.Image:
    """A soft shadow of the silhouette, offset down and right, blurred at a small size."""
    w, h = mask.size
    small = mask.resize((w // 16, h // 16), Image.Resampling.BILINEAR)
    shadow = ImageChops.offset(small, w // 16 // 90 + 1, h // 16 // 70 + 1).filter(ImageFilter.GaussianBlur(w // 16 // 25))
    return shadow.point(lambda v: v * 42 // 100)


def _compose(paint: Image.Image, shadow: Image.Image, light: Image.Image, backdrop: Image.Image) -> Image.Image:
    size = paint.size
    shaded = ImageChops.multiply(paint.convert("RGB"), light)
    scene = Image.composite(Image.new("RGB", size, (60, 56, 52)), backdrop, shadow)
    return Image.composite(shaded, scene, paint.getchannel("A"))


def product_photos(kind: str, colour: str, *, seed: int = 0) -> list[Image.Image]:
    """The front photo and a close-up of one piece, as RGB images of WIDTH × HEIGHT.

    The piece is drawn at SCALE times the photo's size: scaled down it is the front photo with
    smooth edges; half of the frame around the piece's detail, at the drawn size, is the close-up.
    """
    rng = random.Random(f"{kind}-{colour}-{seed}")
    canvas = Canvas()
    DRAWINGS[kind](canvas, COLOURS.get(colour, COLOURS["black"]), rng)
    size = (WIDTH, HEIGHT)
    backdrop, light = _backdrop(rng), _light(WIDTH, HEIGHT)
    shadow = _shadow(canvas.mask)
    front = _compose(
        canvas.paint.resize(size, Image.Resampling.LANCZOS), shadow.resize(size, Image.Resampling.BILINEAR), light, backdrop
    )
    # The close-up: a WIDTH/SCALE × HEIGHT/SCALE window of the frame around the detail.
    dx, dy = canvas.detail
    cw, ch = WIDTH / SCALE, HEIGHT / SCALE
    x0 = min(max(0.0, dx * WIDTH - cw / 2), WIDTH - cw)
    y0 = min(max(0.0, dy * HEIGHT - ch / 2), HEIGHT - ch)
    px, py = int(x0 * SCALE), int(y0 * SCALE)
    paint = canvas.paint.crop((px, py, px + WIDTH, py + HEIGHT))
    window = (px / SCALE, py / SCALE, px / SCALE + cw, py / SCALE + ch)
    s = shadow.size[0] / WIDTH
    detail = _compose(
        paint,
        shadow.resize(size, Image.Resampling.BILINEAR, box=tuple(v * s for v in window)),
        light.resize(size, Image.Resampling.BILINEAR, box=window),
        backdrop.resize(size, Image.Resampling.BILINEAR, box=window),
    )
    return [front, detail]


def jpeg_bytes(image: Image.Image) -> bytes:
    """The photo as a camera would hand it over (what a vendor uploads)."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()
