"""Mining objects of a synthetic scene, each painted into a local window
of the canvas: material, relief (terrain shading makes the benches and
mounds visible), structure heights (shadows) and label.

Choices (methods §1, the paper's table 2 of visual keys):

- open pit (1): negative relief of concentric benches following an
  irregular ellipse, grey/ochre strata, a dirt haul road spiralling down;
  a pond on the pit floor is labelled **water (2)** — methods §1 puts pit
  water in the water class ("river, pit water, tailwater");
- waste dump (6): raised mound with a flat, truck-mottled top, benched
  slopes and radial erosion gullies;
- tailings pond (7): polygonal bright dykes enclosing a pale beach that
  grades into turquoise slurry water — all of it, water included, is
  class 7 (the water of a tailings pond is not natural water);
- industrial site (5): the whole compound (yards, roofs, stockpiles,
  conveyors, internal roads);
- living area (4): the whole settlement block (houses, streets, yards,
  trees).
"""
from typing import NamedTuple

import numpy as np

from .terrain import (
    fine_noise,
    local_frame,
    polyline_distance,
    smooth_noise,
    smoothstep,
    wobbly_radius,
)

OPEN_PIT, WATER, LIVING, INDUSTRIAL, WASTE_DUMP, TAILINGS = 1, 2, 4, 5, 6, 7


class Site(NamedTuple):
    """Where a site lies: semi-axes ``a`` (= the drawn radius) and ``b``
    (px), the canvas ``window`` (row slice, col slice) around it and the
    rotated coordinates of the window's pixels, ``u`` along the site's
    angle and ``v`` across it (px from the centre)."""

    a: float
    b: float
    window: tuple
    u: np.ndarray
    v: np.ndarray


def place_site(cv, cy, cx, radius, angle, aspect, half=None):
    """The :class:`Site` of semi-axes ``radius`` × ``radius``·U(``aspect``)
    px centred at (cy, cx), turned by ``angle`` (radians); its window has
    half-size ``half`` px (default: enough for the corners of the rotated
    a × b rectangle). Draws the aspect from ``cv.rng`` even when the
    window is off the canvas, and then returns None."""
    a, b = radius, radius * cv.rng.uniform(*aspect)
    frame = local_frame(cv.shape, cy, cx, np.hypot(a, b) + 2 if half is None else half, angle)
    return None if frame is None else Site(a, b, *frame)


def place_mound(cv, cy, cx, radius, angle, aspect, wobble):
    """A round site (pit, dump): :func:`place_site` with a window of
    1.3·``radius``, and the polar angle θ and normalised radius (< 1
    inside the outline, whose ellipse wobbles by ``wobble``) of its
    pixels. Returns (site, theta, rn), or None off the canvas."""
    site = place_site(cv, cy, cx, radius, angle, aspect, half=radius * 1.3)
    if site is None:
        return None
    a, b, _, u, v = site
    theta = np.arctan2(v / b, u / a)
    return site, theta, np.hypot(u / a, v / b) / wobbly_radius(cv.rng, theta, wobble)


def place_compound(cv, cy, cx, radius, angle, aspect, grain_sigma):
    """A rectangular site (industrial, living): :func:`place_site`, the
    mask of its a × b rectangle and a fine-noise grain of ``grain_sigma``
    px over the window. Returns (site, inside, grain), or None off the
    canvas."""
    site = place_site(cv, cy, cx, radius, angle, aspect)
    if site is None:
        return None
    inside = (np.abs(site.u) < site.a) & (np.abs(site.v) < site.b)
    return site, inside, fine_noise(cv.rng, site.u.shape, grain_sigma)


