"""The class names a class raster carries: the ``CLASS_<k>`` band metadata
MineWatch writes into its class maps (style.band_tags), else GDAL category
names. Evaluate and Change compare them with the classes they are told."""
from typing import List, Optional, Sequence

from ..raster.raster_io import open_raster, rasterio_env


def stored_class_names(ds, band):
    """Class names stored in a class raster (``CLASS_<k>`` band metadata of
    MineWatch class maps, else GDAL category names), or None."""
    tags = ds.tags(band)
    named = {}
    for key, value in tags.items():
        if key.startswith("CLASS_") and key[6:].isdigit():
            named[int(key[6:])] = value
    if named:
        return [named.get(i, str(i)) for i in range(max(named) + 1)]
    names = _category_names(ds.name, band)
    return names or None


def read_class_names(path: str, band: int = 1) -> Optional[List[str]]:
    """:func:`stored_class_names` of the raster file at ``path``."""
    with rasterio_env(), open_raster(path) as ds:
        return stored_class_names(ds, band)


def _category_names(path, band):
    try:
        from osgeo import gdal

        from ..raster.gdal_modes import gdal_exceptions
    except ImportError:
        return None
    try:
        with gdal_exceptions():
            ds = gdal.Open(path)
            names = ds.GetRasterBand(band).GetCategoryNames() or []
    except RuntimeError:
        return None
    while names and not names[-1]:
        names = names[:-1]
    return [name or str(i) for i, name in enumerate(names)]


def plain_name(name: object) -> str:
    """A stored class name without its Chinese part, for comparing:
    "open pit (露天采场)" → "open pit"."""
    return str(name).split(" (")[0].strip().casefold()


def same_classes(names_a: Sequence[object], names_b: Sequence[object]) -> bool:
    """Whether two stored class tables name the same classes in the same order."""
    return [plain_name(n) for n in names_a] == [plain_name(n) for n in names_b]


__all__ = ["plain_name", "read_class_names", "same_classes", "stored_class_names"]
