"""Synthetic Gaofen-2-like mining scenes with their land-damage labels.

No public mining data set is reachable, so the default land-damage model
is trained on these. :func:`generate_mine_scene` paints a north-up scene
(whole arrays: this is a generator, sizes up to ~4096 px) in stages:

1. ground: relief, bare soil / gobi and farmland parcels (background);
2. vegetation patches favouring the hills (3), rivers and ponds (2);
3. site layout: open pits, waste dumps, tailings ponds, industrial sites
   and living areas at random non-overlapping places, a paved trunk road
   and dirt access roads (background) to each site;
4. the sites (see :mod:`.sites`), painted in the order dump,
   pit, tailings, industrial, living — later ones overwrite earlier ones
   where they touch, and the label is always that of the last painter;
   then scattered trees on what is still background;
5. the sensor: terrain shading (random sun), structure shadows, global
   gain, haze (additive path radiance, strongest in blue, spatially
   smooth), a mild blur (MTF), Gaussian noise and column striping, then
   10-bit-like DN (about 50–1000).

Outputs: a 4-band uint16 GeoTIFF (blue, green, red, NIR; DN) and a uint8
class GeoTIFF (0–7, :data:`models.classes.LAND_DAMAGE_CLASSES`) on the
same grid (pixel ``gsd_m`` metres, top-left corner ``origin``).
"""
import numpy as np
from scipy import ndimage

from minewatch.core.classmap.style import BAND_DESCRIPTION, band_tags, colormap
from minewatch.core.common.errors import MineWatchInputError, translatable
from minewatch.core.common.progress import as_feedback, step
from minewatch.core.raster.raster_io import AtomicRasterWriter
from minewatch.models.classes import LAND_DAMAGE_CLASSES

from .canvas import BANDS, Canvas, jittered_materials
from .landscape import (
    paint_ground,
    paint_ponds,
    paint_relief,
    paint_rivers,
    paint_roads,
    paint_trees,
    paint_vegetation,
)
from .sites import (
    paint_industrial,
    paint_living_area,
    paint_open_pit,
    paint_tailings_pond,
    paint_waste_dump,
)
from .terrain import cast_shadows, hillshade, smooth_noise

NUM_CLASSES = 8
MIN_SIZE, MAX_SIZE = 64, 8192

# kind: (painter, radius range in metres, mean count per 16.8 km² (a
# 2048² scene at 2 m), minimum count); order = painting order
SITE_KINDS = (
    ("waste_dump", paint_waste_dump, (120, 320), 2.5, 1),
    ("open_pit", paint_open_pit, (250, 650), 1.8, 1),
    ("tailings_pond", paint_tailings_pond, (150, 360), 0.9, 0),
    ("industrial_site", paint_industrial, (150, 380), 2.0, 1),
    ("living_area", paint_living_area, (150, 380), 2.0, 1),
)
# the big and the rare sites are placed first, while there is room
PLACEMENT_ORDER = ("open_pit", "tailings_pond", "waste_dump", "industrial_site", "living_area")
REFERENCE_AREA_M2 = (2048 * 2.0) ** 2
TAILINGS_PRESENCE = 0.9  # probability of at least one tailings pond