def paint_open_pit(cv, cy, cx, radius, angle):
    """Open pit of semi-axes ``radius`` × (0.55–0.9)·``radius`` px."""
    rng = cv.rng
    placed = place_mound(cv, cy, cx, radius, angle, (0.55, 0.9), 0.18)
    if placed is None:
        return
    (a, b, window, _, _), theta, rn = placed
    pit = rn < 1.0
    n_benches = int(rng.integers(4, 10))
    floor = rng.uniform(0.15, 0.35)  # pit floor radius (fraction of the rim)
    t = np.clip((1.0 - rn) / (1.0 - floor), 0.0, 1.0) * n_benches
    k = np.floor(np.minimum(t, n_benches - 1e-3))
    face = rng.uniform(0.25, 0.45)  # fraction of each bench taken by the steep face
    step = k + np.clip((t - k) / face, 0.0, 1.0)
    depth = rng.uniform(40, 160)
    cv.dem[window] -= np.where(pit, depth * step / n_benches, 0.0).astype(np.float32)

    # strata: each bench level grey, ochre or a dark seam; faces darker
    shape = rn.shape
    grain = fine_noise(rng, shape, 0.8)
    strata = rng.choice(3, size=n_benches + 1, p=(0.5, 0.38, 0.12))
    level = k.astype(np.int64)
    for s, name in enumerate(("rock_grey", "rock_ochre", "rock_dark")):
        cv.paint(window, pit & (strata[level] == s), name, OPEN_PIT, grain, 0.07)
    on_face = pit & ((t - k) < face) & (t < n_benches)
    cv.blend(window, on_face, "rock_dark", 0.15)
    # loose debris at the rim, still part of the excavation
    rim = (rn >= 1.0) & (rn < 1.06)
    cv.paint(window, rim, "rock_ochre", OPEN_PIT, grain, 0.08)
    cv.blend(window, rim, "soil", 0.5)

    # haul road spiralling from the rim to the floor
    turns = rng.uniform(0.6, 1.3)
    th0 = rng.uniform(0, 2 * np.pi)
    s = np.linspace(0, 1, 200)
    th = th0 + 2 * np.pi * turns * s
    rr = 1.04 - s * (1.0 - floor)
    ca, sa = np.cos(angle), np.sin(angle)
    pu, pv = a * rr * np.cos(th), b * rr * np.sin(th)
    line = np.stack([cy + pu * sa + pv * ca, cx + pu * ca - pv * sa], axis=1)
    origin = (window[0].start, window[1].start)
    road = (polyline_distance(shape, line, origin=origin) <= cv.px(rng.uniform(4, 7))) & (rn < 1.06)
    cv.paint(window, road, "road_dirt", OPEN_PIT, grain, 0.04)

    if rng.random() < 0.4:  # water collected on the pit floor
        wet = rn < floor * rng.uniform(0.5, 0.95) * wobbly_radius(rng, theta, 0.2)
        turb = smoothstep(-1, 1, smooth_noise(rng, shape, cv.px(60)))
        cv.paint(window, wet, "water", WATER, grain, 0.02)
        cv.blend(window, wet, "water_turbid", turb)
        cv.flat[window] |= wet


def paint_waste_dump(cv, cy, cx, radius, angle):
    """Raised dump of radius ``radius`` px: flat top, benched slopes,
    radial gullies, grey-brown spoil with truck-load mottling."""
    rng = cv.rng
    placed = place_mound(cv, cy, cx, radius, angle, (0.6, 1.0), 0.2)
    if placed is None:
        return
    window, theta, rn = placed[0].window, placed[1], placed[2]
    dump = rn < 1.0
    top = rng.uniform(0.35, 0.65)  # plateau radius (fraction)
    s = np.clip((1.0 - rn) / (1.0 - top), 0.0, 1.0)  # 0 at the toe, 1 on the plateau
    # smooth convex slopes with at most one bench: unlike a pit's many
    # terraces, a dump reads as a mound
    profile = smoothstep(0.0, 1.0, s)
    if rng.random() < 0.6:
        mid = rng.uniform(0.35, 0.65)
        profile = 0.5 * smoothstep(0.0, mid, s) + 0.5 * smoothstep(mid + 0.1, 1.0, s)
    height = rng.uniform(15, 60) * profile
    # radial gullies cut into the slopes, fading on the plateau
    m = int(rng.integers(12, 30))
    wob = 0.8 * smooth_noise(rng, rn.shape, max(radius / 6, 2))
    gully = np.clip(np.cos(m * theta + wob), 0, 1) ** 4 * (1.0 - s) * (s > 0)
    height = height - rng.uniform(3, 8) * gully
    cv.dem[window] += np.where(dump, height, 0.0).astype(np.float32)

    shape = rn.shape
    blotch = smooth_noise(rng, shape, max(cv.px(40), 2))
    loads = fine_noise(rng, shape, max(cv.px(3), 0.8))  # dumped truck loads
    cv.paint(window, dump, "spoil", WASTE_DUMP, loads, 0.10)
    cv.blend(window, dump, "spoil_brown", smoothstep(-1, 1, blotch))
    cv.blend(window, dump & (s >= 1.0), "road_dirt", 0.25 * smoothstep(0, 2, loads))
    cv.blend(window, dump & (gully > 0.3), "rock_dark", 0.25)


