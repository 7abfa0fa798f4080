"""PNG quick looks of a scene and, optionally, its class map (no QGIS, no
matplotlib).

Only a decimated copy is read (rasterio ``out_shape``; GDAL serves it from
the file's overviews when it has them), at most ``max_size`` pixels on the
longer side, so a quick look of a large scene costs little memory.
"""
import struct
import zlib

import numpy as np

from minewatch.core.common.constants import CLASS_NODATA
from minewatch.core.raster.raster_io import open_raster, rasterio_env

GAP = 8  # px between the panels
SWATCH = 16  # legend swatch size, px

# 3×5 digits for the legend (class index beside each swatch)
_DIGITS = ["111101101101111", "010110010010111", "111001111100111", "111001111001111",
           "101101111001001", "111100111001111", "111100111101111", "111001001001001",
           "111101111101111", "111101111001111"]


def write_quicklook(image_path, png_path, class_path=None, classes=None, rgb_bands=(3, 2, 1),
                    max_size=1024, alpha=0.55):
    """Write an 8-bit RGB PNG of ``image_path`` (bands ``rgb_bands``,
    1-based, 2–98 % stretch per band; at most ``max_size`` px a side). With
    ``class_path`` the class map is drawn to the right of the image: class
    colours (of ``classes``: objects with ``index`` and ``color``; default
    the land-damage classes) blended over the image with opacity ``alpha``
    (1 = plain class map), nodata (255) transparent; under both a legend
    strip of colour swatches with the class indices. Returns ``png_path``."""
    rgb, valid = read_rgb(image_path, rgb_bands, max_size)
    canvas = rgb
    if class_path is not None:
        if classes is None:
            from minewatch.models.classes import LAND_DAMAGE_CLASSES as classes
        klass = read_decimated(class_path, 1, rgb.shape[:2], nearest=True)[0][0]
        known = klass != CLASS_NODATA
        overlay = rgb.astype(np.float32)
        overlay[known] = (1 - alpha) * overlay[known] + alpha * colour_lut(classes)[klass[known]]
        canvas = _mosaic(rgb, overlay.astype(np.uint8))
        canvas = np.concatenate([canvas, _legend(classes, canvas.shape[1])], axis=0)
    write_png(png_path, canvas)
    return png_path


def decimated_shape(dataset, max_size):
    """(rows, cols) no larger than ``max_size`` on the longer side."""
    factor = max(dataset.height, dataset.width) / float(max_size)
    if factor <= 1:
        return dataset.height, dataset.width
    return max(1, int(round(dataset.height / factor))), max(1, int(round(dataset.width / factor)))


def read_decimated(path, bands, shape, nearest=False):
    """Read ``bands`` (int or list, 1-based) of ``path`` resampled to
    ``shape``; returns (bands, rows, cols) and the nodata values."""
    from rasterio.enums import Resampling

    bands = [bands] if isinstance(bands, int) else list(bands)
    with rasterio_env(), open_raster(path) as ds:
        data = ds.read(bands, out_shape=(len(bands),) + tuple(shape),
                       resampling=Resampling.nearest if nearest else Resampling.average)
        nodata = [ds.nodatavals[b - 1] for b in bands]
    return data, nodata


def read_rgb(path, rgb_bands, max_size):
    """Stretched 8-bit (rows, cols, 3) image and its valid mask."""
    with open_raster(path) as ds:
        shape = decimated_shape(ds, max_size)
        count = ds.count
    bands = [min(b, count) for b in rgb_bands]  # a 1- or 2-band raster still shows
    data, nodata = read_decimated(path, bands, shape)
    valid = np.ones(shape, bool)
    for band, nd in zip(data, nodata):
        if nd is not None:
            valid &= ~np.isnan(band) if np.isnan(nd) else band != nd
        if band.dtype.kind == "f":
            valid &= np.isfinite(band)
    out = np.zeros(shape + (3,), np.uint8)
    for i, band in enumerate(data):
        out[..., i] = stretch(band, valid)
    return out, valid


