"""Class lists for training samples: parsing the user's class names and
matching a label value (index or name) to a class index."""
import math

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


def classes_from_names(text):
    """The class table for a comma-separated list of names in index order.

    Empty → the eight land-damage classes. Names equal (case-insensitive,
    English or Chinese) to a known table's names → that table (colours,
    Chinese names, damage types). Otherwise new classes with default
    colours and damage type "none"."""
    names = [n.strip() for n in (text or "").replace(";", ",").split(",")]
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


def describe_classes(classes):
    """'0 background (其他), 1 open pit (露天采场), …' for messages."""
    return ", ".join(f"{c.index} {c.name}" + (f" ({c.name_zh})" if c.name_zh else "")
                     for c in classes)


class ClassMatcher:
    """Maps a label value to a class index: an integer (or a numeric
    string such as "3" or "3.0") is the index itself; any other text is a
    class name, matched case-insensitively against English and Chinese
    names. Unknown values raise a :class:`MineWatchInputError` listing the
    valid classes."""

    def __init__(self, classes, field="class"):
        self.classes = tuple(classes)
        self.field = field
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

    @staticmethod
    def _number(number):
        if math.isfinite(number) and float(number).is_integer():
            return int(number)
        return None
