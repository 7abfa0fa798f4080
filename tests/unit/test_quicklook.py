"""PNG quick looks: size limits, stretch, class panel, decimated reads."""
import struct
import zlib

import numpy as np
import rasterio
from rasterio.transform import from_origin

from devkit.quicklook import stretch, write_png, write_quicklook
from minewatch.models.classes import LAND_DAMAGE_CLASSES


def read_png(path):
    """Decode an 8-bit RGB PNG written with filter type 0 (what write_png does)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 2)
    pos, idat = 8, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        tag = data[pos + 4:pos + 8]
        if tag == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, width * 3 + 1)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(height, width, 3)


def _write(path, array, nodata=None):
    count = array.shape[0]
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[2], height=array.shape[1], count=count,
                       dtype=array.dtype, crs="EPSG:32650", transform=from_origin(0, array.shape[1], 1, 1),
                       nodata=nodata) as ds:
        ds.write(array)
    return path


def test_png_roundtrip(tmp_path):
    rgb = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    assert np.array_equal(read_png(write_png(str(tmp_path / "a.png"), rgb)), rgb)


def test_stretch_ignores_invalid_pixels():
    band = np.arange(100, dtype=np.float32).reshape(10, 10)
    valid = band < 90
    out = stretch(band, valid)
    assert out[~valid].max() == 0 and out[0, 0] == 0 and out[8, 9] == 255


def test_image_only_quicklook_is_decimated_to_max_size(tmp_path):
    rng = np.random.default_rng(1)
    img = rng.integers(50, 1000, (4, 300, 500), dtype=np.uint16)
    path = _write(str(tmp_path / "img.tif"), img)
    png = write_quicklook(path, str(tmp_path / "q.png"), max_size=100)
    out = read_png(png)
    assert out.shape == (60, 100, 3)
    small = write_quicklook(path, str(tmp_path / "s.png"), max_size=1000)
    assert read_png(small).shape == (300, 500, 3)  # never enlarged


def test_quicklook_with_class_map(tmp_path):
    img = np.full((4, 400, 400), 300, np.uint16)
    img[:, :, 200:] = 700
    labels = np.zeros((1, 400, 400), np.uint8)
    labels[0, :200] = 3
    labels[0, 200:, :] = 255  # nodata: transparent
    image = _write(str(tmp_path / "img.tif"), img)
    klass = _write(str(tmp_path / "cls.tif"), labels, nodata=255)
    out = read_png(write_quicklook(image, str(tmp_path / "q.png"), klass, LAND_DAMAGE_CLASSES,
                                   max_size=128, alpha=1.0))
    assert max(out.shape[:2]) <= 2 * 128 + 64
    assert out.shape[0] > 128  # legend strip under the panels
    left, right = out[:128, :128], out[:128, -128:]
    assert np.array_equal(right[10, 10], [50, 160, 45])  # vegetation colour at alpha 1
    assert np.array_equal(right[-10, 10], left[-10, 10])  # nodata shows the image
    assert left[10, 10].sum() < left[10, -10].sum()  # dark / bright halves
