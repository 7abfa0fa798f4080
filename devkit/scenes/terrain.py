"""Noise fields, relief, shading and drawing helpers of the synthetic scenes.

Conventions: 2-D arrays are (rows, cols) float32; heights in metres; the
pixel size ``gsd_m`` in metres; rows grow southwards, columns eastwards;
sun azimuth in degrees clockwise from north, elevation in degrees above
the horizon. Every random draw comes from the ``rng`` passed in
(``numpy.random.Generator``), so a scene is reproducible from its seed.
"""
import numpy as np
from scipy import ndimage


def smooth_noise(rng, shape, scale_px, order=3):
    """Smooth random field of ``shape`` with features about ``scale_px``
    pixels wide, normalised to zero mean and unit standard deviation
    (a coarse Gaussian grid interpolated by a B-spline)."""
    h, w = shape
    scale = max(float(scale_px), 1.0)
    if scale >= 16:
        # smooth at a quarter of the resolution, then interpolate linearly:
        # the same look for a sixteenth of the spline's cost
        small = smooth_noise(rng, (h // 4 + 2, w // 4 + 2), scale / 4, order)
        return _standardise(ndimage.zoom(small, 4, order=1, grid_mode=True, mode="nearest")[:h, :w])
    grid = rng.standard_normal((int(h / scale) + 4, int(w / scale) + 4)).astype(np.float32)
    field = ndimage.zoom(grid, scale, order=order, prefilter=False, grid_mode=True,
                         mode="nearest")
    off = int(scale)  # skip the first cell: spline edge effects
    field = field[off:off + h, off:off + w]
    if field.shape != (h, w):  # rounding of the zoomed size
        field = np.pad(field, ((0, h - field.shape[0]), (0, w - field.shape[1])), mode="edge")
    return _standardise(field)


def fine_noise(rng, shape, sigma_px=0.8):
    """Unit-variance texture finer than a few pixels (blurred white noise)."""
    field = rng.standard_normal(shape).astype(np.float32)
    if sigma_px > 0:
        field = ndimage.gaussian_filter(field, sigma_px)
    return _standardise(field)


def fractal_noise(rng, shape, scale_px, octaves=4, persistence=0.5):
    """Sum of ``octaves`` smooth fields, each half as wide and ``persistence``
    times as strong as the previous; zero mean, unit std."""
    total = np.zeros(shape, np.float32)
    amp = 1.0
    for i in range(octaves):
        scale = scale_px / 2 ** i
        order = 3 if scale >= 8 else 1  # cubic only where its cost is worth it
        total += amp * smooth_noise(rng, shape, scale, order=order)
        amp *= persistence
    return _standardise(total)


def _standardise(field):
    std = float(field.std())
    return ((field - field.mean()) / (std if std > 0 else 1.0)).astype(np.float32)


def quantile_mask(field, fraction):
    """Pixels of ``field`` in its top ``fraction`` (0–1)."""
    if fraction <= 0:
        return np.zeros(field.shape, bool)
    return field > np.quantile(field, 1.0 - fraction)


def smoothstep(edge0, edge1, x):
    """Hermite step from 0 at ``edge0`` to 1 at ``edge1``."""
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def hillshade(dem, gsd_m, azimuth_deg, elevation_deg):
    """Lambertian shading of ``dem`` (m) relative to flat ground: 1 on flat
    ground, > 1 on slopes facing the sun, down to 0 on slopes facing away."""
    d_row, d_col = np.gradient(dem.astype(np.float32), gsd_m)
    return lambert(d_col, -d_row, azimuth_deg, elevation_deg)


def lambert(dz_east, dz_north, azimuth_deg, elevation_deg):
    """Lambertian shading of surfaces of slopes ``dz_east``, ``dz_north``
    (m per m, height gain eastwards / northwards) relative to flat ground
    (see :func:`hillshade`)."""
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    sun = (np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el))
    norm = np.sqrt(dz_east ** 2 + dz_north ** 2 + 1.0)
    shade = (-dz_east * sun[0] - dz_north * sun[1] + sun[2]) / norm
    return (np.clip(shade, 0.0, None) / sun[2]).astype(np.float32)


def cast_shadows(height, gsd_m, azimuth_deg, elevation_deg):
    """Bool mask of pixels shaded by above-ground structures ``height`` (m):
    a pixel is in shadow when a pixel k steps towards the sun is higher than
    the sun ray through it (k·gsd·tan(elevation))."""
    max_h = float(height.max())
    shadow = np.zeros(height.shape, bool)
    if max_h <= 0:
        return shadow
    drop = gsd_m * np.tan(np.radians(elevation_deg))  # ray rise per pixel step
    steps = int(np.ceil(max_h / drop))
    az = np.radians(azimuth_deg)
    toward = (-np.cos(az), np.sin(az))  # (row, col) direction to the sun
    h, w = height.shape
    for k in range(1, steps + 1):
        dr, dc = int(round(k * toward[0])), int(round(k * toward[1]))
        src = height[max(dr, 0):h + min(dr, 0), max(dc, 0):w + min(dc, 0)]
        dst = (slice(max(-dr, 0), h + min(-dr, 0)), slice(max(-dc, 0), w + min(-dc, 0)))
        shadow[dst] |= src > height[dst] + k * drop
    return shadow


def lean(radiance, height, gsd_m, off_nadir_deg, azimuth_deg, wall_shade=0.55):
    """``radiance`` (bands, rows, cols) seen off-nadir: what stands
    ``height`` m above ground is displaced by height · tan(``off_nadir_deg``)
    away from the sensor, towards ``azimuth_deg`` (clockwise from north), and
    the face between its base and its top (a wall, a crown's side) shows its
    own radiance × ``wall_shade``. Ground keeps its place, so labels drawn on
    footprints sit off the roofs as in an off-nadir satellite scene. Taller
    objects are drawn last (they hide lower ones). A new array."""
    out = radiance.copy()
    rows, cols = np.nonzero(height > 0.3)
    if rows.size == 0 or off_nadir_deg <= 0:
        return out
    order = np.argsort(height[rows, cols], kind="stable")
    rows, cols = rows[order], cols[order]
    shift = height[rows, cols] * np.tan(np.radians(off_nadir_deg)) / gsd_m  # px
    az = np.radians(azimuth_deg)
    toward = (-np.cos(az), np.sin(az))  # (row, col) of the lean
    h, w = height.shape
    steps = int(np.ceil(shift.max())) + 1
    for t in list(np.linspace(0.0, 1.0, steps, endpoint=False)) + [1.0]:
        r = np.rint(rows + t * shift * toward[0]).astype(np.int64)
        c = np.rint(cols + t * shift * toward[1]).astype(np.int64)
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        factor = 1.0 if t == 1.0 else wall_shade
        out[:, r[inside], c[inside]] = radiance[:, rows[inside], cols[inside]] * factor
    return out


def local_frame(shape, cy, cx, half, angle=0.0):
    """A square window of half-size ``half`` px around (cy, cx), clipped to
    ``shape``, with the rotated coordinates of its pixels relative to the
    centre: ``u`` along direction ``angle`` (radians from the column axis)
    and ``v`` across it, in pixels. Returns ``(window, u, v)`` with
    ``window`` a (row slice, col slice) pair, or None if the window is empty."""
    h, w = shape
    r0, r1 = max(0, int(cy - half)), min(h, int(cy + half) + 1)
    c0, c1 = max(0, int(cx - half)), min(w, int(cx + half) + 1)
    if r0 >= r1 or c0 >= c1:
        return None
    dy = (np.arange(r0, r1, dtype=np.float32) - cy)[:, None]
    dx = (np.arange(c0, c1, dtype=np.float32) - cx)[None, :]
    ca, sa = np.float32(np.cos(angle)), np.float32(np.sin(angle))
    return (slice(r0, r1), slice(c0, c1)), dx * ca + dy * sa, -dx * sa + dy * ca


def wobbly_radius(rng, theta, amplitude=0.12, harmonics=5):
    """Outline factor 1 + Σ a_k cos(kθ + φ_k) for irregular round shapes."""
    factor = np.ones_like(theta)
    for k in range(2, harmonics + 2):
        factor += rng.uniform(0, amplitude / (k - 1)) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    return factor


def densify(points, step_px=1.0):
    """Points every ``step_px`` along a polyline given as (n, 2) (row, col)."""
    points = np.asarray(points, np.float64)
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:]):
        n = max(int(np.ceil(np.hypot(*(b - a)) / step_px)), 1)
        t = np.arange(1, n + 1)[:, None] / n
        out.append(a + t * (b - a))
    return np.concatenate(out)


