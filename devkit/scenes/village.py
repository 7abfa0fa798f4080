"""Synthetic very-high-resolution village and suburb scenes with building
labels, for training the default building-extraction model.

No public building data set is reachable here, so the default building
model is trained on these (a demonstration model). :func:`generate_village_scene`
paints a north-up scene (whole arrays: a generator, sizes up to ~4096 px)
in one of three layouts, drawn per seed:

- ``suburb``: lawns, gently curving streets, detached houses set back
  along them (rectangles, L and T shapes; gable, hip or flat roofs in
  dark/grey shingle, brown, red, white, blue, green), driveways with cars,
  pools, patios and garden sheds, now and then a large flat hall with a
  parking lot and round tanks, woodland and yard trees (the SpaceNet
  Atlanta look);
- ``village``: a dense rural village as in northern China: rows of tiled
  gable-roofed houses on a rotated street grid, walled courtyards with
  annexes, farmland around (:func:`.landscape.paint_ground`);
- ``mixed``: both, either side of a boundary.

Then trees (crowns cast long shadows and may hide roof edges), the sun
(facet shading of roofs and crowns, cast shadows away from the sun) and
the sensor (gain, haze, blur, noise). Object sizes are in metres, so a
scene at 2 m shows the same village more coarsely than one at 0.5 m.

Labels (uint8): 0 other, 1 building (:data:`models.classes.BUILDING_CLASSES`).
A building's label is its whole roof seen from nadir, i.e. its footprint
with eaves, also where a tree crown hides part of it; garden sheds and
round tanks are buildings; cars, pools, paved yards, walls and roads are
not. The optional footprints file holds the exact polygons as drawn
(before rasterisation): burnt with pixel-centre sampling they give the
label raster (up to ties at pixel centres).
"""
import json
import os
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from minewatch.core.common.errors import MineWatchInputError, translatable
from minewatch.core.common.progress import as_feedback, step
from minewatch.models.classes import BUILDING_CLASSES

from .buildings import (
    Building,
    disc,
    ell_shape,
    footprint_mask,
    frame_of,
    paint_building,
    rectangle,
)
from .canvas import MATERIALS, Canvas, jittered_materials
from .landscape import paint_ground
from .mine import write_scene
from .terrain import (
    cast_shadows,
    densify,
    fine_noise,
    fractal_noise,
    lambert,
    lean,
    local_frame,
    meander,
    polyline_distance,
    quantile_mask,
    smooth_noise,
    smoothstep,
)

MIN_SIZE, MAX_SIZE = 64, 8192
MIN_GSD, MAX_GSD = 0.2, 5.0
LAYOUTS = ("suburb", "village", "mixed")
LAYOUT_P = (0.45, 0.35, 0.20)
BAND_NAMES = {"rgb": ("red", "green", "blue"), "pan": ("pan",)}
RGB = (2, 1, 0)  # red, green, blue in the canvas's band order
PAN_WEIGHTS = np.array([0.22, 0.30, 0.28, 0.20], np.float32)  # 450–800 nm pan
PAN_MAX = 2047  # 11-bit

# reflectance (blue, green, red, NIR) of the village's own materials
VILLAGE_MATERIALS = {
    "shingle_dark": (0.055, 0.055, 0.060, 0.075),
    "shingle_grey": (0.110, 0.112, 0.118, 0.135),
    "shingle_brown": (0.060, 0.070, 0.095, 0.130),
    "tile_red": (0.075, 0.085, 0.200, 0.240),
    "tile_grey": (0.100, 0.105, 0.110, 0.125),
    "terracotta": (0.080, 0.120, 0.240, 0.270),
    "metal_green": (0.070, 0.130, 0.090, 0.140),
    "lawn": (0.048, 0.088, 0.058, 0.360),
    "lawn_dry": (0.090, 0.115, 0.125, 0.260),
    "asphalt": (0.070, 0.075, 0.080, 0.090),
    "pool": (0.300, 0.280, 0.150, 0.050),
    "car_white": (0.350, 0.360, 0.370, 0.380),
    "car_dark": (0.030, 0.030, 0.032, 0.035),
    "car_red": (0.040, 0.040, 0.220, 0.250),
    "car_blue": (0.150, 0.080, 0.050, 0.080),
    "car_silver": (0.200, 0.205, 0.210, 0.220),
    "canopy": (0.030, 0.055, 0.035, 0.280),
}
SUBURB_ROOFS = (("shingle_dark", 0.28), ("shingle_grey", 0.22), ("shingle_brown", 0.14), ("tile_red", 0.08),
                ("roof_white", 0.09), ("roof_blue", 0.05), ("metal_green", 0.05), ("terracotta", 0.05),
                ("roof_grey", 0.04))
