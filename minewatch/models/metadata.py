"""What a MineWatch model file says about its model (no torch).

:class:`ModelMetadata` is stored as one JSON string under the
``__metadata__["minewatch"]`` key of the checkpoint header. Conventions:
class index = output channel = class-raster value; ``class_colors`` RGB
0–255; ``band_mean``/``band_std`` in the raw units of the input image,
one per model input band in ``band_names`` order, the model seeing
(raw − mean) / std; ``gsd_m`` the training imagery's ground sample
distance in metres; ``tile_size`` the training/inference tile in pixels;
``created`` ISO 8601 UTC. ``input_scaling``: "fixed" (default, and what
files without the key mean) normalises with the stored statistics;
"scene" standardises each input band with the mean/std of the scene being
classified (over its valid pixels), so the model works on any DN scale.
"""
import dataclasses
import datetime
import json
import math
import os
from dataclasses import dataclass, field

from ..core.common.constants import MAX_BANDS, MAX_CLASSES, MAX_TILE_SIZE
from ..core.common.errors import translatable
from .classes import DAMAGE_TYPES, ClassInfo, class_fields
from .errors import CheckpointError
from .registry import ARCHITECTURES, arch_kwargs_problem

FORMAT_NAME = "minewatch-checkpoint"
FORMAT_VERSION = 1
INPUT_SCALINGS = ("fixed", "scene")


