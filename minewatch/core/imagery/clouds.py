"""Clouds and their shadows in a multispectral image, by a transparent
spectral and spatial rule (issue 16; methods §4).

Values are first brought to an approximate reflectance ρ = DN × ``scale``
(auto: 1/255 for 8-bit, 1/1023, 1/2047, 1/4095 for 10-, 11-, 12-bit DN,
1/10000 for reflectance × 10⁴ products, 1 for reflectance floats; the
scale used is reported). A pixel is a **cloud candidate** when

- brightness V = mean(ρ_blue, ρ_green, ρ_red) ≥ ``bright_min`` (a
  panchromatic band alone: ρ_pan ≥ ``bright_min``);
- whiteness Σ|ρ_b − V| / V over the visible bands ≤ ``whiteness_max``
  (clouds are white; bright soil and roofs are often coloured);
- haze-optimised transform HOT = ρ_blue − 0.5 ρ_red − ``hot_offset`` > 0
  (Zhang et al. 2002: haze and cloud scatter blue);
- NDVI = (ρ_nir − ρ_red)/(ρ_nir + ρ_red) ≤ ``ndvi_max`` (not vegetation).

Tests whose bands are missing are skipped. A cloud has a **core**: candidates
with V ≥ ``core_min`` (above the brightest common ground: concrete, tailings
beaches), in patches of at least ``min_cloud_area_m2`` (GDAL's sieve:
bright roofs are small, clouds are large); its thinner **edge** is the
candidates within ``edge_m`` of a core (a hysteresis: bright ground far
from any cloud core stays clear), less bright features thinner than
``thin_m`` (roads, roof edges: a morphological opening). A **shadow** is a dark
pixel (ρ_nir, or the brightness without NIR, at most ``shadow_ratio`` of
the median of the clear pixels around it; shade takes a share of the
light whatever the surface) that lies
where a cloud projects: along the direction away from the sun
(``sun_azimuth_deg``, from north, clockwise) within ``shadow_distance_m``
of a cloud, or in any direction when the azimuth is unknown. Both are
then grown by ``buffer_m``. With a clear **reference** image of another
date, a cloud must also be brighter than the same ground on that date by
``min_brightening`` (the two dates' median brightness matched first): a
multi-temporal test that bright ground cannot pass.

Mask values: 0 clear, 1 cloud, 2 shadow, 255 no data. Everything streams:
windows with a halo wide enough for the shadow search and the buffer.
"""
import os
from dataclasses import dataclass
from typing import Any, Dict, Optional

import numpy as np

from ..common.constants import CLASS_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.outputs import hidden_temp_path
from ..common.progress import as_feedback, step
from ..raster.raster_io import (
    AtomicRasterWriter,
    band_nodata,
    check_georeferenced,
    check_raster_output,
    data_mask,
    gsd_metres,
    open_raster,
    rasterio_env,
    valid_mask,
)
from ..raster.sieve import sieve_raster
from ..raster.windows import plan_windows

CLEAR, CLOUD, SHADOW = 0, 1, 2
EDGE, CORE = 1, 2  # cloud candidates before the spatial rule
MASK_NAMES = {CLEAR: "clear", CLOUD: "cloud", SHADOW: "shadow"}
MASK_COLORS = {CLEAR: (0, 0, 0, 0), CLOUD: (255, 255, 255, 255), SHADOW: (60, 60, 160, 255),
               CLASS_NODATA: (0, 0, 0, 0)}
ROLES = ("blue", "green", "red", "nir", "pan")


@dataclass(frozen=True)
class CloudRules:
    """Thresholds of the rule (see the module doc); reflectance 0–1,
    distances in metres, angles in degrees."""

    bright_min: float = 0.3
    core_min: float = 0.45
    edge_m: float = 150.0
    thin_m: float = 12.0
    whiteness_max: float = 0.7
    hot_offset: float = 0.08
    ndvi_max: float = 0.4
    min_cloud_area_m2: float = 5000.0
    shadow_ratio: float = 0.6
    min_brightening: float = 0.08
    shadow_distance_m: float = 1500.0
    sun_azimuth_deg: Optional[float] = None
    buffer_m: float = 30.0