VILLAGE_ROOFS = (("tile_grey", 0.36), ("tile_red", 0.2), ("terracotta", 0.12), ("roof_blue", 0.1),
                 ("roof_white", 0.1), ("concrete", 0.12))
CARS = ("car_white", "car_dark", "car_red", "car_blue", "car_silver")


@dataclass
class VillageCanvas(Canvas):
    """A :class:`Canvas` with the surface slopes (m per m, height gain
    eastwards and northwards) of roof facets and tree crowns, for their
    shading, and ``taken``: pixels where nothing more may be built."""

    slope_e: np.ndarray = field(init=False)
    slope_n: np.ndarray = field(init=False)
    taken: np.ndarray = field(init=False)
    road_width: float = field(init=False, default=0.0)  # px, of the suburb's streets
    grid_angle: float = field(init=False, default=0.0)  # radians, of the village's street grid

    def __post_init__(self):
        super().__post_init__()
        self.slope_e = np.zeros(self.shape, np.float32)
        self.slope_n = np.zeros(self.shape, np.float32)
        self.taken = np.zeros(self.shape, bool)


def generate_village_scene(image_path, label_path, size=1024, seed=0, gsd_m=0.5, bands="rgb", epsg=32650,
                           origin=(500000.0, 4400000.0), feedback=None, footprints_path=None, layout=None,
                           off_nadir=None):
    """Write a synthetic scene (``bands`` "rgb": 3-band uint8 red, green,
    blue; "pan": 1-band uint16 panchromatic, 11-bit DN) and its building
    labels (uint8 0/1) on a ``size``² grid of ``gsd_m`` m pixels with
    top-left corner ``origin`` in EPSG ``epsg``; with ``footprints_path``
    (.geojson) also the exact building polygons. ``layout`` forces one of
    :data:`LAYOUTS` (default: drawn from the seed). ``off_nadir``: (view
    angle, lean azimuth) in degrees for an off-nadir view (roofs and crowns
    displaced from their footprints, walls visible; the labels stay the
    footprints), None for nadir. Returns a summary dict:
    ``class_pixels`` (2 counts), ``buildings`` (count), ``gsd_m``,
    ``size``, ``seed``, ``layout``, ``sun`` (azimuth, elevation degrees),
    ``bands`` and the paths."""
    size, gsd_m = int(size), float(gsd_m)
    if not MIN_SIZE <= size <= MAX_SIZE or not MIN_GSD <= gsd_m <= MAX_GSD:
        raise MineWatchInputError(translatable(
            "Cannot make a {size} px village scene at {gsd} m pixels. Give a size between {lo} and {hi} px "
            "and a pixel size between {glo} and {ghi} m."), size=size, gsd=gsd_m, lo=MIN_SIZE, hi=MAX_SIZE,
            glo=MIN_GSD, ghi=MAX_GSD)
    if bands not in BAND_NAMES:
        raise MineWatchInputError(translatable(
            "Unknown band set {bands!r}: choose 'rgb' (3-band 8-bit colour) or 'pan' (1-band panchromatic)."),
            bands=bands)
    if footprints_path and not footprints_path.lower().endswith((".geojson", ".json")):
        raise MineWatchInputError(translatable(
            "Cannot write building footprints to {path}: give a .geojson file name."), path=footprints_path)
    if layout is not None and layout not in LAYOUTS:
        raise MineWatchInputError(translatable("Unknown layout {layout!r}: choose one of {choices}."),
                                  layout=layout, choices=", ".join(LAYOUTS))
    fb = as_feedback(feedback)
    rng = np.random.default_rng(seed)
    materials = jittered_materials(rng, table={**MATERIALS, **VILLAGE_MATERIALS})
    cv = VillageCanvas(size, gsd_m, rng, materials)
    layout = layout or str(rng.choice(LAYOUTS, p=LAYOUT_P))
    cv.grid_angle = rng.normal(0, 0.15) + (np.pi / 2 if rng.random() < 0.15 else 0.0)

    region = _layout_regions(cv, layout)
    paint_ground(cv)  # soil and farmland everywhere; suburbs then get lawns
    suburb_ground(cv, region == 1)
    step(fb, 1, 10)
    buildings = []
    if (region == 1).any():
        buildings += suburb_layout(cv, region == 1)
    step(fb, 3, 10)
    if (region == 2).any():
        buildings += village_layout(cv, region == 2)
    step(fb, 5, 10)
    for b in buildings:
        paint_building(cv, b, _roof_colour(cv, b))
    paint_woods(cv, region)
    step(fb, 7, 10)
    sun = (float(rng.uniform(100, 260)), float(rng.uniform(25, 65)))
    dn = render(cv, sun, bands, off_nadir)
    step(fb, 8, 10)
    label = cv.label
    class_pixels = np.bincount(label.ravel(), minlength=2)[:2]
    write_scene(image_path, label_path, dn, label, gsd_m, epsg, origin, band_names=BAND_NAMES[bands],
                classes=BUILDING_CLASSES)
    if footprints_path:
        write_footprints(footprints_path, buildings, gsd_m, origin, epsg)
    step(fb, 10, 10)
    return {"class_pixels": [int(n) for n in class_pixels], "buildings": len(buildings), "gsd_m": gsd_m,
            "size": size, "seed": seed, "layout": layout, "sun": sun, "bands": bands, "off_nadir": off_nadir,
            "image": image_path, "labels": label_path, "footprints": footprints_path}


