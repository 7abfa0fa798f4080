"""Class lists for training samples: parsing the user's class names (or a
class value table), and matching a label value (index or name) to a class
index.

A class list is names in index order, "background,open pit,water"; a class
value table gives each class the value its labels hold, "1=water,2=quarry,
3=crops" (or "1:water"): the classes keep the table's order as indices 0, 1,
2 …, and label value 1 means class 0. Labels as many departments keep them
count classes from 1 and use 0 for unlabelled."""
import math
from typing import Optional, Sequence, Tuple

import numpy as np

from ...models.classes import BUILDING_CLASSES, DAMAGE_NONE, LAND_DAMAGE_CLASSES, ClassInfo
from ..common.constants import MAX_CLASSES  # 255 is the ignore value
from ..common.errors import MineWatchInputError, translatable

KNOWN_TABLES = (LAND_DAMAGE_CLASSES, BUILDING_CLASSES)
# colours of classes the known tables do not define (RGB, class 0 black)
DEFAULT_COLORS = ((0, 0, 0), (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200),
                  (245, 130, 48), (145, 30, 180), (70, 240, 240), (240, 50, 230),
                  (210, 245, 60), (250, 190, 212), (0, 128, 128), (220, 190, 255),
                  (170, 110, 40), (128, 0, 0), (170, 255, 195))


def _norm(name):
    return " ".join(str(name).split()).casefold()


def _entries(text):
    return [n.strip() for n in (text or "").replace(";", ",").split(",") if n.strip()]


def _split_value(entry):
    """'3=quarry' / '3: quarry' → (3, 'quarry'); 'quarry' → (None, 'quarry')."""
    for mark in ("=", ":"):
        head, found, tail = entry.partition(mark)
        if found:
            try:
                number = float(head.strip())
            except ValueError:
                return None, entry
            if math.isfinite(number) and number.is_integer():
                return int(number), tail.strip()
            return None, entry
    return None, entry


def label_values(text: Optional[str]) -> Optional[Tuple[int, ...]]:
    """The label value of each class (tuple, in class-index order) of a
    class value table such as "1=water,2=quarry", or None for a plain list
    of names (the label values are then the class indices)."""
    pairs = [_split_value(e) for e in _entries(text)]
    if not pairs or all(v is None for v, _ in pairs):
        return None
    if any(v is None for v, _ in pairs):
        raise MineWatchInputError(translatable(
            "The class list '{text}' mixes names with and without label values. Give either "
            "names in index order (background,open pit,water) or a value for every class "
            "(1=background,2=open pit,3=water)."), text=text)
    values = [v for v, _ in pairs]
    if len(set(values)) != len(values):
        raise MineWatchInputError(translatable(
            "The class value table '{text}' gives one label value to two classes. Give each "
            "class its own value, e.g. 1=water,2=quarry."), text=text)
    return tuple(values)


def values_to_indices(raw, values, fill):
    """Class indices (int64) of the label values ``raw`` by the table
    ``values`` (the label value of class i at position i); values not in
    the table, and NaN, become ``fill``."""
    out = np.full(np.shape(raw), fill, np.int64)
    for index, value in enumerate(values):
        out[raw == value] = index
    return out


def classes_from_names(text: Optional[str]) -> Tuple[ClassInfo, ...]:
    """The class table for a comma-separated list of names in index order,
    or of a class value table ("1=water,2=quarry": the names in the
    table's order; :func:`label_values` gives the values).

    Empty → the eight land-damage classes. Names equal (case-insensitive,
    English or Chinese) to a known table's names → that table (colours,
    Chinese names, damage types). Otherwise new classes with default
    colours and damage type "none"."""
    label_values(text)  # a malformed table fails here, with its message
    names = [_split_value(e)[1] for e in _entries(text)]
    names = [n for n in names if n]
    if not names:
        return LAND_DAMAGE_CLASSES
    for table in KNOWN_TABLES:
        if len(table) == len(names) and all(
                _norm(n) in (_norm(c.name), _norm(c.name_zh)) for n, c in zip(names, table)):
            return table
    if len({_norm(n) for n in names}) != len(names):
        raise MineWatchInputError(translatable(
            "The class list '{text}' names a class twice. Give each class once, in "
            "index order, separated by commas (e.g. background,open pit,water)."), text=text)
    if len(names) < 2 or len(names) > MAX_CLASSES:
        raise MineWatchInputError(translatable(
            "The class list must have 2 to {most} names (got {n}), in index order and "
            "separated by commas, e.g. background,open pit,water."), most=MAX_CLASSES,
            n=len(names))
    return tuple(ClassInfo(i, n, "", DAMAGE_NONE, DEFAULT_COLORS[i % len(DEFAULT_COLORS)])
                 for i, n in enumerate(names))