def auto_scale(dtype, high_value):
    """Reflectance per DN for a band type and its high value (e.g. the
    99.9th percentile): see the module doc."""
    if np.dtype(dtype).kind == "f":
        return 1.0 if high_value <= 2.0 else 1.0 / 10000.0
    if np.dtype(dtype).itemsize == 1:
        return 1.0 / 255.0
    for full_scale in (1023.0, 2047.0, 4095.0):
        if high_value <= full_scale:
            return 1.0 / full_scale
    return 1.0 / 10000.0


def sample_high_value(ds, bands, samples=16, size=256):
    """99.9th percentile of the valid values of ``bands`` (0-based) over a
    few windows spread over the image (a cheap look at its range)."""
    from rasterio.windows import Window

    values = []
    rows = np.linspace(0, max(ds.height - size, 0), int(np.sqrt(samples))).astype(int)
    cols = np.linspace(0, max(ds.width - size, 0), int(np.sqrt(samples))).astype(int)
    nodata = band_nodata(ds)
    for r in rows:
        for c in cols:
            block = ds.read([b + 1 for b in bands], window=Window(c, r, size, size))
            ok = valid_mask(block, [nodata[b] for b in bands])
            values.append(block[:, ok].ravel())
    values = np.concatenate(values) if values else np.empty(0)
    return float(np.percentile(values, 99.9)) if values.size else 0.0


def cloud_candidates(rho, rules):
    """Cloud candidates of reflectance bands ``rho`` ({role: array}): 0 no,
    1 edge (V ≥ ``bright_min`` and the spectral tests), 2 core (also V ≥
    ``core_min``), uint8."""
    visible = [rho[r] for r in ("blue", "green", "red") if r in rho]
    value = brightness(rho)
    cloud = value >= rules.bright_min
    if len(visible) == 3:
        with np.errstate(all="ignore"):
            whiteness = sum(np.abs(v - value) for v in visible) / value
        cloud &= whiteness <= rules.whiteness_max
        cloud &= rho["blue"] - 0.5 * rho["red"] - rules.hot_offset > 0
    if "nir" in rho and "red" in rho:
        with np.errstate(all="ignore"):
            ndvi = (rho["nir"] - rho["red"]) / (rho["nir"] + rho["red"])
        cloud &= ~(ndvi > rules.ndvi_max)
    return cloud.astype(np.uint8) + (cloud & (value >= rules.core_min))


def _shifted(mask, dr, dc):
    """``mask`` moved by (dr, dc) whole pixels, False where nothing came in."""
    out = np.zeros_like(mask)
    rows, cols = mask.shape
    r0, r1 = max(0, dr), min(rows, rows + dr)
    c0, c1 = max(0, dc), min(cols, cols + dc)
    if r0 < r1 and c0 < c1:
        out[r0:r1, c0:c1] = mask[r0 - dr:r1 - dr, c0 - dc:c1 - dc]
    return out


def opened(mask, radius_px):
    """``mask`` without the parts narrower than 2 × ``radius_px``
    (opening by a disc)."""
    from scipy import ndimage

    if radius_px < 0.5 or not mask.any():
        return mask
    r = int(np.ceil(radius_px))
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    return ndimage.binary_opening(mask, structure=xx ** 2 + yy ** 2 <= radius_px ** 2)