def polyline_distance(shape, points, values=None, origin=(0, 0)):
    """Distance (px) from each pixel of a ``shape`` window whose top-left is
    at ``origin`` (row, col) to a polyline of (row, col) points, and, when
    ``values`` (one per point) is given, the value of the nearest point.
    ``points`` may also be a list of polylines (without ``values``): the
    distance to the nearest of them, for one distance transform."""
    if isinstance(points, list) and points and np.ndim(points[0]) == 2:
        dense = np.concatenate([densify(line, 0.7) for line in points])
    else:
        dense = densify(points, 0.7)
    rows = np.round(dense[:, 0] - origin[0]).astype(np.int64)
    cols = np.round(dense[:, 1] - origin[1]).astype(np.int64)
    keep = (rows >= 0) & (rows < shape[0]) & (cols >= 0) & (cols < shape[1])
    if not keep.any():
        dist = np.full(shape, np.inf, np.float32)
        return (dist, np.zeros(shape, np.float32)) if values is not None else dist
    seed = np.ones(shape, bool)
    seed[rows[keep], cols[keep]] = False
    if values is None:
        return ndimage.distance_transform_edt(seed).astype(np.float32)
    dist, (ir, ic) = ndimage.distance_transform_edt(seed, return_indices=True)
    # value of each centreline pixel, looked up at the nearest one
    along = np.interp(np.arange(len(dense)), np.linspace(0, len(dense) - 1, len(values)), values)
    grid = np.zeros(shape, np.float32)
    grid[rows[keep], cols[keep]] = along[keep]
    return dist.astype(np.float32), grid[ir, ic]


def meander(rng, start, heading, length_px, step_px=8.0, wiggle=0.25, persistence=0.9):
    """A meandering polyline ((n, 2) row, col) from ``start`` along
    ``heading`` (radians from the column axis), with a heading that drifts
    as a damped random walk (``wiggle`` radians per step)."""
    n = max(int(length_px / step_px), 2)
    turn, pts, ang = 0.0, [np.asarray(start, float)], heading
    for _ in range(n):
        turn = persistence * turn + rng.normal(0, wiggle)
        ang_step = ang + turn
        # pull back towards the main heading so the line crosses the scene
        ang = heading + 0.85 * (ang_step - heading)
        pts.append(pts[-1] + step_px * np.array([np.sin(ang), np.cos(ang)]))
    return np.array(pts)
