"""Band names: the common spellings of a band's role (blue, green, red,
nir, pan) reduced to one key, so models, band descriptions and user input
can be matched."""

from typing import Any, Dict, Optional, Sequence

from ..common.messages import translatable

# what the log says when three unnamed 8-bit bands are taken as red, green,
# blue (when samples are made, and when an ImageNet encoder maps them)
ASSUMED_RGB = translatable(
    "The image's 3 bands have no names, so they are taken as red, green, blue. If the order "
    "differs, name the bands in the image's band descriptions (e.g. with gdal_edit.py "
    "-colorinterp_1 blue …) and make the samples again.")

# common spellings of band names → one key
BAND_ALIASES = {
    "b": "blue", "blue": "blue", "g": "green", "green": "green", "r": "red", "red": "red",
    "n": "nir", "nir": "nir", "nir1": "nir", "near infrared": "nir", "near-infrared": "nir",
    "infrared": "nir", "ir": "nir", "p": "pan", "pan": "pan", "panchromatic": "pan",
    "grey": "pan", "gray": "pan",
    # Sentinel-2's band names (zero-padded, so not Landsat's B2…B5)
    "b02": "blue", "b03": "green", "b04": "red", "b08": "nir",
}


def band_key(name):
    """The comparable key of a band name ("Near Infrared" → "nir")."""
    text = " ".join(str(name).lower().replace("_", " ").split())
    return BAND_ALIASES.get(text, text)


def image_band_names(descriptions, dtype, bands):
    """Names of the 1-based ``bands`` of an image with band ``descriptions``
    and data type ``dtype``: a band's description, else "band N"; three
    8-bit bands none of which is described are red, green, blue (the order
    of almost every RGB image and photo). (names, assumed_rgb)."""
    described = [descriptions[b - 1] if b - 1 < len(descriptions) else None for b in bands]
    if len(bands) == 3 and str(dtype) == "uint8" and not any(described):
        return ["red", "green", "blue"], True
    return [d or f"band {b}" for d, b in zip(described, bands)], False


def band_roles(descriptions: Sequence[Optional[str]]) -> Dict[str, int]:
    """{role: 0-based band index} for the bands whose description names a
    role (the first band of each role wins)."""
    roles: Dict[str, int] = {}
    for index, description in enumerate(descriptions):
        if description:
            roles.setdefault(band_key(description), index)
    return roles


def bands_by_name(descriptions: Sequence[Optional[str]], model_bands: Sequence[str]) -> Any:
    """The 1-based image bands, in the model's order, when the image's band
    ``descriptions`` name every one of the model's bands (``model_bands``,
    its stored band names) once; None when they do not (undescribed bands,
    other names, repeats)."""
    keys = [band_key(d) if d else None for d in descriptions]
    wanted = [band_key(b) for b in model_bands]
    if len(set(wanted)) != len(wanted):
        return None
    order = []
    for key in wanted:
        if keys.count(key) != 1:
            return None
        order.append(keys.index(key) + 1)
    return order


__all__ = ["ASSUMED_RGB", "BAND_ALIASES", "band_key", "band_roles", "bands_by_name", "image_band_names"]