def matched_shadow(cloud, dark, distance_px, azimuth_deg, steps=24, directions=16):
    """The shadow of ``cloud``: the cloud moved away from the sun by the
    distance (and, when the azimuth is unknown, in the direction) whose
    footprint outside the cloud is darkest (the largest share of ``dark``
    pixels: one cloud height per window), intersected with ``dark``."""
    if not cloud.any() or not dark.any() or distance_px < 1:
        return np.zeros(cloud.shape, bool)
    if azimuth_deg is None:
        angles = np.linspace(0.0, 360.0, directions, endpoint=False) + 180.0
    else:
        angles = [azimuth_deg + 180.0]  # shadows fall opposite the sun
    shifts = []
    for angle in np.radians(angles):
        for d in np.linspace(distance_px / steps, distance_px, steps):
            moved = _shifted(cloud, int(round(-np.cos(angle) * d)), int(round(np.sin(angle) * d)))
            moved &= ~cloud
            n = int(moved.sum())
            if n:
                shifts.append((float((moved & dark).sum()) / n, d, moved))
    if not shifts or max(share for share, _, _ in shifts) < 0.5:
        return np.zeros(cloud.shape, bool)  # no dark footprint: no shadow seen
    best_share = max(share for share, _, _ in shifts)
    # a shadow touching its cloud is as dark at every shorter shift: of the
    # near-best shifts, the longest covers the whole shadow
    _, _, best = max((s for s in shifts if s[0] >= best_share - 0.02), key=lambda s: s[1])
    return best & dark


def grow(mask, distance_px):
    """``mask`` grown by ``distance_px`` in every direction."""
    from scipy import ndimage

    if distance_px < 0.5 or not mask.any():
        return mask
    return ndimage.distance_transform_edt(~mask) <= distance_px


def _reflectance(block, used, roles, scale):
    """{role: reflectance} of a block read from the bands ``used``."""
    return {role: block[used.index(b)].astype(np.float32) * np.float32(scale)
            for role, b in roles.items()}


def brightness(rho):
    """Mean visible reflectance (the panchromatic band alone without them)."""
    visible = [rho[r] for r in ("blue", "green", "red") if r in rho] or [rho["pan"]]
    return sum(visible) / len(visible)