def paint_tailings_pond(cv, cy, cx, radius, angle):
    """Tailings pond: rotated rectangle (corners cut) of half-sides
    ``radius`` × (0.5–0.85)·``radius`` px, bright dykes, beach → slurry."""
    rng = cv.rng
    site = place_site(cv, cy, cx, radius, angle, (0.5, 0.85))
    if site is None:
        return
    a, b, window, u, v = site
    cut = rng.uniform(1.5, 1.9)
    outer = (np.abs(u) < a) & (np.abs(v) < b) & (np.abs(u) / a + np.abs(v) / b < cut)
    # distance inside the outline, in px (minimum over the edges)
    inset = np.minimum(np.minimum(a - np.abs(u), b - np.abs(v)),
                       (cut - np.abs(u) / a - np.abs(v) / b) / np.hypot(1 / a, 1 / b))
    dyke_w = max(cv.px(rng.uniform(8, 16)), 2.0)
    dam_w = dyke_w * rng.uniform(1.5, 2.5)  # the main dam on the downstream side
    side = rng.choice([-1.0, 1.0])
    dam = outer & (side * u > a - dam_w)
    dyke = outer & ((inset < dyke_w) | dam)
    inner = outer & ~dyke
    shape = u.shape
    grain = fine_noise(rng, shape, 0.7)
    cv.paint(window, dyke, "dyke", TAILINGS, grain, 0.05)
    # dyke relief: crest and slopes show as bright/dark lines
    crest = np.clip(np.minimum(inset, np.where(dam, a - side * u, inset)) / dyke_w, 0, 1)
    cv.dem[window] += np.where(dyke, 6.0 * np.sin(np.pi * crest) + 2.0, 0.0).astype(np.float32)

    # beach (discharge side, opposite the dam) grading into slurry water
    t = (a - side * u) / (2 * a)  # 1 at the discharge side, 0 at the dam
    edge = rng.uniform(0.35, 0.7) + 0.08 * smooth_noise(rng, shape, max(radius / 4, 2))
    wetness = smoothstep(edge + 0.12, edge - 0.12, t)
    streaks = fine_noise(rng, shape, 1.0)
    cv.paint(window, inner, "beach", TAILINGS, streaks, 0.05)
    cv.blend(window, inner, "slurry", wetness)
    # slurry water darkens and clears towards the dam
    cv.blend(window, inner, "water", wetness * smoothstep(edge, -0.1, t) * 0.5)
    cv.flat[window] |= inner


def paint_industrial(cv, cy, cx, radius, angle):
    """Industrial compound of half-sides ``radius`` × (0.5–0.9)·``radius``
    px: concrete yard, roofs, stockpiles, conveyors, internal roads."""
    rng = cv.rng
    placed = place_compound(cv, cy, cx, radius, angle, (0.5, 0.9), 0.8)
    if placed is None:
        return
    (a, b, window, u, v), site, grain = placed
    shape = u.shape
    cv.paint(window, site, "concrete", INDUSTRIAL, grain, 0.05)
    cv.blend(window, site, "soil", 0.3 * smoothstep(-1, 1.5, smooth_noise(rng, shape, max(radius / 3, 2))))
    wall = site & ((a - np.abs(u) < 1.2) | (b - np.abs(v) < 1.2))
    cv.blend(window, wall, "road_paved", 0.6)

    road_w = max(cv.px(rng.uniform(3, 5)), 1.0)
    for _ in range(int(rng.integers(1, 4))):
        if rng.random() < 0.5:
            m = site & (np.abs(u - rng.uniform(-a, a) * 0.7) < road_w)
        else:
            m = site & (np.abs(v - rng.uniform(-b, b) * 0.7) < road_w)
        cv.paint(window, m, "road_paved", INDUSTRIAL, grain, 0.03)

    for _ in range(int(rng.integers(4, 12))):  # halls and sheds, scaled to the compound
        hu, hv = a * rng.uniform(0.06, 0.3), b * rng.uniform(0.06, 0.25)
        ou, ov = rng.uniform(-a + hu, a - hu), rng.uniform(-b + hv, b - hv) if b > hv else 0.0
        roof = site & (np.abs(u - ou) < hu) & (np.abs(v - ov) < hv)
        name = rng.choice(["roof_white", "roof_blue", "roof_grey"], p=(0.45, 0.4, 0.15))
        cv.paint(window, roof, name, INDUSTRIAL, grain, 0.02)
        cv.height[window][roof] = rng.uniform(6, 20)

    piles = []
    for _ in range(int(rng.integers(1, 4))):  # coal / ore stockpiles
        pu, pv = rng.uniform(-a, a) * 0.7, rng.uniform(-b, b) * 0.7
        ra, rb = a * rng.uniform(0.1, 0.3), b * rng.uniform(0.06, 0.18)
        rn = np.hypot((u - pu) / ra, (v - pv) / rb)
        pile = site & (rn < 1)
        cv.paint(window, pile, "coal" if rng.random() < 0.6 else "ore", INDUSTRIAL, grain, 0.08)
        cv.dem[window] += np.where(pile, rng.uniform(4, 10) * np.sqrt(np.clip(1 - rn, 0, 1)), 0).astype(np.float32)
        piles.append((pu, pv))

    ca, sa = np.cos(angle), np.sin(angle)
    origin = (window[0].start, window[1].start)
    for pu, pv in piles:  # conveyors from the piles to the compound's edge
        eu, ev = (a * np.sign(pu) * 1.2, pv) if rng.random() < 0.5 else (pu, b * np.sign(pv) * 1.2)
        pts = [(cy + p_u * sa + p_v * ca, cx + p_u * ca - p_v * sa) for p_u, p_v in ((pu, pv), (eu, ev))]
        belt = site & (polyline_distance(shape, pts, origin=origin) <= max(cv.px(1.5), 0.6))
        cv.paint(window, belt, "roof_white", INDUSTRIAL)
        cv.height[window][belt] = np.maximum(cv.height[window][belt], 5.0)


