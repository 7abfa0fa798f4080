"""Class tables of the MineWatch models (no torch).

Land damage (methods §1, the paper's eight classes) and building extraction
(methods §2, two classes). The index is the model's output channel and the
value in the class raster. Damage types follow the Chinese land-damage
terms: excavation (挖损), occupation (压占); ``none`` for classes that are
not damage. Colours are RGB 0–255 for the class-map colour table.
"""
from dataclasses import dataclass

DAMAGE_NONE = "none"
DAMAGE_EXCAVATION = "excavation"
DAMAGE_OCCUPATION = "occupation"
DAMAGE_SUBSIDENCE = "subsidence"
DAMAGE_POLLUTION = "pollution"
# subsidence (塌陷) and pollution (污染) are not in the paper's table but are
# the other land-damage types of the Chinese standard; allowed for new models
DAMAGE_TYPES = (DAMAGE_NONE, DAMAGE_EXCAVATION, DAMAGE_OCCUPATION, DAMAGE_SUBSIDENCE, DAMAGE_POLLUTION)
DAMAGE_TYPE_ZH = {DAMAGE_NONE: "无", DAMAGE_EXCAVATION: "挖损", DAMAGE_OCCUPATION: "压占",
                  DAMAGE_SUBSIDENCE: "塌陷", DAMAGE_POLLUTION: "污染"}


@dataclass(frozen=True)
class ClassInfo:
    """One output class: index, English and Chinese name, damage type, RGB colour."""

    index: int
    name: str
    name_zh: str
    damage_type: str
    color: tuple


LAND_DAMAGE_CLASSES = (
    ClassInfo(0, "background", "其他", DAMAGE_NONE, (0, 0, 0)),
    ClassInfo(1, "open pit", "露天采场", DAMAGE_EXCAVATION, (230, 25, 45)),
    ClassInfo(2, "water", "水域", DAMAGE_EXCAVATION, (30, 110, 220)),
    ClassInfo(3, "vegetation", "植被", DAMAGE_NONE, (50, 160, 45)),
    ClassInfo(4, "living area", "生活区", DAMAGE_OCCUPATION, (255, 215, 0)),
    ClassInfo(5, "industrial site", "工业广场", DAMAGE_OCCUPATION, (150, 80, 170)),
    ClassInfo(6, "waste dump", "堆放场", DAMAGE_OCCUPATION, (140, 90, 45)),
    ClassInfo(7, "tailings pond", "尾矿库", DAMAGE_OCCUPATION, (0, 210, 210)),
)

BUILDING_CLASSES = (
    ClassInfo(0, "other", "其他", DAMAGE_NONE, (0, 0, 0)),
    ClassInfo(1, "building", "建筑物", DAMAGE_NONE, (255, 60, 0)),
)


def class_fields(classes):
    """The class fields of :class:`~.metadata.ModelMetadata` for a table:
    ``class_names``, ``class_names_zh``, ``class_colors``, ``damage_types``."""
    classes = sorted(classes, key=lambda c: c.index)
    if [c.index for c in classes] != list(range(len(classes))):
        raise ValueError("class indices must be 0 … n-1 without gaps")
    return {
        "class_names": [c.name for c in classes],
        "class_names_zh": [c.name_zh for c in classes],
        "class_colors": [list(c.color) for c in classes],
        "damage_types": [c.damage_type for c in classes],
    }
