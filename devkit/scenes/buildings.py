"""Buildings of the synthetic village scenes: exact footprint geometry and
the painting of a roof (material, roof facets, height, label 1).

A building is drawn in its own frame: ``u`` along the main axis (angle
``angle``, radians from the column axis, as in
:func:`.terrain.local_frame`), ``v`` across it, both in metres
from the centre ``(cy, cx)`` (pixel-index coordinates: the centre of pixel
``(r, c)`` is at ``(r, c)``). Its footprint is the union of axis-aligned
rectangles (``parts``) in that frame, or a disc (round tanks); ``outline``
is the exact ring of that union, the polygon written to the footprints
file. The label is the whole roof as seen from nadir (= the footprint,
eaves included), also where a tree crown hides part of it.
"""
from dataclasses import dataclass

import numpy as np

from .terrain import fine_noise, local_frame

BUILDING = 1
ROUND_SIDES = 48  # vertices of a round tank's polygon


@dataclass
class Building:
    """Footprint and roof of one building; lengths in metres."""

    cy: float
    cx: float
    angle: float
    parts: tuple  # ((u0, u1, v0, v1, ridge_along_u), ...)
    outline: np.ndarray  # (n, 2) (u, v) ring, not closed
    roof: str  # "gable", "hip", "flat" or "cone" (round tanks)
    material: str
    eave_m: float
    pitch: float  # roof slope, m per m
    kind: str  # "house", "shed", "hall", "tank", "row_house", "annex"
    radius: float = 0.0  # round tanks only

    @property
    def half_extent_m(self):
        return float(np.abs(self.outline).max()) if self.radius == 0 else self.radius

    def area_m2(self):
        u, v = self.outline[:, 0], self.outline[:, 1]
        return 0.5 * abs(float(np.dot(u, np.roll(v, -1)) - np.dot(v, np.roll(u, -1))))

    def world_ring(self, gsd_m, origin):
        """The outline as a closed ring of map (x, y) coordinates,
        counter-clockwise, for a north-up grid of pixel ``gsd_m`` with
        top-left corner ``origin``."""
        u, v = self.outline[:, 0] / gsd_m, self.outline[:, 1] / gsd_m
        ca, sa = np.cos(self.angle), np.sin(self.angle)
        col = self.cx + u * ca - v * sa
        row = self.cy + u * sa + v * ca
        x = origin[0] + (col + 0.5) * gsd_m  # pixel centres are at index + 0.5
        y = origin[1] - (row + 0.5) * gsd_m
        ring = np.stack([x, y], axis=1)
        signed = np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))
        if signed < 0:
            ring = ring[::-1]
        return np.concatenate([ring, ring[:1]])


def rectangle(length, width):
    """Parts and outline of a length × width rectangle (ridge along u)."""
    a, b = length / 2, width / 2
    return ((-a, a, -b, b, True),), np.array([(-a, -b), (a, -b), (a, b), (-a, b)])


def ell_shape(length, width, wing_len, wing_depth, tee=False, rng=None):
    """An L (wing at one end) or T (wing in the middle) of a main block
    length × width and a wing wing_len wide sticking out wing_depth on the
    +v side; the wing's ridge runs across the main one and its roof part
    reaches the main ridge so the roofs meet in valleys."""
    a, b = length / 2, width / 2
    if tee:
        # the wing anywhere along the block (centred without an rng)
        centre = 0.0 if rng is None else float(rng.uniform(-a + wing_len / 2, a - wing_len / 2))
        c0 = centre - wing_len / 2
        c1 = c0 + wing_len
        outline = [(-a, -b), (a, -b), (a, b), (c1, b), (c1, b + wing_depth), (c0, b + wing_depth), (c0, b), (-a, b)]
    else:
        c0, c1 = a - wing_len, a
        outline = [(-a, -b), (a, -b), (a, b + wing_depth), (c0, b + wing_depth), (c0, b), (-a, b)]
    parts = ((-a, a, -b, b, True), (c0, c1, 0.0, b + wing_depth, False))
    return parts, np.array(outline, float)


def disc(radius):
    theta = np.linspace(0, 2 * np.pi, ROUND_SIDES, endpoint=False)
    return (), np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1)


def footprint_mask(b, u_m, v_m, grow_m=0.0):
    """Pixels of the footprint (grown by ``grow_m``) for frame coordinates
    in metres."""
    if b.radius:
        return np.hypot(u_m, v_m) < b.radius + grow_m
    mask = np.zeros(u_m.shape, bool)
    for u0, u1, v0, v1, _ in _visible_parts(b):
        mask |= (u_m > u0 - grow_m) & (u_m < u1 + grow_m) & (v_m > v0 - grow_m) & (v_m < v1 + grow_m)
    return mask


