"""Year-on-year land-damage change: two class maps → transitions, their
areas and what they mean for monitoring (issue 16; the paper's new damage
and restored land per damage type).

Conventions: class maps are uint8 rasters of class indices (``nodata``
255, see :data:`~..common.constants.CLASS_NODATA`) with the same class
table. The earlier map is read onto the later map's grid by nearest
neighbour (any CRS or resolution), window by window. A transition is coded
``from·16 + to`` (uint8; so at most :data:`MAX_CHANGE_CLASSES` classes),
255 = no data in either map or an ignored class.

Change kinds, from the damage type of each class (``none`` = not
damage):

- ``unchanged``: same class, not damage;
- ``persisting``: same class, damage;
- ``new damage``: not damage → damage (excavation, occupation …);
- ``restored``: damage → not damage (vegetation, background);
- ``changed``: damage → damage of another class;
- ``other``: not damage → another class that is not damage.

``min_area_m2`` sets a minimum mapping unit: connected patches (8-connected)
of one transition smaller than it take the transition around them (GDAL's
sieve filter, which streams over the raster).
"""
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ...models.classes import DAMAGE_NONE, ClassInfo
from ..classmap.areas import class_areas
from ..classmap.class_tables import values_to_indices
from ..common.constants import CLASS_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.outputs import hidden_temp_path
from ..common.progress import as_feedback, step
from ..raster.raster_io import (
    AtomicRasterWriter,
    check_raster_output,
    gsd_metres,
    holds_class_indices,
    open_raster,
    rasterio_env,
)
from ..raster.sieve import sieve_raster
from ..raster.windows import plan_windows

MAX_CHANGE_CLASSES = 15  # 14·16 + 14 = 238 < 255 (no data)
CODE_BASE = 16
UNCHANGED, PERSISTING, NEW_DAMAGE, RESTORED, CHANGED, OTHER = (
    "unchanged", "persisting", "new damage", "restored", "changed", "other")
CHANGE_KINDS = (UNCHANGED, PERSISTING, NEW_DAMAGE, RESTORED, CHANGED, OTHER)
# colours of the transition map: grey where nothing changed, the later
# class's colour for new damage, greens for restored land
KIND_COLORS = {UNCHANGED: (225, 225, 225), PERSISTING: (150, 150, 150), RESTORED: (40, 170, 60),
               CHANGED: (255, 140, 0), OTHER: (180, 200, 230)}
# colours of the change polygons (from ≠ to) by kind: new damage red
POLYGON_COLORS = {NEW_DAMAGE: (224, 49, 49), RESTORED: KIND_COLORS[RESTORED],
                  CHANGED: KIND_COLORS[CHANGED], OTHER: KIND_COLORS[OTHER]}


def transition_code(before, after):
    """Transition code of class ``before`` → ``after``."""
    return before * CODE_BASE + after


def split_code(code: Any) -> Tuple[Any, Any]:
    """(earlier class, later class) of a transition code."""
    return divmod(int(code), CODE_BASE)


def counted_damage_type(before: Any, after: Any, kind: Any) -> Any:
    """The damage type a change counts under: the new class's for new
    damage, the old class's otherwise (restored land, persisting or changed
    damage)."""
    return after.damage_type if kind == NEW_DAMAGE else before.damage_type


def change_kind(before: Any, after: Any) -> Any:
    """Change kind (see the module doc) of ``before`` → ``after``
    (:class:`ClassInfo`)."""
    damaged_before = before.damage_type != DAMAGE_NONE
    damaged_after = after.damage_type != DAMAGE_NONE
    if before.index == after.index:
        return PERSISTING if damaged_before else UNCHANGED
    if not damaged_before:
        return NEW_DAMAGE if damaged_after else OTHER
    return CHANGED if damaged_after else RESTORED


def transition_table(classes: Sequence[Any]) -> Tuple[Any, ...]:
    """One :class:`ClassInfo` per possible transition (index = code, name
    "open pit → vegetation", Chinese name, damage type of the later class,
    colour by change kind), for the colour table, legend and polygons."""
    table = []
    for a in classes:
        for b in classes:
            kind = change_kind(a, b)
            color = tuple(b.color) if kind == NEW_DAMAGE else KIND_COLORS[kind]
            name_zh = f"{a.name_zh} → {b.name_zh}" if a.name_zh and b.name_zh else ""
            table.append(ClassInfo(transition_code(a.index, b.index), f"{a.name} → {b.name}",
                                   name_zh, b.damage_type, color))
    return tuple(table)


