"""The model files shipped with the plugin (``models/weights``), made by
``scripts/make_weights.py`` and ``scripts/make_building_weights.py``:
the land-damage model (classes learnt on synthetic scenes) and the building
model (trained on real drone imagery, see weights/PRETRAINED_LICENCES.md)."""
import os

WEIGHTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")
LAND_DAMAGE_MODEL = os.path.join(WEIGHTS_DIR, "land_damage_default.safetensors")
BUILDING_MODEL = os.path.join(WEIGHTS_DIR, "buildings_default.safetensors")
SHIPPED_MODELS = (LAND_DAMAGE_MODEL, BUILDING_MODEL)
# shipped models whose classes were learnt on synthetic scenes only: on real
# labels a training run learnt better from the ImageNet encoder than from
# them (validation MIoU of the Dubai land-cover bench, README), so training
# starts from one only when the user gives it as the initial model
SYNTHETIC_ONLY = (LAND_DAMAGE_MODEL,)


def shipped_for(architecture: str) -> str:
    """The shipped model file of ``architecture`` ('' when none is shipped or
    the file is missing); reads only the files' metadata."""
    from .checkpoint import read_metadata

    for path in SHIPPED_MODELS:
        if os.path.isfile(path) and read_metadata(path).architecture == architecture:
            return path
    return ""


def training_start_for(architecture: str) -> str:
    """The shipped model a training run of ``architecture`` starts from when
    the user gives none: :func:`shipped_for`, unless that model learnt only
    synthetic scenes (:data:`SYNTHETIC_ONLY`); '' = a fresh network (with an
    ImageNet encoder where the architecture has one)."""
    path = shipped_for(architecture)
    return path if learnt_real_imagery(path) else ""


def learnt_real_imagery(path: str) -> bool:
    """Whether the shipped model file ``path`` learnt its classes on real
    imagery (not one of :data:`SYNTHETIC_ONLY`)."""
    return path not in SYNTHETIC_ONLY


__all__ = ["BUILDING_MODEL", "LAND_DAMAGE_MODEL", "SHIPPED_MODELS", "SYNTHETIC_ONLY", "WEIGHTS_DIR",
           "learnt_real_imagery", "shipped_for", "training_start_for"]