def stretch(band, valid, low=2.0, high=98.0):
    """Linear 2–98 % percentile stretch of the valid pixels to 0–255."""
    values = band[valid]
    if values.size == 0:
        return np.zeros(band.shape, np.uint8)
    lo, hi = np.percentile(values, (low, high))
    scaled = (band.astype(np.float32) - lo) / max(float(hi - lo), 1e-9)
    return np.where(valid, np.clip(scaled * 255 + 0.5, 0, 255), 0).astype(np.uint8)


def colour_lut(classes):
    """(256, 3) uint8 colour of every byte value; unknown values black."""
    lut = np.zeros((256, 3), np.uint8)
    for c in classes:
        lut[int(c.index)] = c.color[:3]
    return lut


def _mosaic(left, right):
    h = left.shape[0]
    gap = np.full((h, GAP, 3), 255, np.uint8)
    return np.concatenate([left, gap, right], axis=1)


def _legend(classes, width):
    """A white strip with one swatch and index per class."""
    strip = np.full((SWATCH + 2 * GAP, width, 3), 255, np.uint8)
    x = GAP
    for c in sorted(classes, key=lambda c: c.index):
        if x + SWATCH + 16 > width:
            break
        strip[GAP:GAP + SWATCH, x:x + SWATCH] = c.color[:3]
        _draw_number(strip, GAP + 3, x + SWATCH + 3, int(c.index))
        x += SWATCH + 24
    return strip


def _draw_number(img, top, left, number, scale=2):
    for ch in str(number):
        glyph = np.array([int(b) for b in _DIGITS[int(ch)]], bool).reshape(5, 3)
        big = np.kron(glyph, np.ones((scale, scale), bool))
        region = img[top:top + big.shape[0], left:left + big.shape[1]]
        region[big[:region.shape[0], :region.shape[1]]] = 0
        left += 4 * scale


def write_png(path, rgb):
    """Write a (rows, cols, 3) uint8 array as an 8-bit RGB PNG (zlib)."""
    rgb = np.ascontiguousarray(rgb, np.uint8)
    h, w = rgb.shape[:2]
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * 3)], axis=1)  # filter 0

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b""))
    return path


def write_change_quicklook(earlier_path, later_path, change_path, png_path, classes,
                           max_size=512):
    """A PNG for people: the earlier and the later image in natural colours
    and the change map (transitions that changed land, coloured as in its
    colour table; unchanged land grey), with a legend of the changes
    present. ``classes``: the class table of the two class maps."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from minewatch.core.landdamage.change import NEW_DAMAGE, change_kind, split_code, transition_table

    table = {t.index: t for t in transition_table(classes)}
    images = {path: read_rgb(path, (3, 2, 1), max_size)[0] for path in (earlier_path, later_path)}
    codes = read_decimated(change_path, 1, images[later_path].shape[:2], nearest=True)[0][0]
    picture = np.full(codes.shape + (3,), 255, np.uint8)
    for code in np.unique(codes):
        if int(code) in table:
            picture[codes == code] = table[int(code)].color
    figure, axes = plt.subplots(1, 3, figsize=(12, 4.6))
    for ax, (path, title) in zip(axes, ((earlier_path, "earlier"), (later_path, "later"))):
        ax.imshow(images[path])
        ax.set_title(title)
    axes[2].imshow(picture, interpolation="nearest")
    axes[2].set_title("change")
    # one legend entry per colour (new damage per class, restored, changed,
    # other, unchanged), for colours covering at least 0.2 % of the map
    entries = {}
    for code in np.unique(codes):
        info = table.get(int(code))
        if info is None or (codes == code).sum() < 0.002 * codes.size:
            continue
        before, after = split_code(code)
        kind = change_kind(classes[before], classes[after])
        label = f"{kind}: {info.name.split(' → ')[1]}" if kind == NEW_DAMAGE else kind
        entries.setdefault(label, info.color)
    entries["no data (cloud)"] = (255, 255, 255)
    axes[2].legend(handles=[Patch(facecolor=np.array(c) / 255.0, edgecolor="0.6", label=label)
                            for label, c in entries.items()], loc="upper left",
                   bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
    for ax in axes:
        ax.axis("off")
    figure.savefig(png_path, dpi=80, bbox_inches="tight")
    plt.close(figure)
    return png_path