def drawn_transitions(classes: Sequence[Any], transitions: Sequence[Any]) -> List[Any]:
    """The ``transitions`` (entries of :func:`transition_table`) the change
    map draws: all but 'unchanged', which is left out of the style so the
    image under the map shows there."""
    info = {c.index: c for c in classes}
    drawn = []
    for transition in transitions:
        before, after = split_code(transition.index)
        if change_kind(info[before], info[after]) != UNCHANGED:
            drawn.append(transition)
    return drawn


@dataclass
class ChangeResult:
    """What :func:`detect_change` measured: ``matrix_m2`` (K, K) area from
    class i (rows, earlier) to class j (columns, later) in m², the
    ``classes``, and per damage type the km² of new damage, restored land,
    persisting damage and changed type (``by_type``: {type: {kind: km²}};
    a new-damage area counts under the later class's type, the others
    under the earlier one's)."""

    matrix_m2: np.ndarray
    classes: tuple
    by_type: dict

    def total_km2(self, kind):
        """Total km² of one change kind over every damage type."""
        return float(sum(kinds.get(kind, 0.0) for kinds in self.by_type.values()))


def check_change_classes(classes: Sequence[Any]) -> None:
    """Refuse class tables the transition code cannot hold."""
    if len(classes) > MAX_CHANGE_CLASSES:
        raise MineWatchInputError(translatable(
            "The class maps have {n} classes; change detection codes a transition as "
            "from·16 + to and handles at most {most}. Merge classes first (e.g. with the "
            "Raster calculator)."), n=len(classes), most=MAX_CHANGE_CLASSES)


def check_stored_classes(earlier_path: str, later_path: str, classes: Sequence[Any],
                         given: bool) -> None:
    """Refuse two class maps whose stored class names (written by the model
    that made them) disagree with each other or with ``classes``, the table
    the change is computed with (``given``: the user named it; else the
    land-damage default). Maps without stored names pass."""
    from ..classmap.stored_names import read_class_names, same_classes

    stored = {path: read_class_names(path) for path in (earlier_path, later_path)}
    named = {path: names for path, names in stored.items() if names}
    if len(named) == 2 and not same_classes(named[earlier_path], named[later_path]):
        raise MineWatchInputError(translatable(
            "The two class maps name their classes differently (earlier: {earlier}; later: "
            "{later}). Compare maps made with the same classes in the same order, e.g. by "
            "the same model."), earlier=", ".join(named[earlier_path]),
            later=", ".join(named[later_path]))
    for path, names in named.items():
        if not same_classes(names, [c.name for c in classes]):
            template = translatable(
                "The class map {path} holds the classes {stored}, but the change is computed "
                "for {expected}. Give the classes the maps hold in Class names, or compare "
                "maps made for these classes.") if given else translatable(
                "The class map {path} holds the classes {stored}, not the land-damage classes "
                "the change is computed for by default. Give the classes the maps hold in "
                "Class names.")
            raise MineWatchInputError(template, path=path, stored=", ".join(names),
                                      expected=", ".join(c.name for c in classes))