def _layout_regions(cv, layout):
    """0 open country, 1 suburb, 2 village (int8 per pixel)."""
    rng = cv.rng
    region = np.zeros(cv.shape, np.int8)
    if layout == "suburb":
        region[:] = 1
    elif layout == "village":
        region[:] = 2
        # the village core: a ragged block along the street grid, fields round it
        half = cv.size * rng.uniform(0.35, 0.7)
        frame = local_frame(cv.shape, *rng.uniform(0.35, 0.65, 2) * cv.size, 1.5 * half, cv.grid_angle)
        window, u, v = frame
        ragged = 1.0 + 0.15 * smooth_noise(rng, u.shape, max(half / 3, 2))
        core = np.zeros(cv.shape, bool)
        core[window] = (np.abs(u) < half * ragged) & (np.abs(v) < half * rng.uniform(0.7, 1.0) * ragged)
        region[~core] = 0 if rng.random() < 0.7 else 2
    else:
        ang = rng.uniform(0, 2 * np.pi)
        rows, cols = np.mgrid[0:cv.size, 0:cv.size].astype(np.float32) - cv.size / 2
        side = cols * np.cos(ang) + rows * np.sin(ang) + 0.15 * cv.size * smooth_noise(rng, cv.shape, cv.size / 3)
        region[:] = np.where(side < rng.uniform(-0.2, 0.2) * cv.size, 1, 2)
    return region


def suburb_ground(cv, where):
    """Lawns (green or winter-dry) with bare patches over ``where``."""
    rng = cv.rng
    full = (slice(None), slice(None))
    grain = fine_noise(rng, cv.shape, 1.0)
    cv.paint(full, where, "lawn", 0, grain, 0.08)
    dry = smoothstep(-1.0, 1.0, smooth_noise(rng, cv.shape, cv.px(60)) + rng.uniform(-1.5, 1.5))
    cv.blend(full, where, "lawn_dry", dry)
    bare = where & quantile_mask(fractal_noise(rng, cv.shape, cv.px(40), 3), rng.uniform(0.0, 0.12))
    cv.blend(full, bare, "soil", 0.7)


# --------------------------------------------------------------- suburb

def suburb_layout(cv, where):
    """Streets, houses along them (with driveways, cars, pools, sheds),
    sometimes a hall with a parking lot and tanks. Returns the buildings."""
    rng = cv.rng
    streets = _suburb_streets(cv, where)
    buildings = []
    for line in streets:
        buildings += _houses_along(cv, line, where)
    if rng.random() < 0.35:
        buildings += _hall_with_parking(cv, where)
    return buildings


def _suburb_streets(cv, where):
    rng = cv.rng
    lines = []
    # a loose street grid: long streets 55–110 m apart, fewer cross streets,
    # all gently curving, so any part of the scene is near a street
    theta = rng.uniform(0, np.pi)
    centre = np.array([cv.size / 2, cv.size / 2])
    reach = 0.75 * cv.size
    for heading, spacing, keep in ((theta, rng.uniform(55, 110), 0.95),
                                   (theta + np.pi / 2, rng.uniform(120, 300), 0.7)):
        direction = np.array([np.sin(heading), np.cos(heading)])  # (row, col)
        across = np.array([direction[1], -direction[0]])
        offset = -reach + rng.uniform(0, cv.px(spacing))
        while offset < reach:
            through = centre + across * offset
            offset += cv.px(spacing * rng.uniform(0.8, 1.2))
            if rng.random() > keep:
                continue
            start = through - reach * direction
            line = meander(rng, start, heading, 2 * reach, step_px=max(cv.px(25), 3),
                           wiggle=rng.uniform(0.02, 0.1), persistence=0.85)
            lines.append(line)
    width = cv.px(rng.uniform(6, 9))
    dist = polyline_distance(cv.shape, lines)
    road = where & (dist <= width / 2)
    full = (slice(None), slice(None))
    cv.paint(full, road, "asphalt", 0, fine_noise(rng, cv.shape, 0.8), 0.05)
    cv.blend(full, road & (dist > width / 2 - max(cv.px(0.6), 0.7)), "concrete", 0.5)  # kerbs
    cv.taken |= dist <= width / 2 + cv.px(2.0)
    cv.road_width = width
    return lines


