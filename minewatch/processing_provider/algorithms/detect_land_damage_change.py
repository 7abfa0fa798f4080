"""Detect Land Damage Change — two land-damage class maps of different
years → transitions, new damage and restored land per damage type
(issue 16; the paper's monitoring of damage over the years)."""
import json
import os

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.common.messages import translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..destinations import lies_inside, output_requested
from ..qgis_compat import make_field
from ..qgis_io import write_wkb_features


class DetectLandDamageChange(MineWatchAlgorithm):
    EARLIER = "EARLIER"
    LATER = "LATER"
    CLASSES = "CLASSES"
    IGNORE = "IGNORE"
    EARLIER_NAME = "EARLIER_NAME"
    LATER_NAME = "LATER_NAME"
    MIN_AREA = "MIN_AREA"
    OUTPUT = "OUTPUT"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    NEW_DAMAGE_KM2 = "NEW_DAMAGE_KM2"
    RESTORED_KM2 = "RESTORED_KM2"
    CHANGE_BY_TYPE_KM2 = "CHANGE_BY_TYPE_KM2"

    REQUIRES = ("numpy", "rasterio")
    GROUP = translatable("Land damage")
    GROUP_ID = "landdamage"

    def name(self):
        return "detectlanddamagechange"

    def displayName(self):  # noqa: N802 - QGIS API
        return self.tr("Detect Land Damage Change")

    def shortDescription(self):  # noqa: N802 - QGIS API
        return self.tr("Compare two land-damage class maps: new damage, restored land, "
                       "transitions in km².")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Compares the land-damage class maps of two dates (e.g. from Classify Land Damage "
            "on last year's and this year's images) and says what was newly damaged, what "
            "was restored, where, and how much.\n\n"
            "<b>Inputs</b>: Earlier and Later land-damage class map (class indices, the same "
            "class table). They may differ in grid, resolution and CRS: the earlier map is "
            "read onto the later map's grid by nearest neighbour. Class names, in index "
            "order (empty = the 8 land-damage classes, otherwise their names comma-separated "
            "in index order), or a class value table such as '1=background,2=open pit,…' "
            "(as in Create Training Samples) for maps whose values are not the class indices: "
            "values not in the table (e.g. 0 = unlabelled) are left out. Minimum mapping unit, "
            "m² (default 100; see below). Advanced: "
            "Classes to leave out (indices or names, comma-separated — label values with a "
            "class value table; e.g. water whose level "
            "varies). Pixels that are no data in either map, or of an ignored class, are "
            "left out.\n\n"
            "<b>Change kinds</b> (from each class's damage type): new damage — not damaged "
            "(vegetation, background) → excavation or occupation (counted under the new "
            "class's type); restored — damaged → vegetation or background (counted under "
            "the old type); persisting — the same damage class in both years; changed — "
            "one damage class became another.\n\n"
            "<b>Minimum mapping unit</b> (m²): connected patches (8-connected) of one "
            "transition smaller than it take the transition around them, so single "
            "misclassified pixels do not count as change; 0 keeps every pixel.\n\n"
            "<b>Outputs</b>: Land-damage transitions (OUTPUT): the transition raster, a "
            "colour per transition: the new class's colour for new damage, green for "
            "restored land, grey where nothing changed; legend 'open pit → vegetation'. "
            "Change polygons (OUTPUT_POLYGONS, optional): one per patch that changed, with "
            "from_class, to_class, from_name, to_name, change (kind), damage_type and "
            "area_m2. Change report (OUTPUT_REPORT, optional HTML): damage by type, a bar "
            "chart of new and restored land, the transition matrix in km². NEW_DAMAGE_KM2, "
            "RESTORED_KM2 and CHANGE_BY_TYPE_KM2 (JSON: damage type → kind → km²).\n\n"
            "<b>Units and conventions</b>: transition code = from·16 + to (class indices); "
            "255 = no data in either map or an ignored class. The transitions are on the "
            "later map's grid and CRS. Polygon areas in m², totals in km².\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:detectlanddamagechange -- "
            "EARLIER=damage_2022.tif LATER=damage_2023.tif MIN_AREA=100 OUTPUT=change.tif "
            "OUTPUT_POLYGONS=change.gpkg OUTPUT_REPORT=change.html")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.EARLIER, self.tr("Earlier land-damage class map")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.LATER, self.tr("Later land-damage class map")))
        self.addParameter(QgsProcessingParameterString(
            self.CLASSES, self.tr("Class names, in index order, or value=name pairs"),
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum mapping unit, m²"),
            QgsProcessingParameterNumber.Double, defaultValue=100.0, minValue=0.0))
        self.add_advanced(
            QgsProcessingParameterString(
                self.IGNORE, self.tr("Classes to leave out (indices or names, comma-separated)"),
                optional=True),
            QgsProcessingParameterString(
                self.EARLIER_NAME, self.tr("Name of the earlier map in the report, e.g. its "
                                           "year [empty: its layer or file name and date]"),
                optional=True),
            QgsProcessingParameterString(
                self.LATER_NAME, self.tr("Name of the later map in the report, e.g. its year "
                                         "[empty: its layer or file name and date]"),
                optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-damage transitions")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_POLYGONS, self.tr("Change polygons"), QgsProcessing.TypeVectorPolygon,
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Change report"), self.tr("HTML files (*.html *.htm)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(
            self.NEW_DAMAGE_KM2, self.tr("New damage, km²")))
        self.addOutput(QgsProcessingOutputNumber(
            self.RESTORED_KM2, self.tr("Restored land, km²")))
        self.addOutput(QgsProcessingOutputString(
            self.CHANGE_BY_TYPE_KM2, self.tr("Change per damage type, km² (JSON)")))

    def run_algorithm(self, parameters, context, feedback):
        from ...core.classmap.class_tables import ClassMatcher, classes_from_names, label_values
        from ...core.classmap.style import label_class_raster, write_qml
        from ...core.landdamage.change import (
            NEW_DAMAGE,
            RESTORED,
            check_change_classes,
            check_stored_classes,
            drawn_transitions,
            measure_change,
            split_code,
            transition_table,
            write_transitions,
        )

        earlier = self.parameterAsRasterLayer(parameters, self.EARLIER, context)
        later = self.parameterAsRasterLayer(parameters, self.LATER, context)
        class_text = self.parameterAsString(parameters, self.CLASSES, context)
        classes, values = classes_from_names(class_text), label_values(class_text)
        check_change_classes(classes)
        check_stored_classes(earlier.source(), later.source(), classes, bool(class_text.strip()))
        matcher = ClassMatcher(classes, self.tr("Classes to leave out"), values)
        ignore = [matcher(v.strip()) for v in
                  self.parameterAsString(parameters, self.IGNORE, context).replace(";", ",")
                  .split(",") if v.strip()]
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        report_path = ""
        if output_requested(parameters, self.OUTPUT_REPORT, context):
            report_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        # not parameterAsOutputLayer: it would register a second layer to load
        want_polygons = output_requested(parameters, self.OUTPUT_POLYGONS, context)

        feedback.setProgressText(self.tr("Comparing the class maps…"))
        self.outputs.wrote(out_path)
        write_transitions(earlier.source(), later.source(), out_path, classes, ignore=ignore,
                          min_area_m2=self.parameterAsDouble(parameters, self.MIN_AREA, context),
                          feedback=ScaledFeedback(feedback, 0, 70), values=values)
        result = measure_change(out_path, classes, ScaledFeedback(feedback, 70, 10))
        present = [t for t in transition_table(classes)
                   if result.matrix_m2[split_code(t.index)] > 0]
        drawn = drawn_transitions(classes, present)
        qml = write_qml(out_path, drawn)
        self.outputs.wrote(qml)
        label_class_raster(out_path, present)
        self.style_class_map_on_load(context, out_path, qml)

        new, restored = result.total_km2(NEW_DAMAGE), result.total_km2(RESTORED)
        feedback.pushInfo(self.tr("New damage {new:.4f} km², restored {restored:.4f} km².")
                          .format(new=new, restored=restored))
        results = {self.OUTPUT: out_path, self.NEW_DAMAGE_KM2: new, self.RESTORED_KM2: restored,
                   self.CHANGE_BY_TYPE_KM2: json.dumps(result.by_type, ensure_ascii=False)}
        if report_path:
            self.outputs.wrote(report_path)
            self.write_report(parameters, context, report_path, result, earlier, later, drawn,
                              out_path)
            results[self.OUTPUT_REPORT] = report_path
        if want_polygons:
            results[self.OUTPUT_POLYGONS] = self.write_polygons(
                parameters, context, later, out_path, classes, ScaledFeedback(feedback, 80, 20))
            self.style_on_load(context, results[self.OUTPUT_POLYGONS], self.polygon_style())
        return results

    def polygon_style(self):
        """The change polygons' style: by kind, named in the user's language."""
        from ...core.landdamage.change import OTHER, POLYGON_COLORS
        from ...core.landdamage.change_report import HEADINGS
        from ..styles import change_polygons

        labels = {kind: self.tr(HEADINGS[kind]) for kind in POLYGON_COLORS if kind in HEADINGS}
        labels[OTHER] = self.tr("Other change (no damage before or after)")
        return change_polygons(POLYGON_COLORS, labels)

    def write_report(self, parameters, context, path, result, earlier, later, drawn,
                     transition_path):
        """The HTML report: the maps named as the user named them (or by
        file name and date), a small map of the change, the tables."""
        from qgis.core import QgsProcessingUtils

        from ...core.landdamage.change_report import change_map_figure, write_change_report

        names, notes = [], []
        for layer, name_parameter, note in (
                (earlier, self.EARLIER_NAME, self.tr("Earlier map: {path}")),
                (later, self.LATER_NAME, self.tr("Later map: {path}"))):
            names.append(self.parameterAsString(parameters, name_parameter, context).strip()
                         or _label(layer))
            # a temporary file of a model's step means nothing to the reader
            if not lies_inside(layer.source(), QgsProcessingUtils.tempFolder()):
                notes.append(note.format(path=layer.source()))
        if names[0] == names[1]:  # e.g. both 'OUTPUT' inside a graphical model
            names = [self.tr("earlier map"), self.tr("later map")]
        change_map = change_map_figure(transition_path, drawn, result.matrix_m2)
        write_change_report(path, result, *names, notes, self.tr, change_map)

    def write_polygons(self, parameters, context, later, transition_path, classes, feedback):
        """One feature per changed patch (from ≠ to)."""
        from ...core.classmap.polygons import polygonise_classes
        from ...core.landdamage.change import change_kind, counted_damage_type, split_code

        fields = QgsFields()
        for name, kind in (("from_class", "int"), ("to_class", "int"),
                           ("from_name", "string"), ("to_name", "string"),
                           ("change", "string"), ("damage_type", "string"),
                           ("area_m2", "double")):
            fields.append(make_field(name, kind))
        sink, dest_id = self.create_sink(parameters, self.OUTPUT_POLYGONS, context, fields,
                                         QgsWkbTypes.Polygon, later.crs())
        info = {c.index: c for c in classes}

        def rows():
            for patch in polygonise_classes(transition_path, 255, False, feedback):
                a, b = split_code(patch.class_index)
                if a == b or a not in info or b not in info:
                    continue
                kind = change_kind(info[a], info[b])
                damage = counted_damage_type(info[a], info[b], kind)
                yield patch.wkb, [a, b, info[a].name, info[b].name, kind, damage,
                                  float(patch.area_m2)]

        try:
            write_wkb_features(sink, fields, rows(),
                               self.tr("Could not write the change polygons: {error}"))
        finally:
            del sink  # close the file before a failed run removes it
        return dest_id


def _label(layer):
    """A short name for a map in the report: its layer name or file name,
    with the acquisition date its metadata gives when the name lacks it."""
    from ...core.landdamage.change_report import map_date

    name = layer.name() or os.path.splitext(os.path.basename(layer.source()))[0]
    date = map_date(layer.source())
    return f"{name} ({date})" if date and date not in name else name
