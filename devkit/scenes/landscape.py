"""Natural and agricultural ground of a synthetic scene: relief, bare soil
and farmland (background), forest and grass (vegetation), rivers and ponds
(water), roads and scattered trees (background).

Lengths are drawn in metres and converted with the canvas's pixel size, so
a scene at 1 m looks like the same landscape at a finer sampling.
"""
import numpy as np

from .terrain import (
    fine_noise,
    fractal_noise,
    local_frame,
    meander,
    polyline_distance,
    quantile_mask,
    smooth_noise,
    smoothstep,
    wobbly_radius,
)

BACKGROUND, WATER, VEGETATION = 0, 2, 3


def paint_relief(cv):
    """Rolling hills: fractal terrain of 15–70 m relief; returns the
    normalised terrain (0–1) so vegetation can favour the hills."""
    rng = cv.rng
    terrain = fractal_noise(rng, cv.shape, cv.px(rng.uniform(900, 1600)), octaves=4, persistence=0.35)
    relief = rng.uniform(15, 70)
    cv.dem += relief * terrain / 4.0
    return (terrain - terrain.min()) / max(float(np.ptp(terrain)), 1e-6)


def paint_ground(cv):
    """Bare soil / gobi with smooth tone variation, then farmland parcels
    (rotated grid of fields with crop, stubble or bare colours and darker
    boundaries) over a random part of the scene. All background."""
    rng = cv.rng
    tone = smooth_noise(rng, cv.shape, cv.px(rng.uniform(300, 700)))
    grain = fine_noise(rng, cv.shape, 0.7)
    mix = smoothstep(-1.0, 1.0, tone)
    full = (slice(None), slice(None))
    everything = np.ones(cv.shape, bool)
    cv.paint(full, everything, "soil", BACKGROUND, grain, 0.04)
    cv.blend(full, everything, "gobi", mix * 0.8)
    cv.refl *= 1.0 + 0.05 * smooth_noise(rng, cv.shape, cv.px(60))

    farm = quantile_mask(fractal_noise(rng, cv.shape, cv.px(1500), 3), rng.uniform(0.15, 0.55))
    angle = rng.uniform(0, np.pi)
    rows, cols = np.mgrid[0:cv.size, 0:cv.size].astype(np.float32)
    u = cols * np.cos(angle) + rows * np.sin(angle)
    v = -cols * np.sin(angle) + rows * np.cos(angle)
    pitch_u, pitch_v = cv.px(rng.uniform(60, 160)), cv.px(rng.uniform(150, 400))
    iu, iv = np.floor(u / pitch_u).astype(np.int32), np.floor(v / pitch_v).astype(np.int32)
    iu -= iu.min()
    iv -= iv.min()
    kinds = ("crop", "crop_young", "field_bare", "field_stubble")
    choice = rng.choice(len(kinds), size=(iu.max() + 1, iv.max() + 1), p=(0.25, 0.2, 0.3, 0.25))
    gain = rng.normal(1.0, 0.06, size=choice.shape).astype(np.float32)
    parcel, parcel_gain = choice[iu, iv], gain[iu, iv]
    # within-field rows (ploughing / crop rows) along the long side
    rows_tex = np.sin(v * 2 * np.pi / max(cv.px(4.0), 2.2)).astype(np.float32)
    for k, name in enumerate(kinds):
        m = farm & (parcel == k)
        cv.paint(full, m, name, BACKGROUND, rows_tex * 0.5 + grain, 0.03)
        for b in range(4):
            cv.refl[b][m] *= parcel_gain[m]
    edge = farm & ((np.mod(u, pitch_u) < 1.0) | (np.mod(v, pitch_v) < 1.2))
    cv.blend(full, edge, "grass", 0.5)


def paint_vegetation(cv, hills):
    """Forest and grassland patches (class 3), favouring hills: crown-like
    texture for forest, smooth for grass, high NIR."""
    rng = cv.rng
    field = fractal_noise(rng, cv.shape, cv.px(rng.uniform(400, 900)), 4) + 1.5 * hills
    veg = quantile_mask(field, rng.uniform(0.07, 0.18))
    kind = smooth_noise(rng, cv.shape, cv.px(300)) > rng.uniform(-0.5, 0.5)
    crowns = fine_noise(rng, cv.shape, max(cv.px(2.5), 0.7))
    full = (slice(None), slice(None))
    cv.paint(full, veg & kind, "forest", VEGETATION, crowns, 0.22)
    cv.paint(full, veg & ~kind, "grass", VEGETATION, fine_noise(rng, cv.shape, 1.2), 0.06)
    # brighter rim at the patch edges (thinner canopy)
    cv.refl *= 1.0 + 0.04 * smooth_noise(rng, cv.shape, cv.px(80)) * veg