def write_natural_colour_style(image_path, dn, band_names):
    """A default QGIS style beside the image showing red, green and blue as
    such (2–98 % stretch), so the scene opens in natural colours whatever
    the band order (here B, G, R, NIR)."""
    from minewatch.core.classmap.style import qml_path
    from minewatch.core.common.outputs import write_text

    names = [str(n).lower() for n in band_names]
    if not {"red", "green", "blue"} <= set(names):
        return None
    channels = []
    for colour in ("red", "green", "blue"):
        band = names.index(colour)
        low, high = np.percentile(dn[band], [2, 98])
        channels.append(f"""      <{colour}ContrastEnhancement>
        <minValue>{low:g}</minValue><maxValue>{high:g}</maxValue>
        <algorithm>StretchToMinimumMaximum</algorithm>
      </{colour}ContrastEnhancement>""")
    bands = {c: names.index(c) + 1 for c in ("red", "green", "blue")}
    return write_text(qml_path(image_path), f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="multibandcolor" opacity="1" alphaBand="-1" redBand="{bands['red']}"
        greenBand="{bands['green']}" blueBand="{bands['blue']}">
{chr(10).join(channels)}
    </rasterrenderer>
  </pipe>
</qgis>
""")


def generate_mine_scene(image_path, label_path, size=2048, seed=0, gsd_m=2.0, epsg=32650,
                        origin=(500000.0, 4400000.0), feedback=None):
    """Write a synthetic scene and its labels; return a summary dict with
    ``class_pixels`` (8 counts), ``size``, ``seed``, ``gsd_m``, ``sites``
    (kind, row, col, radius px of each placed site), ``sun`` (azimuth,
    elevation degrees)."""
    size, gsd_m = int(size), float(gsd_m)
    if not MIN_SIZE <= size <= MAX_SIZE or gsd_m <= 0:
        raise MineWatchInputError(translatable(
            "Cannot make a {size} px scene at {gsd} m pixels. Give a size between "
            "{lo} and {hi} px and a positive pixel size."), size=size, gsd=gsd_m, lo=MIN_SIZE, hi=MAX_SIZE)
    fb = as_feedback(feedback)
    rng = np.random.default_rng(seed)
    cv = Canvas(size, gsd_m, rng, jittered_materials(rng))
    area_factor = (size * gsd_m) ** 2 / REFERENCE_AREA_M2

    hills = paint_relief(cv)
    paint_ground(cv)
    step(fb, 1, 10)
    paint_vegetation(cv, hills)
    del hills
    paint_rivers(cv, int(rng.poisson(0.9 * np.sqrt(area_factor))))  # they cross the scene
    paint_ponds(cv, int(rng.poisson(3.0 * area_factor)))
    step(fb, 3, 10)

    sites = plan_sites(cv, area_factor)
    paint_roads(cv, [(r, c) for _, r, c, _ in sites])
    step(fb, 4, 10)
    painters = {kind: painter for kind, painter, *_ in SITE_KINDS}
    for i, (kind, r, c, radius) in enumerate(sites):
        painters[kind](cv, r, c, radius, rng.uniform(0, np.pi))
        step(fb, 4 + 3 * (i + 1) / max(len(sites), 1), 10)

    paint_trees(cv, rng.uniform(20, 120))  # after the sites: only on background
    sun = (float(rng.uniform(120, 220)), float(rng.uniform(30, 65)))
    dn = render_sensor(cv, sun)
    step(fb, 8, 10)
    label = cv.label
    class_pixels = np.bincount(label.ravel(), minlength=NUM_CLASSES)[:NUM_CLASSES]
    write_scene(image_path, label_path, dn, label, gsd_m, epsg, origin)
    step(fb, 10, 10)
    return {"class_pixels": [int(n) for n in class_pixels], "size": size, "seed": seed,
            "gsd_m": gsd_m, "sun": sun,
            "sites": [(kind, float(r), float(c), float(rad)) for kind, r, c, rad in sites],
            "image": image_path, "labels": label_path}


def plan_sites(cv, area_factor):
    """Random site list [(kind, row, col, radius px)] in painting order;
    sites keep a gap between them and a margin to the scene edge where
    they can (they shrink, then give up, after many failed tries)."""
    rng = cv.rng
    limit = 0.22 * cv.size  # keep sites inside small scenes
    placed = []
    kinds = {k[0]: k for k in SITE_KINDS}
    for name in PLACEMENT_ORDER:
        kind, _, (r_lo, r_hi), mean, minimum = kinds[name]
        count = max(int(rng.poisson(mean * area_factor)), minimum)
        if kind == "tailings_pond" and count == 0 and rng.random() < TAILINGS_PRESENCE:
            count = 1
        for _ in range(count):
            radius = min(cv.px(rng.uniform(r_lo, r_hi)), limit)
            spot = _free_spot(rng, cv.size, radius, placed)
            while spot is None and radius > 0.05 * cv.size:
                radius *= 0.8
                spot = _free_spot(rng, cv.size, radius, placed)
            if spot is not None:
                placed.append((kind, spot[0], spot[1], radius))
    order = [k for k, *_ in SITE_KINDS]
    return sorted(placed, key=lambda s: order.index(s[0]))


def _free_spot(rng, size, radius, placed, tries=60):
    margin = 0.5 * radius
    for _ in range(tries):
        r, c = rng.uniform(margin, size - margin, 2)
        if all(np.hypot(r - pr, c - pc) > 1.15 * (radius + prad) for _, pr, pc, prad in placed):
            return r, c
    return None


def render_sensor(cv, sun):
    """Reflectance canvas → uint16 DN (4, rows, cols): terrain shading,
    shadows, gain, haze, blur, noise, striping."""
    rng = cv.rng
    azimuth, elevation = sun
    shade = hillshade(cv.dem, cv.gsd_m, azimuth, elevation)
    shade[cv.flat] = 1.0
    shade = 0.35 + 0.65 * shade  # skylight keeps slopes facing away from black
    shade[cast_shadows(cv.height, cv.gsd_m, azimuth, elevation)] *= rng.uniform(0.35, 0.55)
    gain = rng.uniform(0.85, 1.15) * (1.0 + rng.normal(0, 0.03, 4))
    haze = np.clip(rng.uniform(0.0, 1.0) + 0.5 * smooth_noise(rng, cv.shape, cv.px(rng.uniform(800, 2000))), 0, None)
    path_radiance = rng.uniform(10, 60) * np.array([1.0, 0.7, 0.45, 0.25])  # DN, strongest in blue
    offset = np.array([55.0, 50.0, 45.0, 40.0]) + rng.normal(0, 3, 4)  # dark current, DN
    scale = 1000.0  # DN per unit reflectance at gain 1
    sigma_blur = rng.uniform(0.4, 0.8)
    dn = np.empty((4,) + cv.shape, np.uint16)
    for b in range(4):
        band = cv.refl[b] * shade * (scale * gain[b])
        band += offset[b] + path_radiance[b] * haze
        band = ndimage.gaussian_filter(band, sigma_blur)
        band += rng.normal(0, rng.uniform(2, 5), cv.shape).astype(np.float32)
        band += rng.normal(0, 1.5, cv.size).astype(np.float32)[None, :]  # detector striping
        dn[b] = np.clip(np.rint(band), 1, 1023)
    return dn


def write_scene(image_path, label_path, dn, label, gsd_m, epsg, origin, band_names=BANDS,
                classes=LAND_DAMAGE_CLASSES):
    """Write the DN stack (bands, rows, cols; its dtype, one ``band_names``
    description per band) and the labels (a palette of ``classes``) as
    tiled, compressed GeoTIFFs with overviews (so quick looks and QGIS read
    little)."""
    import rasterio
    from rasterio.crs import CRS
    from rasterio.enums import Resampling
    from rasterio.transform import from_origin

    n = label.shape[0]
    # deflate level 1: noisy DN compress little better at higher levels
    grid = dict(width=n, height=n, crs=CRS.from_epsg(epsg), transform=from_origin(origin[0], origin[1], gsd_m, gsd_m),
                blockxsize=256, blockysize=256)
    levels = [f for f in (2, 4, 8, 16) if n // f >= 64]
    with AtomicRasterWriter(image_path, dict(grid, count=dn.shape[0], dtype=dn.dtype.name, predictor=2, zlevel=1)) as out:
        out.write(dn, (0, 0, n, n))
        for i, name in enumerate(band_names, start=1):
            out.dataset.set_band_description(i, name)
        if levels:
            out.dataset.build_overviews(levels, Resampling.average)
        out.commit()
    write_natural_colour_style(image_path, dn, band_names)
    with AtomicRasterWriter(label_path, dict(grid, count=1, dtype="uint8")) as out:
        out.dataset.write_colormap(1, colormap(classes))  # before the pixels
        out.write(label, (0, 0, n, n))
        out.dataset.set_band_description(1, BAND_DESCRIPTION)
        out.dataset.update_tags(1, **band_tags(classes))
        out.commit()
    if levels:  # after closing: GDAL then sees the palette and keeps class values
        with rasterio.open(label_path, "r+") as ds:
            ds.build_overviews(levels, Resampling.nearest)