def _houses_along(cv, line, where):
    """Houses on both sides of a street polyline, one per lot."""
    rng = cv.rng
    pts = densify(line, 1.0)
    out = []
    pos = rng.uniform(0, cv.px(20))
    while pos < len(pts) - 2:
        i = int(pos)
        p, q = pts[i], pts[min(i + 3, len(pts) - 1)]
        tangent = np.arctan2(q[0] - p[0], q[1] - p[1])  # radians from the column axis
        normal = np.array([np.cos(tangent), -np.sin(tangent)])  # (row, col) to the right
        for side in (-1, 1):
            if rng.random() < 0.9:
                b = _place_house(cv, p, tangent, side * normal, where)
                if b is not None:
                    out += b
        pos += cv.px(rng.uniform(18, 34))
    return out


def _random_house(cv, kind="house"):
    """Parts, outline, roof and size of a detached house (metres)."""
    rng = cv.rng
    if kind == "hall":
        length, width = rng.uniform(25, 45), rng.uniform(15, 30)
        parts, outline = rectangle(length, width)
        return parts, outline, "flat" if rng.random() < 0.7 else "gable", rng.uniform(4, 9)
    length = rng.uniform(10, 26)
    width = min(rng.uniform(7, 14), length)
    shape = rng.choice(3, p=(0.5, 0.3, 0.2))
    if shape == 0:
        parts, outline = rectangle(length, width)
    else:
        wing = rng.uniform(0.3, 0.5) * length
        parts, outline = ell_shape(length, width, wing, rng.uniform(0.3, 0.8) * width, tee=shape == 2, rng=rng)
    roof = rng.choice(["gable", "hip", "flat"], p=(0.45, 0.42, 0.13))
    return parts, outline, str(roof), rng.uniform(3, 7)


def _try_place(cv, b, margin_m, where=None):
    """Claim the footprint of ``b`` grown by ``margin_m`` if it is free
    (and inside ``where``); True when placed."""
    frame = frame_of(cv, b, margin_m)
    if frame is None:
        return False
    window, u_m, v_m = frame
    grown = footprint_mask(b, u_m, v_m, margin_m)
    if not grown.any() or cv.taken[window][grown].any():
        return False
    if where is not None and not where[window][footprint_mask(b, u_m, v_m)].all():
        return False
    cv.taken[window] |= grown
    return True


def _place_house(cv, p, tangent, normal, where):
    """A house facing the street at point ``p``, on the side ``normal``;
    its driveway, maybe cars, a pool, a patio and a shed. Returns the
    buildings placed (empty list or None when the lot is taken)."""
    rng = cv.rng
    parts, outline, roof, eave = _random_house(cv)
    depth = float(np.abs(outline[:, 1]).max())
    front = float(-outline[:, 1].min())  # the wing, if any, is on the +v side
    # the wing goes to the back of the house (away from the street)
    flip = np.dot(normal, (np.sin(tangent + np.pi / 2), np.cos(tangent + np.pi / 2))) < 0
    angle = tangent + (np.pi if flip else 0.0) + rng.normal(0, 0.05)
    setback = cv.road_width / 2 + cv.px(rng.uniform(7, 18) + front)
    cy, cx = p + normal * setback
    if not (0 <= cy < cv.size and 0 <= cx < cv.size) or not where[int(cy), int(cx)]:
        return None
    b = Building(cy, cx, angle, parts, outline, roof, "", eave, _pitch(rng, roof), "house")
    if not _try_place(cv, b, rng.uniform(1.5, 4.0), where):
        return None
    placed = [b]
    # driveway from the front of the house to the street
    off = rng.uniform(-0.4, 0.4) * float(np.abs(outline[:, 0]).max())
    along = np.array([np.sin(angle), np.cos(angle)])
    start = np.array([cy, cx]) + along * cv.px(off) - normal * cv.px(front)
    end = p + along * cv.px(off) - normal * (cv.road_width / 2 - 1)
    half_w = cv.px(rng.uniform(1.4, 2.6))
    r0, c0 = np.maximum(np.floor(np.minimum(start, end) - half_w - 1), 0).astype(int)
    r1, c1 = np.minimum(np.ceil(np.maximum(start, end) + half_w + 2), cv.size).astype(int)
    if r1 > r0 and c1 > c0:
        window = (slice(r0, r1), slice(c0, c1))
        way = polyline_distance((r1 - r0, c1 - c0), [start, end], origin=(r0, c0)) <= half_w
        cv.paint(window, way, "concrete" if rng.random() < 0.6 else "asphalt", 0,
                 fine_noise(rng, way.shape, 0.8), 0.04)
        cv.blend(window, way, "soil", rng.uniform(0.1, 0.5))
    for _ in range(int(rng.integers(0, 3))):
        t = rng.uniform(0.2, 0.8)
        _car(cv, start + t * (end - start), np.arctan2(end[0] - start[0], end[1] - start[1]))
    back = np.array([cy, cx]) + normal * cv.px(depth + rng.uniform(5, 12))
    if rng.random() < 0.15:
        _pool(cv, back + along * cv.px(rng.uniform(-8, 8)), angle)
    if rng.random() < 0.3:
        _patio(cv, np.array([cy, cx]) + normal * cv.px(depth + 2.5), angle)
    if rng.random() < 0.3:  # garden shed (< 20 m²: still a building)
        spot = back + along * cv.px(rng.uniform(-12, 12)) + normal * cv.px(rng.uniform(2, 8))
        s_parts, s_outline = rectangle(rng.uniform(2.5, 5), rng.uniform(2.2, 4))
        shed = Building(*spot, angle + rng.normal(0, 0.1), s_parts, s_outline, str(rng.choice(["gable", "flat"])),
                        "", rng.uniform(2.2, 3), 0.4, "shed")
        if 0 <= shed.cy < cv.size and 0 <= shed.cx < cv.size and _try_place(cv, shed, 1.0, where):
            placed.append(shed)
    return placed