def paint_rivers(cv, count):
    """Meandering rivers crossing the scene (class 2): width 15–60 m varying
    along the course, turbidity drifting along the stream, flat surface,
    a thin band of riparian grass (vegetation) along the banks."""
    rng = cv.rng
    for _ in range(count):
        side = rng.integers(4)
        t = rng.uniform(0.15, 0.85) * cv.size
        start, heading = [((0, t), np.pi / 2), ((t, 0), 0.0), ((cv.size - 1, t), -np.pi / 2),
                          ((t, cv.size - 1), np.pi)][side]
        heading += rng.uniform(-0.5, 0.5)
        line = meander(rng, start, heading, cv.size * 1.6, step_px=max(cv.px(30), 4), wiggle=0.15, persistence=0.8)
        widths = np.clip(cv.px(rng.uniform(20, 90)) * (1 + 0.3 * np.cumsum(rng.normal(0, 0.1, len(line)))), 2, None)
        dist, half = polyline_distance(cv.shape, line, widths / 2)
        wet = dist <= half
        bank = (dist <= half + cv.px(rng.uniform(6, 20))) & ~wet
        full = (slice(None), slice(None))
        cv.paint(full, bank & (cv.label == BACKGROUND), "grass", VEGETATION,
                 fine_noise(rng, cv.shape, 1.0), 0.08)
        _paint_water(cv, full, wet)


def _paint_water(cv, window, wet):
    """Water with turbidity varying smoothly in space; no terrain shading."""
    rng = cv.rng
    shape = wet.shape
    turb = smoothstep(-1.5, 1.5, smooth_noise(rng, shape, cv.px(250)) + rng.normal(0, 0.6))
    cv.paint(window, wet, "water", WATER, fine_noise(rng, shape, 1.5), 0.03)
    cv.blend(window, wet, "water_turbid", turb)
    cv.flat[window] |= wet


def paint_ponds(cv, count):
    """Natural ponds: irregular blobs of 30–150 m radius (class 2)."""
    rng = cv.rng
    for _ in range(count):
        r = cv.px(rng.uniform(30, 150))
        cy, cx = rng.uniform(0, cv.size, 2)
        frame = local_frame(cv.shape, cy, cx, 1.4 * r)
        if frame is None:
            continue
        window, u, v = frame
        theta = np.arctan2(v, u)
        wet = np.hypot(u, v) < r * wobbly_radius(rng, theta, 0.25)
        _paint_water(cv, window, wet)


def paint_roads(cv, hubs):
    """A paved trunk road across the scene and dirt roads from each hub
    (row, col) to the trunk, all background; returns the trunk polyline."""
    rng = cv.rng
    vertical = rng.random() < 0.5
    t = rng.uniform(0.2, 0.8) * cv.size
    start, heading = ((0, t), np.pi / 2) if vertical else ((t, 0), 0.0)
    trunk = meander(rng, start, heading, cv.size * 1.3, step_px=max(cv.px(60), 6), wiggle=0.08)
    dist = polyline_distance(cv.shape, trunk)
    full = (slice(None), slice(None))
    paved = dist <= cv.px(rng.uniform(4, 7))
    cv.paint(full, paved, "road_paved", BACKGROUND, fine_noise(rng, cv.shape, 0.8), 0.03)
    cv.flat |= paved
    dirt_lines = []
    for hub in hubs:
        near = trunk[np.argmin(np.hypot(*(trunk - np.asarray(hub)).T))]
        mid = (np.asarray(hub) + near) / 2 + rng.normal(0, 0.08 * np.hypot(*(near - hub)), 2)
        dirt_lines.append(np.array([hub, mid, near]))
    if dirt_lines:
        d = polyline_distance(cv.shape, dirt_lines)
        dirt = (d <= cv.px(rng.uniform(2.5, 4.5))) & ~paved
        cv.paint(full, dirt, "road_dirt", BACKGROUND, fine_noise(rng, cv.shape, 0.8), 0.05)
    return trunk


def paint_trees(cv, density_per_km2):
    """Scattered single trees on background (they stay background): dark
    green crowns of 2–5 m radius, 5–12 m tall (they cast shadows)."""
    rng = cv.rng
    area_km2 = (cv.size * cv.gsd_m / 1000.0) ** 2
    n = rng.poisson(density_per_km2 * area_km2)
    rows, cols = rng.integers(0, cv.size, n), rng.integers(0, cv.size, n)
    keep = cv.label[rows, cols] == BACKGROUND
    for r, c in zip(rows[keep], cols[keep]):
        rad = cv.px(rng.uniform(2, 5))
        frame = local_frame(cv.shape, r, c, rad + 1)
        window, u, v = frame
        crown = (np.hypot(u, v) <= rad) & (cv.label[window] == BACKGROUND)
        cv.paint(window, crown, "tree")
        cv.height[window][crown] = np.maximum(cv.height[window][crown], rng.uniform(5, 12))