def paint_living_area(cv, cy, cx, radius, angle):
    """Settlement block of half-sides ``radius`` × (0.5–1)·``radius`` px:
    a street grid with small houses (village) or long apartment rows
    (town), red/grey/blue roofs, yards and trees."""
    rng = cv.rng
    placed = place_compound(cv, cy, cx, radius, angle, (0.5, 1.0), 0.7)
    if placed is None:
        return
    (a, b, window, u, v), block, grain = placed
    cv.paint(window, block, "yard", LIVING, grain, 0.06)
    town = rng.random() < 0.35
    if town:
        pitch_u, pitch_v = cv.px(rng.uniform(50, 80)), cv.px(rng.uniform(35, 55))
        house_u, house_v = pitch_u * rng.uniform(0.6, 0.8), pitch_v * rng.uniform(0.3, 0.45)
        palette, probs, tall = ["roof_white", "roof_grey", "roof_blue"], (0.4, 0.4, 0.2), (12, 30)
    else:
        pitch_u, pitch_v = cv.px(rng.uniform(14, 22)), cv.px(rng.uniform(16, 26))
        house_u, house_v = pitch_u * rng.uniform(0.55, 0.75), pitch_v * rng.uniform(0.45, 0.65)
        palette, probs, tall = ["roof_red", "roof_grey", "roof_blue"], (0.45, 0.35, 0.2), (3, 7)
    fu, fv = np.mod(u + a, pitch_u), np.mod(v + b, pitch_v)
    iu = np.floor((u + a) / pitch_u).astype(np.int64)
    iv = np.floor((v + b) / pitch_v).astype(np.int64)
    n_u, n_v = int(iu.max()) + 1, int(iv.max()) + 1
    roof_kind = rng.choice(len(palette), size=(n_u, n_v), p=probs)
    built = rng.random((n_u, n_v)) < rng.uniform(0.7, 0.95)
    heights = rng.uniform(*tall, size=(n_u, n_v)).astype(np.float32)
    street_w = max(cv.px(rng.uniform(4, 7)), 1.0)
    street = block & ((fu < street_w) | ((iv % rng.integers(2, 4) == 0) & (fv < street_w)))
    house = block & ~street & (fu > street_w + 0.5) & (fu < street_w + house_u) \
        & (np.abs(fv - pitch_v / 2) < house_v / 2) & built[iu, iv]
    cv.paint(window, street, "road_paved", LIVING, grain, 0.03)
    for k, name in enumerate(palette):
        m = house & (roof_kind[iu, iv] == k)
        cv.paint(window, m, name, LIVING, grain, 0.03)
    cv.height[window][house] = heights[iu, iv][house]
    # trees in yards
    trees = block & ~street & ~house & (fine_noise(rng, u.shape, max(cv.px(2.5), 0.7)) > 1.0)
    cv.paint(window, trees, "tree", LIVING, grain, 0.1)
    cv.height[window][trees] = np.maximum(cv.height[window][trees], 6.0)