def write_transitions(earlier_path: str, later_path: str, out_path: str, classes: Sequence[Any],
                      *, ignore: Sequence[int] = (), min_area_m2: float = 0.0, feedback: Any = None,
                      budget_bytes: int = 32 * 2**20,
                      values: Optional[Sequence[int]] = None) -> str:
    """Write the transition raster of ``earlier_path`` → ``later_path`` on
    the later map's grid to ``out_path`` (GeoTIFF, uint8 codes, colour
    table) and apply the minimum mapping unit. Classes in ``ignore`` and
    no data in either map become no data. ``values``: the maps' class value
    table (value of class i at position i; values not in it are no class),
    None when the maps hold class indices. Progress 0–80 %."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT
    from rasterio.windows import Window

    from ..classmap.style import colormap

    feedback = as_feedback(feedback)
    check_change_classes(classes)
    check_raster_output(out_path)
    n = len(classes)
    lookup_ok = np.ones(256, bool)
    lookup_ok[[i for i in ignore if 0 <= i < 256]] = False
    lookup_ok[n:] = False
    with open_raster(later_path) as later, open_raster(earlier_path) as earlier, rasterio_env():
        if later.crs is None or earlier.crs is None:
            raise MineWatchInputError(translatable(
                "Both class maps need a coordinate reference system to be compared; "
                "assign the CRS of their source images first."))
        for ds, path in ((earlier, earlier_path), (later, later_path)):
            if not holds_class_indices(ds, 1):
                raise MineWatchInputError(translatable(
                    "'{path}' holds {dtype} values, not class indices: give the class map "
                    "made by Classify Land Damage, not an image or a probability map."),
                    path=path, dtype=ds.dtypes[0])
        profile = {"count": 1, "dtype": "uint8", "nodata": CLASS_NODATA, "crs": later.crs,
                   "transform": later.transform, "width": later.width, "height": later.height}
        later_nodata = later.nodata if later.nodata is not None else CLASS_NODATA
        earlier_nodata = earlier.nodata if earlier.nodata is not None else CLASS_NODATA
        with WarpedVRT(earlier, crs=later.crs, transform=later.transform, width=later.width,
                       height=later.height, resampling=Resampling.nearest,
                       nodata=earlier_nodata) as aligned:
            sieving = min_area_m2 > 0
            target = hidden_temp_path(out_path, "unsieved") if sieving else out_path
            windows = plan_windows(later.height, later.width, 3, 1, budget_bytes,
                                   later.block_shapes[0])
            compared = 0
            with AtomicRasterWriter(target, profile) as writer:
                for index, (row, col, h, w) in enumerate(windows):
                    window = Window(col, row, w, h)
                    after = later.read(1, window=window)
                    before = aligned.read(1, window=window)
                    valid = (after != later_nodata) & (before != earlier_nodata)
                    if values:
                        after = values_to_indices(after, values, -1)
                        before = values_to_indices(before, values, -1)
                    # class values beyond 255 (uint16 maps, −9999 fill) are no class
                    inside = (before >= 0) & (before < 256) & (after >= 0) & (after < 256)
                    valid &= inside
                    valid[inside] &= lookup_ok[before[inside].astype(np.intp)] \
                        & lookup_ok[after[inside].astype(np.intp)]
                    code = np.full(after.shape, CLASS_NODATA, np.uint8)
                    code[valid] = (before[valid].astype(np.int64) * CODE_BASE
                                   + after[valid].astype(np.int64)).astype(np.uint8)
                    compared += int(valid.sum())
                    writer.write(code, (row, col, h, w))
                    # raises Cancelled; the writer then removes its partial file
                    step(feedback, index + 1, len(windows), 0, 50 if sieving else 80)
                if not compared:
                    raise MineWatchInputError(translatable(
                        "No pixel holds a class of the table ({n} classes) in both maps: the "
                        "maps do not overlap, hold other values than class indices, or every "
                        "class is left out. Check the two inputs and the class list."), n=n)
                writer.dataset.write_colormap(1, colormap(transition_table(classes)))
                writer.commit()
            pixel_m2 = gsd_metres(later) ** 2  # the sieve counts pixels
            # a threshold beyond the map's pixel count means "every patch":
            # GDAL's sieve takes a C int
            most = later.width * later.height + 1
    if sieving:
        try:
            sieve_raster(target, out_path,
                         int(min(most, max(1, np.ceil(min_area_m2 / pixel_m2)))),
                         feedback, 50, 30)
        finally:
            if os.path.exists(target):
                os.remove(target)
    return out_path


def measure_change(transition_path: str, classes: Sequence[Any], feedback: Any = None) -> Any:
    """Areas of the transitions in ``transition_path``: a
    :class:`ChangeResult` (progress 0–100 % of ``feedback``)."""
    n = len(classes)
    _, areas = class_areas(transition_path, 255, CLASS_NODATA, feedback)
    matrix = np.zeros((n, n))
    for a in range(n):
        matrix[a] = areas[a * CODE_BASE:a * CODE_BASE + n]
    by_type: Dict[str, Any] = {}
    for a in classes:
        for b in classes:
            kind = change_kind(a, b)
            if kind in (UNCHANGED, OTHER):
                continue
            kinds = by_type.setdefault(counted_damage_type(a, b, kind), {})
            kinds[kind] = kinds.get(kind, 0.0) + matrix[a.index, b.index] / 1e6
    return ChangeResult(matrix, tuple(classes), by_type)


__all__ = ["CHANGE_KINDS", "ChangeResult", "MAX_CHANGE_CLASSES",
           "change_kind", "check_change_classes", "counted_damage_type", "measure_change",
           "split_code", "transition_code",
           "transition_table", "write_transitions"]
