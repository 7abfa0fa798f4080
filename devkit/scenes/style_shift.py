"""Another sensor's look on a synthetic scene (issue 14's training bench):
the same ground seen with other band gains and offsets (a sensor of
another response, another season's vegetation, more haze) and a coarser
pixel. The labels follow the pixel grid (nearest class of the coarser
pixel, by majority of its area)."""
import numpy as np


def shift_style(image_in, labels_in, image_out, labels_out, gains=(1.25, 1.1, 0.85, 0.7),
                offsets=(180.0, 120.0, 60.0, 0.0), pixel_factor=1.5):
    """Write ``image_out``/``labels_out``: ``image_in`` (bands × rows × cols,
    DN) times ``gains`` plus ``offsets`` per band, resampled to pixels
    ``pixel_factor`` times larger (average); the labels by mode."""
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.warp import reproject

    with rasterio.open(image_in) as src, rasterio.open(labels_in) as lab:
        width = int(round(src.width / pixel_factor))
        height = int(round(src.height / pixel_factor))
        transform = src.transform * src.transform.scale(src.width / width, src.height / height)
        profile = src.profile
        profile.update(width=width, height=height, transform=transform)
        data = src.read().astype(np.float32)
        for b in range(min(len(gains), data.shape[0])):
            data[b] = data[b] * gains[b] + offsets[b]
        info = np.iinfo(src.dtypes[0]) if np.dtype(src.dtypes[0]).kind in "ui" else None
        if info is not None:
            data = np.clip(data, info.min, info.max)
        image = np.empty((data.shape[0], height, width), np.float32)
        for b in range(data.shape[0]):
            reproject(data[b], image[b], src_transform=src.transform, src_crs=src.crs,
                      dst_transform=transform, dst_crs=src.crs, resampling=Resampling.average)
        classes = np.empty((height, width), np.uint8)
        reproject(lab.read(1), classes, src_transform=lab.transform, src_crs=lab.crs,
                  dst_transform=transform, dst_crs=lab.crs, resampling=Resampling.mode)
        label_profile = lab.profile
        label_profile.update(width=width, height=height, transform=transform)
        try:
            colormap = lab.colormap(1)
        except ValueError:  # no colour table
            colormap = None
        descriptions = src.descriptions
    with rasterio.open(image_out, "w", **profile) as dst:
        dst.write(np.rint(image).astype(profile["dtype"]) if info is not None
                  else image.astype(profile["dtype"]))
        for band, text in enumerate(descriptions, 1):
            if text:
                dst.set_band_description(band, text)
    with rasterio.open(labels_out, "w", **label_profile) as dst:
        dst.write(classes, 1)
        if colormap:
            dst.write_colormap(1, colormap)
    return image_out, labels_out