def _pitch(rng, roof):
    return 0.0 if roof == "flat" else float(np.tan(np.radians(rng.uniform(22, 40))))


def _car(cv, centre, angle):
    """A car (4.5 × 1.8 m, 1.5 m tall: a tiny shadow); background."""
    rng = cv.rng
    frame = local_frame(cv.shape, centre[0], centre[1], cv.px(3) + 1, angle)
    if frame is None:
        return
    window, u, v = frame
    body = (np.abs(u) < cv.px(2.25)) & (np.abs(v) < cv.px(0.9)) & (cv.label[window] == 0)
    cv.paint(window, body, str(rng.choice(CARS)))
    cv.height[window][body] = np.maximum(cv.height[window][body], 1.5)


def _pool(cv, centre, angle):
    rng = cv.rng
    a, b = cv.px(rng.uniform(3.5, 7)), cv.px(rng.uniform(2, 3.5))
    frame = local_frame(cv.shape, centre[0], centre[1], a + b + cv.px(2), angle)
    if frame is None:
        return
    window, u, v = frame
    free = (cv.label[window] == 0) & ~cv.taken[window]
    deck = free & (np.abs(u) < a + cv.px(1.5)) & (np.abs(v) < b + cv.px(1.5))
    water = free & (np.hypot(np.clip(np.abs(u) - (a - b), 0, None), v) < b)
    cv.paint(window, deck, "concrete", 0)
    cv.paint(window, water, "pool", 0, fine_noise(rng, u.shape, 1.0), 0.05)
    cv.flat[window] |= water


def _patio(cv, centre, angle):
    rng = cv.rng
    a, b = cv.px(rng.uniform(3, 6)), cv.px(rng.uniform(2, 3))
    frame = local_frame(cv.shape, centre[0], centre[1], a + b, angle)
    if frame is None:
        return
    window, u, v = frame
    slab = (np.abs(u) < a) & (np.abs(v) < b) & (cv.label[window] == 0)
    cv.paint(window, slab, str(rng.choice(["concrete", "yard", "road_paved"])), 0)


def _hall_with_parking(cv, where):
    """A large flat-roofed hall (school, church, shop), its parking lot
    with cars in rows, and sometimes round tanks."""
    rng = cv.rng
    out = []
    for _ in range(20):
        cy, cx = rng.uniform(0.15, 0.85, 2) * cv.size
        parts, outline, roof, eave = _random_house(cv, "hall")
        b = Building(cy, cx, rng.uniform(0, np.pi), parts, outline, roof, "", eave, _pitch(rng, roof) * 0.5, "hall")
        if where[int(cy), int(cx)] and _try_place(cv, b, 3.0, where):
            out.append(b)
            break
    else:
        return out
    # the lot beside the hall's long side
    depth = float(np.abs(b.outline[:, 1]).max())
    length = float(np.abs(b.outline[:, 0]).max())
    normal = np.array([np.cos(b.angle), -np.sin(b.angle)])
    along = np.array([np.sin(b.angle), np.cos(b.angle)])
    lot_d = rng.uniform(15, 30)
    centre = np.array([b.cy, b.cx]) + normal * cv.px(depth + 3 + lot_d / 2)
    frame = local_frame(cv.shape, centre[0], centre[1], cv.px(length + lot_d) + 2, b.angle)
    if frame is not None:
        window, u, v = frame
        um, vm = u * cv.gsd_m, v * cv.gsd_m
        lot = (np.abs(um) < length) & (np.abs(vm) < lot_d / 2) & ~cv.taken[window] & where[window]
        cv.paint(window, lot, "asphalt", 0, fine_noise(rng, u.shape, 0.8), 0.04)
        stripes = lot & (np.mod(um, 2.7) < max(0.25, 0.5 * cv.gsd_m)) & (np.abs(vm) > 1.5)
        cv.blend(window, stripes, "roof_white", 0.6)
        cv.taken[window] |= lot
        for k in np.arange(-length + 1.35, length, 2.7):
            for row in (-1, 1):
                if rng.random() < 0.45:
                    spot = centre + along * cv.px(k) + normal * cv.px(row * lot_d / 4)
                    _car(cv, spot, b.angle + np.pi / 2)
    for _ in range(int(rng.integers(0, 3))):
        radius = rng.uniform(3, 10)
        spot = np.array([b.cy, b.cx]) + along * cv.px((length + radius + 4) * rng.choice([-1, 1])) \
            + normal * cv.px(rng.uniform(-depth, depth))
        parts, outline = disc(radius)
        tank = Building(*spot, 0.0, parts, outline, "cone", "", rng.uniform(4, 12), rng.uniform(0.05, 0.3), "tank",
                        radius=radius)
        if 0 <= tank.cy < cv.size and 0 <= tank.cx < cv.size and _try_place(cv, tank, 1.5, where):
            out.append(tank)
    return out