def plugin_version():
    """The plugin's version from its metadata.txt, or "unknown"."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "metadata.txt")
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def _bad(name, problem, **values):
    return CheckpointError("The model metadata field '{field}' is invalid: " + problem +
                           ". Save the model again with MineWatch (save_checkpoint) with a corrected value.",
                           field=name, **values)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


def _json_able(value):
    try:
        json.dumps(value, allow_nan=False)
        return True
    except (TypeError, ValueError):
        return False


@dataclass
class ModelMetadata:
    """Everything needed to rebuild a model and feed it correctly;
    validated on creation (:class:`CheckpointError` on a bad field)."""

    architecture: str
    arch_kwargs: dict
    in_channels: int
    num_classes: int
    class_names: list
    class_colors: list
    damage_types: list
    band_names: list
    band_mean: list
    band_std: list
    gsd_m: float
    tile_size: int
    class_names_zh: list = field(default_factory=list)
    training: dict = field(default_factory=dict)
    description: str = ""
    input_scaling: str = "fixed"
    plugin_version: str = field(default_factory=plugin_version)
    created: str = field(default_factory=_utc_now)
    format_version: int = FORMAT_VERSION

    def __post_init__(self):
        # tuples from callers become lists, as they would after a JSON round trip
        for name in ("class_names", "class_colors", "damage_types", "band_names", "band_mean",
                     "band_std", "class_names_zh"):
            value = getattr(self, name)
            if isinstance(value, tuple):
                setattr(self, name, list(value))
        if isinstance(self.class_colors, list):
            self.class_colors = [list(c) if isinstance(c, tuple) else c for c in self.class_colors]
        self.validate()

    def validate(self):
        """Raise :class:`CheckpointError` naming the first bad field."""
        v = self.format_version
        if not _is_int(v) or v < 1:
            raise _bad("format_version", "expected a positive integer, got {value!r}", value=v)
        if v > FORMAT_VERSION:
            raise CheckpointError(
                translatable("The model file uses checkpoint format version {version}, but this MineWatch "
                "({plugin}) reads up to version {supported}. Update the MineWatch plugin."),
                version=v, plugin=plugin_version(), supported=FORMAT_VERSION)
        if self.architecture not in ARCHITECTURES:
            raise _bad("architecture", "{value!r} is not a known architecture (known: {known}); "
                       "the model may need a newer MineWatch", value=self.architecture,
                       known=", ".join(ARCHITECTURES))
        if not isinstance(self.arch_kwargs, dict) or not _json_able(self.arch_kwargs):
            raise _bad("arch_kwargs", "expected a JSON object, got {value!r}", value=self.arch_kwargs)
        problem = arch_kwargs_problem(self.arch_kwargs)
        if problem:
            raise _bad("arch_kwargs", "{reason}", reason=problem)
        for name, low, high in (("in_channels", 1, MAX_BANDS), ("num_classes", 2, MAX_CLASSES)):
            value = getattr(self, name)
            if not _is_int(value) or not low <= value <= high:
                raise _bad(name, "expected an integer from {low} to {high}, got {value!r}",
                           low=low, high=high, value=value)
        self._check_list("class_names", self.num_classes, lambda x: isinstance(x, str) and x.strip(),
                         "non-empty names")
        if len(set(self.class_names)) != len(self.class_names):
            raise _bad("class_names", "names must be unique, got {value!r}", value=self.class_names)
        if self.class_names_zh:
            self._check_list("class_names_zh", self.num_classes, lambda x: isinstance(x, str), "names")
        self._check_list("class_colors", self.num_classes,
                         lambda c: isinstance(c, list) and len(c) == 3
                         and all(_is_int(x) and 0 <= x <= 255 for x in c), "[r, g, b] with 0–255 integers")
        self._check_list("damage_types", self.num_classes, lambda x: x in DAMAGE_TYPES,
                         "damage types (" + ", ".join(DAMAGE_TYPES) + ")")
        self._check_list("band_names", self.in_channels, lambda x: isinstance(x, str) and x.strip(),
                         "non-empty names")
        if len(set(self.band_names)) != len(self.band_names):
            raise _bad("band_names", "names must be unique, got {value!r}", value=self.band_names)
        self._check_list("band_mean", self.in_channels, _is_number, "finite numbers")
        self._check_list("band_std", self.in_channels, lambda x: _is_number(x) and x > 0,
                         "positive finite numbers")
        if not _is_number(self.gsd_m) or self.gsd_m <= 0:
            raise _bad("gsd_m", "expected the ground sample distance in metres (> 0), got {value!r}",
                       value=self.gsd_m)
        if not _is_int(self.tile_size) or not 16 <= self.tile_size <= MAX_TILE_SIZE:
            raise _bad("tile_size", "expected the tile size in pixels (an integer from 16 to "
                       "{high}), got {value!r}", high=MAX_TILE_SIZE, value=self.tile_size)
        if not isinstance(self.training, dict) or not _json_able(self.training):
            raise _bad("training", "expected a JSON object, got {value!r}", value=self.training)
        if self.input_scaling not in INPUT_SCALINGS:
            raise _bad("input_scaling", "expected one of {known}, got {value!r}",
                       known=", ".join(INPUT_SCALINGS), value=self.input_scaling)
        for name in ("description", "plugin_version", "created"):
            if not isinstance(getattr(self, name), str):
                raise _bad(name, "expected text, got {value!r}", value=getattr(self, name))

    def _check_list(self, name, length, ok, what):
        value = getattr(self, name)
        if not isinstance(value, list) or len(value) != length or not all(ok(x) for x in value):
            raise _bad(name, "expected a list of {length} {what}, got {value!r}",
                       length=length, what=what, value=value)

    def class_table(self):
        """The classes as a tuple of :class:`~.classes.ClassInfo`."""
        zh = self.class_names_zh or [""] * self.num_classes
        return tuple(ClassInfo(i, n, z, d, tuple(c)) for i, (n, z, d, c) in
                     enumerate(zip(self.class_names, zh, self.damage_types, self.class_colors)))

    def to_dict(self):
        return dataclasses.asdict(self)

    def to_json(self):
        return json.dumps(self.to_dict(), ensure_ascii=False, allow_nan=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data):
        """Validated metadata from a dict; unknown keys (from a later minor
        version) are ignored, missing required ones are an error."""
        if not isinstance(data, dict):
            raise CheckpointError(translatable("The model metadata is not a JSON object. The file was not written "
                                  "by MineWatch's save_checkpoint; save the model again with it."))
        version = data.get("format_version")
        if _is_int(version) and version > FORMAT_VERSION:
            raise CheckpointError(
                translatable("The model file uses checkpoint format version {version}, but this MineWatch "
                "({plugin}) reads up to version {supported}. Update the MineWatch plugin."),
                version=version, plugin=plugin_version(), supported=FORMAT_VERSION)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        missing = [name for name, f in fields.items() if name not in data
                   and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
        if "format_version" not in data:
            missing.insert(0, "format_version")
        if missing:
            raise CheckpointError(
                translatable("The model metadata lacks the field(s) {fields}. The file was not written by MineWatch's "
                "save_checkpoint or is damaged; save the model again with it."), fields=", ".join(missing))
        return cls(**{k: v for k, v in data.items() if k in fields})

    @classmethod
    def from_json(cls, text):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CheckpointError(translatable("The model metadata is not valid JSON ({error}). The file is damaged; "
                                  "save the model again."), error=str(exc)) from None
        return cls.from_dict(data)

    @classmethod
    def for_model(cls, model, classes=None, **fields):
        """Metadata for a model made by ``registry.build_model``: its
        architecture, kwargs and sizes are filled in; ``classes`` (a class
        table such as ``LAND_DAMAGE_CLASSES``) fills the class fields."""
        arch = getattr(model, "minewatch_arch", None)
        if arch is None:
            raise ValueError("the model was not made by minewatch.models.registry.build_model; "
                             "give architecture, arch_kwargs, in_channels, num_classes yourself")
        values = json.loads(json.dumps(arch))  # a copy: the model keeps its own dict
        if classes is not None:
            values.update(class_fields(classes))
        values.update(fields)
        return cls(**values)
