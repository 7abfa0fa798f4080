"""The canvas the synthetic scene is painted on, and its materials.

A material is a surface reflectance (0–1) in the four Gaofen-2 PMS bands
in the order blue, green, red, NIR. Values follow typical GF-2 surface
reflectance: vegetation dark in the visible with a high NIR plateau, water
dark with the lowest NIR, bare rock and concrete bright and flat across
the bands. Each scene jitters every material (gain and per-band tint), so
a model trained on several seeds must generalise across appearances.
"""
from dataclasses import dataclass, field

import numpy as np

BANDS = ("blue", "green", "red", "nir")

MATERIALS = {
    # background: bare ground, farmland, roads
    "soil": (0.125, 0.145, 0.165, 0.200),
    "gobi": (0.150, 0.170, 0.190, 0.220),
    "field_bare": (0.095, 0.125, 0.155, 0.195),
    "field_stubble": (0.120, 0.150, 0.180, 0.215),
    "crop": (0.050, 0.085, 0.065, 0.270),
    "crop_young": (0.075, 0.105, 0.105, 0.220),
    "road_paved": (0.085, 0.095, 0.105, 0.115),
    "road_dirt": (0.160, 0.185, 0.215, 0.245),
    "tree": (0.035, 0.062, 0.040, 0.300),
    # vegetation
    "forest": (0.036, 0.062, 0.042, 0.330),
    "grass": (0.048, 0.088, 0.058, 0.360),
    # water
    "water": (0.065, 0.065, 0.040, 0.018),
    "water_turbid": (0.085, 0.105, 0.090, 0.035),
    # open pit
    "rock_grey": (0.190, 0.210, 0.230, 0.250),
    "rock_ochre": (0.140, 0.185, 0.245, 0.280),
    "rock_dark": (0.085, 0.090, 0.095, 0.105),
    # waste dump
    "spoil": (0.120, 0.130, 0.140, 0.160),
    "spoil_brown": (0.105, 0.125, 0.155, 0.175),
    # tailings pond
    "dyke": (0.300, 0.320, 0.330, 0.350),
    "beach": (0.235, 0.250, 0.250, 0.265),
    "slurry": (0.105, 0.150, 0.115, 0.050),
    # industrial site
    "concrete": (0.205, 0.225, 0.235, 0.255),
    "roof_white": (0.380, 0.400, 0.410, 0.430),
    "roof_blue": (0.240, 0.195, 0.125, 0.150),
    "coal": (0.035, 0.037, 0.040, 0.045),
    "ore": (0.120, 0.130, 0.150, 0.170),
    # living area
    "roof_red": (0.070, 0.080, 0.190, 0.230),
    "roof_grey": (0.145, 0.155, 0.165, 0.180),
    "yard": (0.110, 0.130, 0.150, 0.180),
}


def jittered_materials(rng, gain_sd=0.06, tint_sd=0.03, table=None):
    """Per-scene materials: each reflectance of ``table`` (default
    :data:`MATERIALS`) × (1 + N(0, gain_sd)) × per band (1 + N(0, tint_sd))."""
    table = MATERIALS if table is None else table
    out = {}
    for name in sorted(table):
        base = np.asarray(table[name], np.float32)
        gain = 1.0 + rng.normal(0, gain_sd)
        tint = 1.0 + rng.normal(0, tint_sd, size=4)
        out[name] = np.clip(base * gain * tint, 0.005, 0.9).astype(np.float32)
    return out


@dataclass
class Canvas:
    """Arrays of the scene being built, all (rows, cols) on the output grid:
    ``refl`` (4, rows, cols) reflectance, ``dem`` terrain height (m),
    ``height`` structures above ground (m, buildings and trees: they cast
    shadows), ``flat`` pixels excluded from terrain shading (water
    surfaces), ``label`` class index."""

    size: int
    gsd_m: float
    rng: np.random.Generator
    materials: dict
    refl: np.ndarray = field(init=False)
    dem: np.ndarray = field(init=False)
    height: np.ndarray = field(init=False)
    flat: np.ndarray = field(init=False)
    label: np.ndarray = field(init=False)

    def __post_init__(self):
        n = self.size
        self.refl = np.zeros((4, n, n), np.float32)
        self.dem = np.zeros((n, n), np.float32)
        self.height = np.zeros((n, n), np.float32)
        self.flat = np.zeros((n, n), bool)
        self.label = np.zeros((n, n), np.uint8)

    @property
    def shape(self):
        return (self.size, self.size)

    def px(self, metres):
        """A length in metres as pixels."""
        return metres / self.gsd_m

    def paint(self, window, mask, material, label=None, texture=None, amount=0.0):
        """Set ``material`` (a name or a reflectance 4-vector) on ``mask``
        pixels of ``window``, modulated by ``1 + amount·texture``; set
        ``label`` there when given."""
        colour = self.materials[material] if isinstance(material, str) else np.asarray(material, np.float32)
        mod = 1.0 if texture is None else (1.0 + amount * texture[mask])
        sub = self.refl[(slice(None),) + tuple(window)]
        for b in range(4):
            sub[b][mask] = colour[b] * mod
        if label is not None:
            self.label[window][mask] = label

    def blend(self, window, mask, material, weight):
        """Mix ``material`` into ``mask`` pixels with ``weight`` (0–1, an
        array over the window or a number), leaving labels alone."""
        colour = self.materials[material] if isinstance(material, str) else np.asarray(material, np.float32)
        wgt = weight[mask] if np.ndim(weight) else weight
        sub = self.refl[(slice(None),) + tuple(window)]
        for b in range(4):
            sub[b][mask] = sub[b][mask] * (1 - wgt) + colour[b] * wgt