class ReferenceDate:
    """A clear image of another date, read onto the image's grid: a cloud
    must be brighter than the same ground there by ``min_brightening``
    (after the two dates' median brightness is matched), so bright ground
    that is bright on both dates (concrete, tailings) is no cloud."""

    def __init__(self, path, image, roles, used):
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        self.source = open_raster(path)
        self.roles, self.used = roles, used
        self.vrt = WarpedVRT(self.source, crs=image.crs, transform=image.transform,
                             width=image.width, height=image.height,
                             resampling=Resampling.nearest)
        if self.source.count <= max(used):
            raise MineWatchInputError(translatable(
                "The reference image has {n} bands; give one with the image's bands."),
                n=self.source.count)
        self.scale = auto_scale(self.source.dtypes[0],
                                sample_high_value(self.source, used))
        self.nodata = band_nodata(self.source)
        self.gain = 1.0

    def read(self, window):
        """(brightness, valid) of the reference in ``window``."""
        block = self.vrt.read([b + 1 for b in self.used], window=window)
        ok = data_mask(block, [self.nodata[b] for b in self.used])
        return brightness(_reflectance(block, self.used, self.roles, self.scale)), ok

    def match(self, image, scale, windows, sample=8):
        """Set the gain taking the reference's brightness to the image's
        (ratio of their medians over a few windows of the overlap)."""
        from rasterio.windows import Window

        mine, theirs = [], []
        nodata = band_nodata(image)
        for row, col, h, w in windows[::max(1, len(windows) // sample)]:
            window = Window(col, row, w, h)
            block = image.read([b + 1 for b in self.used], window=window)
            ok = valid_mask(block, [nodata[b] for b in self.used])
            reference, valid = self.read(window)
            both = ok & valid
            mine.append(brightness(_reflectance(block, self.used, self.roles, scale))[both])
            theirs.append(reference[both])
        mine, theirs = np.concatenate(mine), np.concatenate(theirs)
        if mine.size:
            self.gain = float(np.median(mine) / max(np.median(theirs), 1e-6))

    def close(self):
        self.vrt.close()
        self.source.close()


def mask_clouds(image_path: str, out_path: str, roles: Dict[str, int], *, rules: Any = None,
                scale: Optional[float] = None, masked_path: str = "", feedback: Any = None,
                budget_bytes: int = 32 * 2**20, reference_path: str = "") -> Any:
    """Write the cloud/shadow mask of ``image_path`` to ``out_path`` (uint8,
    the image's grid) and, when ``masked_path`` is given, the image with
    masked pixels set to no data. ``roles``: {role: 0-based band};
    ``reference_path``: optional clear image of another date (see
    :class:`ReferenceDate`). Returns a dict with ``scale`` used,
    ``cloud_share`` and ``shadow_share`` of the valid pixels."""
    rules = rules or CloudRules()
    feedback = as_feedback(feedback)
    check_raster_output(out_path)
    if masked_path:
        check_raster_output(masked_path)
    if not roles or not any(r in roles for r in ("blue", "green", "red", "pan")):
        raise MineWatchInputError(translatable(
            "Give the band of at least blue, green and red, or a panchromatic band, so "
            "clouds can be told from the ground."))
    with open_raster(image_path) as ds, rasterio_env():
        # cloud sizes, shadow reach and buffers are in metres: pixels taken as
        # metres would give a wrong mask without a word
        check_georeferenced(ds, image_path)
        pixel_m = gsd_metres(ds)
        for band in roles.values():
            if not 0 <= band < ds.count:
                raise MineWatchInputError(translatable(
                    "Band {band} does not exist: the image has {count} bands."),
                    band=band + 1, count=ds.count)
        if scale is None:
            scale = auto_scale(ds.dtypes[0], sample_high_value(ds, sorted(roles.values())))
        profile = {"count": 1, "dtype": "uint8", "nodata": CLASS_NODATA, "crs": ds.crs,
                   "transform": ds.transform, "width": ds.width, "height": ds.height}
        used = sorted(set(roles.values()))
        nodata = band_nodata(ds)
        windows = plan_windows(ds.height, ds.width, len(used) + 2, 4, budget_bytes,
                               ds.block_shapes[0])
        candidates = hidden_temp_path(out_path, "candidates")
        sieved = hidden_temp_path(out_path, "sieved")
        from rasterio.windows import Window

        reference = ReferenceDate(reference_path, ds, roles, used) if reference_path else None
        try:
            if reference is not None:
                reference.match(ds, scale, windows)
            n_valid = 0
            with AtomicRasterWriter(candidates, profile) as writer:
                for index, (row, col, h, w) in enumerate(windows):
                    window = Window(col, row, w, h)
                    block = ds.read([b + 1 for b in used], window=window)
                    ok = data_mask(block, [nodata[b] for b in used])
                    n_valid += int(ok.sum())
                    rho = _reflectance(block, used, roles, scale)
                    out = cloud_candidates(rho, rules)
                    if reference is not None:
                        before, seen = reference.read(window)
                        brighter = brightness(rho) - reference.gain * before
                        out[seen & (brighter < rules.min_brightening)] = 0
                    out[~ok] = CLASS_NODATA
                    writer.write(out, (row, col, h, w))
                    step(feedback, index + 1, len(windows), 0, 30)
                if n_valid == 0:
                    # "clouds 0.0 %" of nothing would read as a clear image
                    raise MineWatchInputError(translatable(
                        "The image {path} has no valid pixel in the bands used (every pixel is "
                        "nodata), so there is nothing to mask. Check its nodata value and "
                        "bands."), path=image_path)
                writer.commit()
            # candidate patches (and holes in them) smaller than a cloud take
            # the value around them
            sieve_raster(candidates, sieved,
                         max(1, int(round(rules.min_cloud_area_m2 / pixel_m ** 2))), feedback,
                         30, 15)
            shares = _shadows_and_buffer(ds, sieved, out_path, roles, scale, rules,
                                         pixel_m, profile, feedback, budget_bytes)
        finally:
            if reference is not None:
                reference.close()
            for path in (candidates, sieved):
                if os.path.exists(path):
                    os.remove(path)
    if masked_path:
        write_masked_image(image_path, out_path, masked_path, feedback)
    return dict(shares, scale=float(scale))


# the shadow search runs on a grid coarse enough that its reach is at most
# this many cells, so a window's halo stays small whatever the pixel size
SHADOW_SEARCH_CELLS = 128
TILE = 1024
MIN_TILE = 128
# bytes one pixel of a final-mask tile holds: its dark-band values (float32)
# and the mean of them, and about six boolean masks
MASK_TILE_MASKS_BYTES = 6


def _dark_band(roles):
    """The bands whose mean is the darkness signal: NIR, else the visible
    bands, else the panchromatic band (0-based)."""
    if "nir" in roles:
        return [roles["nir"]]
    return [roles[r] for r in ("blue", "green", "red") if r in roles] or [roles["pan"]]


def _read(ds, bands, r0, c0, r1, c1, factor=1, resampling=None):
    """Bands (list, 0-based) of the window rows r0:r1, columns c0:c1,
    optionally decimated by ``factor`` (cells of factor × factor pixels)."""
    from rasterio.enums import Resampling
    from rasterio.windows import Window

    window = Window(c0, r0, c1 - c0, r1 - r0)
    shape = (len(bands), -(-(r1 - r0) // factor), -(-(c1 - c0) // factor))
    block = ds.read([b + 1 for b in bands], window=window, out_shape=shape,
                    resampling=resampling or Resampling.nearest)
    return block


def _shadows_and_buffer(ds, sieved_path, out_path, roles, scale, rules, pixel_m, profile,
                        feedback, budget_bytes):
    """Final mask, tile by tile with a halo (progress 45–90 %): clouds (cores
    and their edges) and their buffer at full resolution; the shadow search
    (the cloud moved away from the sun over dark ground) on a grid decimated
    so its reach stays within :data:`SHADOW_SEARCH_CELLS` cells, its
    footprint then cut to the dark pixels at full resolution."""
    from rasterio.enums import Resampling

    shadow_px = rules.shadow_distance_m / pixel_m
    buffer_px = rules.buffer_m / pixel_m
    edge_px = rules.edge_m / pixel_m
    open_px = rules.thin_m / pixel_m / 2.0
    factor = max(1, int(np.ceil(shadow_px / SHADOW_SEARCH_CELLS)))
    near = int(np.ceil(edge_px + buffer_px + 2 * open_px)) + 1       # full-resolution halo
    far = int(np.ceil(edge_px + shadow_px + buffer_px)) + factor      # the search's halo
    dark_bands = _dark_band(roles)
    from ..raster.windows import iter_tiles

    # the tile side that keeps a tile and its halo within the memory budget
    per_pixel = 4 * (len(dark_bands) + 1) + MASK_TILE_MASKS_BYTES
    tile = int(np.clip(int(np.sqrt(budget_bytes / per_pixel)) - 2 * near, MIN_TILE, TILE))
    tiles = list(iter_tiles(ds.height, ds.width, tile, tile))
    counts = np.zeros(3, np.int64)
    with open_raster(sieved_path) as sieved, AtomicRasterWriter(out_path, profile) as writer:
        for index, (row, col, h, w) in enumerate(tiles):
            # full resolution: clouds with their edges, the dark pixels
            r0, c0 = max(0, row - near), max(0, col - near)
            r1, c1 = min(ds.height, row + h + near), min(ds.width, col + w + near)
            candidate = _read(sieved, [0], r0, c0, r1, c1)[0]
            ok = candidate != CLASS_NODATA
            cloud = _clouds(candidate, edge_px, open_px)
            signal = _read(ds, dark_bands, r0, c0, r1, c1).astype(np.float32).mean(0) * scale
            dark = _dark(signal, ok & ~cloud, rules) & ok
            # the shadow search, coarse, with the far halo
            R0, C0 = max(0, row - far), max(0, col - far)
            R0, C0 = R0 - R0 % factor, C0 - C0 % factor  # cells aligned to the grid
            R1, C1 = min(ds.height, row + h + far), min(ds.width, col + w + far)
            coarse = _read(sieved, [0], R0, C0, R1, C1, factor)[0]
            coarse_ok = coarse != CLASS_NODATA
            coarse_cloud = _clouds(coarse, edge_px / factor, open_px / factor)
            coarse_signal = _read(ds, dark_bands, R0, C0, R1, C1, factor,
                                  Resampling.average).astype(np.float32).mean(0) * scale
            coarse_dark = _dark(coarse_signal, coarse_ok & ~coarse_cloud, rules) & coarse_ok
            footprint = matched_shadow(coarse_cloud, coarse_dark, shadow_px / factor,
                                       rules.sun_azimuth_deg)
            footprint = np.repeat(np.repeat(footprint, factor, 0), factor, 1)
            footprint = footprint[r0 - R0:r0 - R0 + (r1 - r0), c0 - C0:c0 - C0 + (c1 - c0)]
            shadow = grow(footprint, factor) & dark & ~cloud
            cloud, shadow = grow(cloud, buffer_px), grow(shadow, buffer_px)
            out = np.full(cloud.shape, CLEAR, np.uint8)
            out[shadow] = SHADOW
            out[cloud] = CLOUD
            out[~ok] = CLASS_NODATA
            inside = out[row - r0:row - r0 + h, col - c0:col - c0 + w]
            counts += np.bincount(inside[inside != CLASS_NODATA].ravel(), minlength=3)[:3]
            writer.write(inside, (row, col, h, w))
            step(feedback, index + 1, len(tiles), 45, 45)
        writer.dataset.write_colormap(1, MASK_COLORS)
        writer.commit()
    total = max(int(counts.sum()), 1)
    return {"cloud_share": counts[CLOUD] / total, "shadow_share": counts[SHADOW] / total}


def _clouds(candidate, edge_px, open_px):
    """Cloud pixels of a candidate window: cores, and edge candidates
    within ``edge_px`` of a core that are not thinner than 2 × ``open_px``."""
    core = candidate == CORE
    return core | (grow(core, edge_px) & opened(candidate == EDGE, open_px))


def _dark(signal, clear, rules):
    """Pixels of ``signal`` (reflectance) at most ``shadow_ratio`` × its
    median over the ``clear`` pixels."""
    clear = clear & np.isfinite(signal)
    if not clear.any():
        return np.zeros(signal.shape, bool)
    return signal <= rules.shadow_ratio * float(np.median(signal[clear]))


def write_masked_image(image_path, mask_path, out_path, feedback=None, budget_bytes=32 * 2**20):
    """A copy of the image with cloud and shadow pixels set to no data (the
    image's own, else 0), on the same grid and type (progress 90–100 %)."""
    from rasterio.windows import Window

    feedback = as_feedback(feedback)
    with open_raster(image_path) as ds, open_raster(mask_path) as mask, rasterio_env():
        fill = ds.nodata if ds.nodata is not None else 0
        profile = {"count": ds.count, "dtype": ds.dtypes[0], "nodata": fill, "crs": ds.crs,
                   "transform": ds.transform, "width": ds.width, "height": ds.height}
        windows = plan_windows(ds.height, ds.width, ds.count + 1, 4, budget_bytes,
                               ds.block_shapes[0])
        with AtomicRasterWriter(out_path, profile) as writer:
            for index, (row, col, h, w) in enumerate(windows):
                window = Window(col, row, w, h)
                block = ds.read(window=window)
                masked = np.isin(mask.read(1, window=window), (CLOUD, SHADOW))
                block[:, masked] = fill
                writer.write(block, (row, col, h, w))
                step(feedback, index + 1, len(windows), 90, 10)
            for i in range(ds.count):
                if ds.descriptions[i]:
                    writer.dataset.set_band_description(i + 1, ds.descriptions[i])
            writer.commit()
    return out_path


__all__ = ["CLEAR", "CLOUD", "CloudRules", "MASK_NAMES", "SHADOW", "auto_scale",
           "cloud_candidates", "grow", "mask_clouds", "matched_shadow", "opened",
           "write_masked_image"]
