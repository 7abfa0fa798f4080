"""Two dates of one synthetic mining scene, with the true change known
(issue 16: tests and ``make demo`` of the yearly monitoring).

The earlier date is :func:`.mine.generate_mine_scene`. The later date
changes its land and its sensor:

- the open pit grows (a ring around it, over background and vegetation);
- the tailings pond is extended;
- one waste dump is reclaimed to vegetation;
- a new waste dump is tipped on background ground;
- radiometric change: gain and offset per band, and haze (strongest in
  blue);
- a few clouds with their shadows (``clouds``).

New land takes the texture of the same class elsewhere in the earlier
image (copied with a shift, so it keeps its spatial structure). Files:
``earlier.tif``/``earlier_labels.tif``, ``later.tif``/``later_labels.tif``
(the true classes of the later date, under clouds too) and
``later_clouds.tif`` (1 cloud, 2 shadow, 0 clear).
"""
import os

import numpy as np
from scipy import ndimage

from .clouds import add_clouds
from .mine import generate_mine_scene, write_scene
from .terrain import smooth_noise

BACKGROUND, OPEN_PIT, WATER, VEGETATION, LIVING, INDUSTRIAL, DUMP, TAILINGS = range(8)
GAIN = (1.18, 1.12, 1.06, 0.92)   # later / earlier, per band (blue, green, red, NIR)
OFFSET = (25.0, 15.0, 8.0, -5.0)  # DN


def _largest(mask):
    """The largest connected part of ``mask`` (empty if none)."""
    labels, n = ndimage.label(mask)
    if not n:
        return mask & False
    sizes = ndimage.sum(mask, labels, range(1, n + 1))
    return labels == (1 + int(np.argmax(sizes)))


def _disc(shape, centre, radius):
    rr, cc = np.ogrid[:shape[0], :shape[1]]
    return (rr - centre[0]) ** 2 + (cc - centre[1]) ** 2 <= radius ** 2


def fill_with_texture(dn, target, donor_class, labels, rng, tries=300):
    """Paint ``target`` pixels of ``dn`` (bands, rows, cols) with shifted
    copies of the pixels of ``donor_class`` in ``labels`` (greedy: the
    shift that covers most of what is left, then the next)."""
    rows, cols = labels.shape
    donor = labels == donor_class
    left = target.copy()
    for _ in range(12):
        if not left.any() or not donor.any():
            break
        rr, cc = np.nonzero(left)
        best, best_hit = None, None
        for _ in range(tries):
            dr, dc = rng.integers(-rows // 2, rows // 2), rng.integers(-cols // 2, cols // 2)
            r2, c2 = rr + dr, cc + dc
            inside = (r2 >= 0) & (r2 < rows) & (c2 >= 0) & (c2 < cols)
            hit = inside.copy()
            hit[inside] = donor[r2[inside], c2[inside]]
            if best_hit is None or hit.sum() > best_hit.sum():
                best, best_hit = (dr, dc), hit
        dr, dc = best
        dn[:, rr[best_hit], cc[best_hit]] = dn[:, rr[best_hit] + dr, cc[best_hit] + dc]
        left[rr[best_hit], cc[best_hit]] = False
    if left.any():  # whatever no shift reached: the class's median
        dn[:, left] = np.median(dn[:, donor], axis=1)[:, None].astype(dn.dtype)


def generate_mine_pair(folder, size=512, seed=0, gsd_m=2.0, clouds=True, cloud_cover=0.08):
    """Write the two dates into ``folder``; return a dict of paths and the
    change made (``changed`` per kind: pixels)."""
    import rasterio

    os.makedirs(folder, exist_ok=True)
    paths = {name: os.path.join(folder, f"{name}.tif") for name in
             ("earlier", "earlier_labels", "later", "later_labels", "later_clouds")}
    info = generate_mine_scene(paths["earlier"], paths["earlier_labels"], size=size, seed=seed,
                               gsd_m=gsd_m)
    with rasterio.open(paths["earlier"]) as ds:
        dn, profile = ds.read(), ds.profile
    with rasterio.open(paths["earlier_labels"]) as ds:
        before = ds.read(1)
    rng = np.random.default_rng([seed, 16])
    after = before.copy()
    ground = np.isin(before, (BACKGROUND, VEGETATION))
    changed = {}
    pit = _largest(before == OPEN_PIT)
    ring = ndimage.binary_dilation(pit, iterations=max(4, size // 40)) & ground
    after[ring] = OPEN_PIT
    changed["pit grows"] = int(ring.sum())
    pond = _largest(before == TAILINGS)
    if pond.any():
        grown = ndimage.binary_dilation(pond, iterations=max(3, size // 64)) & ground & ~ring
        after[grown] = TAILINGS
        changed["tailings extended"] = int(grown.sum())
    dump = _largest(before == DUMP)
    after[dump] = VEGETATION
    changed["dump reclaimed"] = int(dump.sum())
    free = ndimage.binary_erosion(after == BACKGROUND, iterations=size // 16)
    if free.any():
        r, c = np.argwhere(free)[rng.integers(free.sum())]
        new = _disc(before.shape, (r, c), size // 20) & (after == BACKGROUND)
        after[new] = DUMP
        changed["new dump"] = int(new.sum())
    later = dn.copy()
    for k in (OPEN_PIT, TAILINGS, VEGETATION, DUMP):
        fill_with_texture(later, (after == k) & (before != k), k, before, rng)
    haze = np.clip(0.5 + 0.5 * smooth_noise(rng, before.shape, size / 3), 0, None)
    radiometry = later.astype(np.float32)
    for b in range(later.shape[0]):
        radiometry[b] = radiometry[b] * GAIN[b] + OFFSET[b] + 30.0 * (1.0 - 0.2 * b) * haze
    later = np.clip(np.rint(radiometry), 1, 1023).astype(dn.dtype)
    cloud_mask = np.zeros(before.shape, np.uint8)
    if clouds:
        later, cloud, shadow = add_clouds(later, rng, gsd_m, cover=cloud_cover,
                                          azimuth_deg=info["sun"][0])
        cloud_mask[shadow] = 2
        cloud_mask[cloud] = 1
    transform = profile["transform"]
    origin = (transform.c, transform.f)
    epsg = profile["crs"].to_epsg()
    write_scene(paths["later"], paths["later_labels"], later, after, gsd_m, epsg, origin)
    with rasterio.open(paths["later_clouds"], "w", driver="GTiff", width=size, height=size,
                       count=1, dtype="uint8", crs=profile["crs"], transform=transform) as ds:
        ds.write(cloud_mask, 1)
    return dict(paths, changed=changed, sun=info["sun"])


__all__ = ["generate_mine_pair"]
