"""Synthetic SAR amplitude stacks with known persistent scatterers.

Distributed scatterers get Rayleigh-distributed amplitudes (speckle), whose
dispersion index is about 0.52 whatever the mean. Planted PS pixels are
bright and stable: amplitude a·(1 + ε), ε ~ N(0, ps_noise²), so D_A ≈
ps_noise. Used by tests, the benchmark and the demo.
"""
import numpy as np


def simulate_amplitude_stack(height=200, width=300, n_dates=40, n_ps=150,
                             clutter_mean=100.0, ps_amplitude=600.0,
                             ps_noise=0.08, seed=0):
    """Return ``(stack, ps_rows, ps_cols)``: a float32 (n_dates, height,
    width) amplitude stack and the pixel indices of the planted PS (unique,
    sorted row-major)."""
    rng = np.random.default_rng(seed)
    # Rayleigh scale σ gives mean σ·√(π/2).
    scale = clutter_mean / np.sqrt(np.pi / 2)
    stack = rng.rayleigh(scale, size=(n_dates, height, width)).astype(np.float32)
    flat = rng.choice(height * width, size=n_ps, replace=False)
    flat.sort()
    rows, cols = np.divmod(flat, width)
    noise = rng.normal(0.0, ps_noise, size=(n_dates, n_ps))
    stack[:, rows, cols] = (ps_amplitude * (1.0 + noise)).astype(np.float32)
    return stack, rows.astype(np.int64), cols.astype(np.int64)


def write_stack(path, stack, crs="EPSG:32650", origin=(500000.0, 4200000.0),
                pixel_size=10.0, nodata=None, dtype=None, block=256):
    """Write a (bands, rows, cols) stack to a GeoTIFF on a north-up grid with
    ``pixel_size`` metres pixels, top-left corner at ``origin``, tiled in
    ``block`` × ``block`` pixel blocks (a multiple of 16)."""
    import rasterio
    from rasterio.transform import from_origin

    dtype = dtype or stack.dtype
    profile = dict(driver="GTiff", width=stack.shape[2], height=stack.shape[1],
                   count=stack.shape[0], dtype=dtype, crs=crs,
                   transform=from_origin(origin[0], origin[1], pixel_size, pixel_size),
                   tiled=True, blockxsize=block, blockysize=block, compress="deflate")
    if nodata is not None:
        profile["nodata"] = nodata
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(stack.astype(dtype, copy=False))
    return path