# -------------------------------------------------------------- village

def village_layout(cv, where):
    """Rows of courtyard houses on a rotated street grid (a northern
    Chinese village). Returns the buildings."""
    rng = cv.rng
    angle = cv.grid_angle
    street_w, alley_w = rng.uniform(5, 9), rng.uniform(2.5, 4.5)
    house_d, yard_d = rng.uniform(7, 11), rng.uniform(5, 10)
    row_pitch = 1.2 + house_d + yard_d + alley_w
    rows_per_street = int(rng.integers(3, 6))
    half = cv.size * cv.gsd_m * 0.75  # metres: covers the scene at any angle
    frame = local_frame(cv.shape, cv.size / 2, cv.size / 2, cv.size * 0.75, angle)
    window, u, v = frame
    um, vm = u * cv.gsd_m, v * cv.gsd_m
    full = (slice(None), slice(None))
    grain = fine_noise(rng, cv.shape, 0.8)
    # north-south streets across the rows at irregular spacing
    cross = []
    pos = -half
    while pos < half:
        pos += rng.uniform(35, 90)
        cross.append(pos)
    cross = np.array(cross)
    idx = np.clip(np.searchsorted(cross, um), 1, len(cross) - 1)
    near_cross = np.minimum(np.abs(um - cross[idx - 1]), np.abs(um - cross[idx]))
    k_row = np.floor((vm + half) / row_pitch)
    fv = np.mod(vm + half, row_pitch)
    main_row = np.mod(k_row, rows_per_street) == 0
    street = where & ((near_cross < street_w / 2) | (fv < alley_w) | (main_row & (fv < street_w)))
    cv.paint(full, street, str(rng.choice(["concrete", "road_dirt", "road_paved"])), 0, grain, 0.05)
    cv.blend(full, street, "soil", rng.uniform(0.2, 0.6))
    cv.taken |= street
    # courtyard ground and walls (background)
    yard = where & ~street
    cv.paint(full, yard, "yard", 0, grain, 0.06)
    cv.blend(full, yard, "soil", 0.4 * smoothstep(-1, 1, smooth_noise(rng, cv.shape, cv.px(15))))
    buildings = []
    ca, sa = np.cos(angle), np.sin(angle)
    centre = np.array([cv.size / 2, cv.size / 2])
    n_rows = int(2 * half / row_pitch) + 1
    roofs = rng.permutation(len(VILLAGE_ROOFS))  # a village prefers a few roof kinds
    for r in range(n_rows):
        v0 = -half + r * row_pitch + (street_w if r % rows_per_street == 0 else alley_w)
        v_house = v0 + 1.2 + house_d / 2  # the house at the north (back) of its yard
        pos = -half + rng.uniform(0, 10)
        while pos < half:
            length = rng.uniform(9, 18)
            gap = rng.uniform(1.0, 4.0)
            uc = pos + length / 2
            pos += length + gap
            if np.min(np.abs(cross - uc)) < street_w / 2 + length / 2 + 1.5 or rng.random() < 0.1:
                continue
            pcol = centre[1] + (uc * ca - v_house * sa) / cv.gsd_m
            prow = centre[0] + (uc * sa + v_house * ca) / cv.gsd_m
            if not (0 <= prow < cv.size and 0 <= pcol < cv.size) or not where[int(prow), int(pcol)]:
                continue
            parts, outline = rectangle(length, house_d)
            kind = VILLAGE_ROOFS[roofs[0] if rng.random() < 0.6 else rng.integers(len(VILLAGE_ROOFS))][0]
            roof = "flat" if kind in ("concrete", "roof_white") else "gable"
            b = Building(prow, pcol, angle, parts, outline, roof, kind, rng.uniform(3, 6.5), _pitch(rng, roof),
                         "row_house")
            if not _try_place(cv, b, 0.5, where):
                continue
            buildings.append(b)
            # the courtyard wall and, often, an annex along one side of it
            _courtyard(cv, b, length + gap * 0.8, yard_d, house_d, where)
            if rng.random() < 0.5:
                a_len = rng.uniform(3, min(8, yard_d))
                a_w = rng.uniform(2.5, 4)
                side = rng.choice([-1, 1]) * (length / 2 - a_w / 2 - 0.6)
                a_v = v_house + house_d / 2 + 1.0 + a_len / 2
                acol = centre[1] + ((uc + side) * ca - a_v * sa) / cv.gsd_m
                arow = centre[0] + ((uc + side) * sa + a_v * ca) / cv.gsd_m
                a_parts, a_outline = rectangle(a_w, a_len)
                annex = Building(arow, acol, angle, a_parts, a_outline, "flat",
                                 str(rng.choice(["concrete", "roof_blue", "tile_grey"])), rng.uniform(2.5, 3.5), 0.0,
                                 "annex")
                if 0 <= arow < cv.size and 0 <= acol < cv.size and _try_place(cv, annex, 0.6, where):
                    buildings.append(annex)
    return buildings