def classes_for_stored_names(text: Optional[str], stored: Optional[Sequence[str]]
                             ) -> Tuple[Tuple[ClassInfo, ...], bool]:
    """The class table for labels whose raster stores the class names
    ``stored`` (index order, MineWatch's "open pit (露天采场)" or GDAL
    category names; None when it stores none), given the user's class list
    or value table ``text``: with ``text`` empty, the stored classes (a
    building mask is read as background, building, not as the land-damage
    classes); otherwise :func:`classes_from_names` of ``text``, refused when
    a class's label value is stored under another name. Returns (classes,
    whether they were read from the labels)."""
    from .stored_names import plain_name

    if not stored or not _entries(text):
        if not stored:
            return classes_from_names(text), False
        names = [str(name).split(" (")[0].strip().replace(",", " ") for name in stored]
        return classes_from_names(",".join(names)), True
    classes = classes_from_names(text)
    values: Sequence[int] = label_values(text) or range(len(classes))
    clashes = [f"{value}: {stored[value]} ≠ {c.name}" for value, c in zip(values, classes)
               if 0 <= value < len(stored) and str(stored[value]) != str(value)
               and plain_name(stored[value]) not in
               (plain_name(c.name), plain_name(c.name_zh) if c.name_zh else None)]
    if clashes:
        raise MineWatchInputError(translatable(
            "The labels store other class names for their values than the classes given "
            "({clashes}). Leave 'Classes' empty to use the labels' own classes ({stored}), or "
            "give the names in the labels' order."), clashes="; ".join(clashes),
            stored=", ".join(map(str, stored)))
    return classes, False


def describe_classes(classes: Sequence[ClassInfo], values: Optional[Sequence[int]] = None) -> str:
    """'0 background (其他), 1 open pit (露天采场), …' for messages; with a
    class value table each class is followed by its label value,
    '0 water [=1], …'."""
    shown: Sequence[Optional[int]] = values or [None] * len(classes)
    return ", ".join(f"{c.index} {c.name}" + (f" ({c.name_zh})" if c.name_zh else "")
                     + (f" [={v}]" if v is not None else "") for c, v in zip(classes, shown))


class ClassMatcher:
    """Maps a label value to a class index: an integer (or a numeric
    string such as "3" or "3.0") is the index itself; any other text is a
    class name, matched case-insensitively against English and Chinese
    names. Unknown values raise a :class:`MineWatchInputError` listing the
    valid classes."""

    def __init__(self, classes, field="class", values=None):
        self.classes = tuple(classes)
        self.field = field
        # a class value table: a number is a label value, not an index
        self.by_value = {v: i for i, v in enumerate(values)} if values else None
        self.by_name = {}
        for c in self.classes:
            for name in (c.name, c.name_zh):
                if name:
                    self.by_name.setdefault(_norm(name), c.index)

    def __call__(self, value):
        index = None
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (int, float)):
            index = self._number(value)
        elif value is not None:
            text = str(value).strip()
            try:
                index = self._number(float(text))
            except ValueError:
                index = self.by_name.get(_norm(text))
        if index is None or not 0 <= index < len(self.classes):
            raise MineWatchInputError(translatable(
                "The value '{value}' of field '{field}' is not one of the classes. Use a "
                "class index or name: {classes}. Or give the class list that matches "
                "your labels in 'Classes'."), value=value, field=self.field,
            classes=describe_classes(self.classes))
        return index

    def _number(self, number):
        if not (math.isfinite(number) and float(number).is_integer()):
            return None
        if self.by_value is not None:
            return self.by_value.get(int(number))
        return int(number)