def _visible_parts(b):
    """Parts clipped to the outline: a wing's roof part reaches into the
    main block (for the valleys) but its footprint starts at the block."""
    if len(b.parts) < 2:
        return b.parts
    main = b.parts[0]
    u0, u1, _, v1, along = b.parts[1]
    return (main, (u0, u1, main[3], v1, along))


def frame_of(cv, b, grow_m=0.0):
    """``local_frame`` around a building, coordinates in metres."""
    frame = local_frame(cv.shape, b.cy, b.cx, cv.px(b.half_extent_m + grow_m) + 2, b.angle)
    if frame is None:
        return None
    window, u, v = frame
    return window, u * cv.gsd_m, v * cv.gsd_m


def roof_surface(b, u_m, v_m):
    """Height above the eaves (m) and slopes (dh/du, dh/dv) of the roof."""
    if b.radius:
        rho = np.maximum(np.hypot(u_m, v_m), 1e-3)
        h = b.pitch * np.clip(b.radius - rho, 0, None)
        return h, -b.pitch * u_m / rho, -b.pitch * v_m / rho
    if b.roof == "flat":
        z = np.zeros(u_m.shape, np.float32)
        return z, z, z
    heights, du, dv = [], [], []
    for u0, u1, v0, v1, along in b.parts:
        uc, vc, hl, hw = (u0 + u1) / 2, (v0 + v1) / 2, (u1 - u0) / 2, (v1 - v0) / 2
        if not along:  # ridge along v: swap the roles
            uc, vc, hl, hw = vc, uc, hw, hl
            pu, pv = v_m, u_m
        else:
            pu, pv = u_m, v_m
        across = hw - np.abs(pv - vc)
        d_across = -np.sign(pv - vc) * b.pitch
        if b.roof == "hip":
            along_d = hl - np.abs(pu - uc)
            use_end = along_d < across
            h = b.pitch * np.minimum(across, along_d)
            d_u = np.where(use_end, -np.sign(pu - uc) * b.pitch, 0.0)
            d_v = np.where(use_end, 0.0, d_across)
        else:
            h = b.pitch * across
            d_u, d_v = np.zeros(h.shape), d_across
        inside = (u_m >= u0) & (u_m <= u1) & (v_m >= v0) & (v_m <= v1)
        heights.append(np.where(inside, h, -np.inf))
        if not along:
            d_u, d_v = d_v, d_u
        du.append(d_u)
        dv.append(d_v)
    k = np.argmax(np.stack(heights), axis=0)[None]
    pick = lambda arrays: np.take_along_axis(np.stack(arrays), k, 0)[0]  # noqa: E731
    return np.maximum(pick(heights), 0.0), pick(du), pick(dv)


def paint_building(cv, b, colour):
    """Paint roof ``colour`` (reflectance 4-vector), label 1, heights and
    facet slopes (``cv.slope_e``, ``cv.slope_n``) of building ``b``."""
    frame = frame_of(cv, b)
    if frame is None:
        return
    window, u_m, v_m = frame
    roof = footprint_mask(b, u_m, v_m)
    if not roof.any():
        return
    rng = cv.rng
    h, du, dv = roof_surface(b, u_m, v_m)
    grain = fine_noise(rng, roof.shape, 0.6)
    cv.paint(window, roof, colour, BUILDING, grain, rng.uniform(0.03, 0.09))
    if b.roof == "flat" and not b.radius:
        # parapet: a thin rim of another tone; roof units as small boxes
        rim = roof & ~footprint_mask(b, u_m, v_m, grow_m=-max(0.6, 0.8 * cv.gsd_m))
        cv.blend(window, rim, "concrete", 0.5)
        for _ in range(int(rng.integers(0, 4))):
            k = rng.integers(len(b.outline))
            cu, cvv = 0.5 * b.outline[k] * rng.uniform(0.1, 0.8)
            unit = roof & (np.abs(u_m - cu) < rng.uniform(0.6, 1.5)) & (np.abs(v_m - cvv) < rng.uniform(0.6, 1.5))
            cv.blend(window, unit, "roof_white", 0.7)
            h = np.where(unit, h + 1.2, h)
    ca, sa = np.cos(b.angle), np.sin(b.angle)
    d_col = du * ca - dv * sa
    d_row = du * sa + dv * ca
    cv.slope_e[window][roof] = d_col[roof]
    cv.slope_n[window][roof] = -d_row[roof]
    cv.height[window][roof] = (b.eave_m + h)[roof]