def _courtyard(cv, b, width, yard_d, house_d, where):
    """A wall (about 0.5 m, brighter) round the yard in front of house b."""
    rng = cv.rng
    centre_v = house_d / 2 + yard_d / 2  # the yard lies on the +v (south) side of the house
    frame = local_frame(cv.shape, b.cy, b.cx, cv.px(max(width, yard_d + house_d)) + 2, b.angle)
    window, u, v = frame
    um, vm = u * cv.gsd_m, v * cv.gsd_m - centre_v
    box = (np.abs(um) < width / 2) & (np.abs(vm) < yard_d / 2)
    wall = box & ((width / 2 - np.abs(um) < 0.6) | (yard_d / 2 - np.abs(vm) < 0.6)) & (cv.label[window] == 0)
    wall &= where[window]
    cv.blend(window, wall, "concrete", rng.uniform(0.5, 0.9))
    cv.height[window][wall] = np.maximum(cv.height[window][wall], 2.0)


# ---------------------------------------------------------------- trees

def paint_woods(cv, region):
    """Woodland patches and scattered yard/street trees: round crowns with
    domed tops (shaded by the sun, long shadows). Crowns may hang over
    roof edges; the roof keeps its building label."""
    rng = cv.rng
    suburb = region == 1
    wood_frac = rng.uniform(0.1, 0.55) if suburb.any() else rng.uniform(0.0, 0.12)
    woods = quantile_mask(fractal_noise(rng, cv.shape, cv.px(rng.uniform(60, 160)), 3), wood_frac)
    woods &= region != 2  # a village has yard and street trees, not woods
    area_m2 = (cv.size * cv.gsd_m) ** 2
    n_wood = int(area_m2 / 30.0)  # candidates: a crown every ~30 m² in woodland
    n_yard = int(rng.uniform(100, 800) * area_m2 / 1e6 * (3.0 if suburb.any() else 1.0))
    rr = rng.uniform(0, cv.size, n_wood + n_yard)
    cc = rng.uniform(0, cv.size, n_wood + n_yard)
    ir, ic = rr.astype(int), cc.astype(int)
    keep = np.ones(len(rr), bool)
    keep[:n_wood] = woods[ir[:n_wood], ic[:n_wood]]
    texture = fine_noise(rng, cv.shape, 0.7)
    # never centred on a roof: a crown may hide a roof's edge, not the roof
    roof_dist = ndimage.distance_transform_edt(cv.label == 0)
    keep &= roof_dist[ir, ic] > 0
    canopy_h = np.zeros(cv.shape, np.float32)
    for r, c in zip(rr[keep], cc[keep]):
        radius_m = rng.uniform(2.0, 6.0)
        rad = cv.px(radius_m)
        if roof_dist[int(r), int(c)] < 0.7 * rad:
            rad = max(roof_dist[int(r), int(c)] / 0.7, cv.px(1.5))
            radius_m = rad * cv.gsd_m
        frame = local_frame(cv.shape, r, c, rad + 1)
        if frame is None:
            continue
        window, u, v = frame
        rho = np.hypot(u, v) / rad
        crown = rho < 1 + 0.2 * texture[window]  # ragged crown edges
        top = rng.uniform(5, 18)
        dome = top - 0.8 * radius_m * rho ** 2  # m
        dome = np.maximum(dome, top - 0.8 * radius_m)
        higher = crown & (dome > canopy_h[window])
        canopy_h[window][higher] = dome[higher]
        # slope of the dome: dh/drho · rho/r along the radius, m per m
        grad = -1.6 * radius_m * rho / (rad * cv.gsd_m)
        safe = np.maximum(np.hypot(u, v), 1e-3)
        cv.slope_e[window][higher] = (grad * u / safe)[higher]
        cv.slope_n[window][higher] = (-grad * v / safe)[higher]
        tone = rng.normal(1.0, 0.12)
        cv.paint(window, higher, cv.materials["canopy"] * tone * rng.normal(1, 0.04, 4).astype(np.float32),
                 None, texture[window], 0.12)
    cv.height = np.maximum(cv.height, canopy_h)


