"""Synthetic building scenes and a tiny SegNet fitted on them, shared by
the Extract Buildings unit and QGIS tests and the benchmark.

A scene: bright roofs (rectangles, some turned) on darker, textured ground,
3 bands 8-bit (or one band scaled to uint16 "pan"), EPSG:32650 north-up.
"""
import math

import numpy as np
import rasterio
from affine import Affine
from outline_testlib import burn, rectangle

EPSG = "EPSG:32650"
ORIGIN = (500000.0, 4200000.0)
TINY_SEGNET = {"widths": [8, 16], "convs": [1, 2]}


def place_rectangles(rng, size_px, gsd, n, min_side=16, max_side=30, turned=0.3, margin=6):
    """Up to ``n`` non-overlapping rectangles (rings in map units, x/y
    relative to the image's top-left corner at ``ORIGIN``), sides in px
    between ``min_side`` and ``max_side``; axis-aligned ones have their
    corners on pixel edges."""
    rings, boxes = [], []
    for _ in range(50 * n):
        if len(rings) == n:
            break
        w, h = rng.integers(min_side, max_side + 1, 2)
        angle = float(rng.uniform(10, 80)) if rng.random() < turned else 0.0
        reach = math.hypot(w, h) / 2 if angle else max(w, h) / 2
        c = rng.integers(int(reach) + margin, size_px - int(reach) - margin, 2).astype(float)
        box = (c[0] - reach - margin, c[1] - reach - margin, c[0] + reach + margin,
               c[1] + reach + margin)
        if any(not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1])
               for b in boxes):
            continue
        boxes.append(box)
        if not angle and w % 2:
            c[0] += 0.5  # odd side: centre on a pixel centre so corners sit on edges
        if not angle and h % 2:
            c[1] += 0.5
        # pixel (col, row) → map (x, y)
        centre = (ORIGIN[0] + c[0] * gsd, ORIGIN[1] - c[1] * gsd)
        rings.append(rectangle(centre, w * gsd, h * gsd, angle))
    return rings


def transform_for(gsd):
    return Affine(gsd, 0, ORIGIN[0], 0, -gsd, ORIGIN[1])


def render(rings, size_px, gsd, rng, noise=10.0, transform=None):
    """(3, H, W) float image (0–255 scale) and the (H, W) truth mask;
    ``transform`` defaults to :func:`transform_for` ``(gsd)``."""
    mask = burn(rings, (size_px, size_px), transform or transform_for(gsd))
    ground = np.array([95.0, 105.0, 80.0])[:, None, None]
    # smooth ground texture, then per-pixel noise
    texture = rng.normal(0, 1, (size_px // 8 + 2, size_px // 8 + 2))
    texture = np.kron(texture, np.ones((8, 8)))[:size_px, :size_px] * 12.0
    image = ground + texture[None] + rng.normal(0, noise, (3, size_px, size_px))
    roof = np.array([205.0, 190.0, 175.0])[:, None, None] + rng.normal(0, noise, (3, size_px, size_px))
    image = np.where(mask[None] > 0, roof, image)
    return np.clip(image, 0, 255), mask


def write_scene(path, image, gsd, dtype="uint8", nodata=None, transform=None):
    profile = dict(driver="GTiff", width=image.shape[2], height=image.shape[1],
                   count=image.shape[0], dtype=dtype, crs=EPSG,
                   transform=transform or transform_for(gsd), nodata=nodata)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(image.astype(dtype))
    return str(path)


def building_scene(path, size_px=128, gsd=1.0, n=8, seed=0, pan_uint16=False, **placement):
    """Write a scene; returns (path, rings, truth mask). ``pan_uint16``:
    one band, the mean of the three, ×40 as uint16 with nodata 0."""
    rng = np.random.default_rng(seed)
    rings = place_rectangles(rng, size_px, gsd, n, **placement)
    image, mask = render(rings, size_px, gsd, rng)
    if pan_uint16:
        pan = image.mean(0, keepdims=True) * 40.0 + 100.0
        return write_scene(path, pan, gsd, "uint16", nodata=0), rings, mask
    return write_scene(path, image, gsd), rings, mask


def fit_tiny_segnet(path, steps=150, patch=64, batch=8, seed=0, input_scaling="fixed",
                    threads=1):
    """Fit a tiny SegNet (:data:`TINY_SEGNET`) on random synthetic patches
    and save it as a MineWatch model at ``path``; returns (path, IoU of the
    building class on fresh patches)."""
    import torch

    from minewatch.core.evaluation.metrics import confusion_matrix, scores_from_confusion
    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import BUILDING_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    old = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed + 1)

        def draw(k):
            xs, ys = [], []
            for _ in range(k):
                rings = place_rectangles(rng, patch, 1.0, 3, min_side=8, max_side=24, margin=1)
                image, mask = render(rings, patch, 1.0, rng)
                xs.append(image)
                ys.append(mask)
            return np.stack(xs).astype(np.float32), np.stack(ys).astype(np.int64)

        sample, _ = draw(16)
        mean = sample.mean((0, 2, 3))
        std = sample.std((0, 2, 3))

        def norm(x):
            return (x - mean[None, :, None, None]) / std[None, :, None, None]

        model = build_model("segnet", 3, 2, **TINY_SEGNET)
        optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
        for _ in range(steps):
            x, y = draw(batch)
            loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(norm(x))),
                                                     torch.from_numpy(y))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        model.eval()
        x, y = draw(8)
        with torch.inference_mode():
            pred = model(torch.from_numpy(norm(x))).argmax(1).numpy()
        iou = scores_from_confusion(confusion_matrix(y.ravel(), pred.ravel(), 2)).iou[1]
        metadata = ModelMetadata.for_model(
            model, classes=BUILDING_CLASSES, band_names=["red", "green", "blue"],
            band_mean=[float(v) for v in mean], band_std=[float(v) for v in std], gsd_m=1.0,
            tile_size=128, input_scaling=input_scaling, description="test: tiny SegNet")
        save_checkpoint(str(path), model, metadata)
    finally:
        torch.set_num_threads(old)
    return str(path), float(iou)