# --------------------------------------------------------------- sensor

def _roof_colour(cv, b):
    """Reflectance of a roof: its material (or one drawn from the
    suburban palette) with per-building gain and tint."""
    rng = cv.rng
    name = b.material
    if not name:
        names, probs = zip(*SUBURB_ROOFS)
        name = names[rng.choice(len(names), p=np.array(probs) / sum(probs))]
        if b.kind == "tank":
            name = str(rng.choice(["roof_white", "concrete", "roof_grey"]))
        b.material = name
    return cv.materials[name] * rng.normal(1.0, 0.1) * rng.normal(1.0, 0.03, 4).astype(np.float32)


def render(cv, sun, bands, off_nadir=None):
    """Reflectance canvas → image bands: facet shading of roofs and crowns,
    cast shadows (skylight keeps them bluish), the off-nadir lean
    (``off_nadir``: view angle, azimuth in degrees; None = nadir), gain,
    haze, blur, noise;
    uint8 red/green/blue (``rgb``, with a random tone curve) or uint16
    panchromatic (``pan``, 11-bit DN)."""
    rng = cv.rng
    azimuth, elevation = sun
    ambient = rng.uniform(0.25, 0.4)
    shade = ambient + (1 - ambient) * lambert(cv.slope_e, cv.slope_n, azimuth, elevation)
    shadow = cast_shadows(cv.height, cv.gsd_m, azimuth, elevation)
    darkness = rng.uniform(0.25, 0.45) * np.array([1.45, 1.15, 1.0, 0.9])  # per band, blue lightest
    haze = np.clip(rng.uniform(0, 1) + 0.5 * smooth_noise(rng, cv.shape, cv.px(rng.uniform(200, 600))), 0, None)
    gain = rng.uniform(0.85, 1.15) * (1.0 + rng.normal(0, 0.04, 4))
    sigma = rng.uniform(0.35, 0.8)
    radiance = np.empty_like(cv.refl)
    for b in range(4):
        band = cv.refl[b] * shade * gain[b]
        band[shadow] *= darkness[b]
        radiance[b] = band
    if off_nadir is not None:
        radiance = lean(radiance, cv.height, cv.gsd_m, *off_nadir)
    if bands == "pan":
        pan = np.tensordot(PAN_WEIGHTS, radiance, axes=1)
        scale, offset = rng.uniform(2500, 5000), rng.uniform(30, 90)
        band = pan * scale + offset + rng.uniform(0, 60) * haze
        band = ndimage.gaussian_filter(band, sigma)
        band += rng.normal(0, rng.uniform(3, 10), cv.shape).astype(np.float32)
        return np.clip(np.rint(band), 1, PAN_MAX).astype(np.uint16)[None]
    scale = rng.uniform(420, 700)
    gamma = rng.uniform(1.0, 1.7)
    path = rng.uniform(0, 25) * np.array([1.0, 0.75, 0.5])
    out = np.empty((3,) + cv.shape, np.uint8)
    for i, b in enumerate(RGB):
        band = radiance[b] * scale + path[i] * haze
        band = ndimage.gaussian_filter(band, sigma)
        band = 255.0 * (np.clip(band, 0, None) / 255.0) ** (1.0 / gamma)
        band += rng.normal(0, rng.uniform(1, 3), cv.shape).astype(np.float32)
        out[i] = np.clip(np.rint(band), 0, 255)
    return out


def write_footprints(path, buildings, gsd_m, origin, epsg):
    """The exact building polygons as a GeoJSON FeatureCollection (map
    coordinates of EPSG ``epsg``, named in a ``crs`` member as QGIS and
    GDAL read it)."""
    features = []
    for i, b in enumerate(buildings):
        ring = b.world_ring(gsd_m, origin)
        features.append({"type": "Feature", "properties": {
            "id": i, "kind": b.kind, "roof": b.roof, "material": b.material,
            "height_m": round(float(b.eave_m), 2), "area_m2": round(b.area_m2(), 2),
            "round": bool(b.radius)},
            "geometry": {"type": "Polygon", "coordinates": [ring.tolist()]}})
    doc = {"type": "FeatureCollection", "name": os.path.splitext(os.path.basename(path))[0],
           "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{int(epsg)}"}},
           "features": features}
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(doc, out)
    os.replace(tmp, path)
    return path
