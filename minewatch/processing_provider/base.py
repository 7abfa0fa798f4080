"""Behaviour shared by every MineWatch algorithm: translation, the
dependency check, removal of partial outputs, and turning engine errors
into Processing errors."""
import os
from contextlib import contextmanager

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterEnum

from ..core.common.errors import Cancelled, MineWatchInputError
from ..core.common.messages import ConsoleLineFeedback, TranslatingFeedback
from ..core.common.outputs import OutputGuard
from .destinations import check_destinations, input_files, output_files, raw_destination
from .translate import tr

ICON = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "icon.svg")


def decimals_for(*values, most=4):
    """Decimals that show each of ``values`` exactly (at least 1, at most
    ``most``); None and huge limits are ignored."""
    needed = 1
    for value in values:
        try:
            value = float(value)
        except (TypeError, ValueError):
            continue
        if abs(value) > 1e12:
            continue
        text = f"{value:.{most}f}".rstrip("0")
        needed = max(needed, len(text.split(".")[1]) if "." in text else 0)
    return min(needed, most)


def precision_parameter(name):
    """The arithmetic of a network (options in the order of
    ``core.common.device.PRECISION_CHOICES``); add it as advanced."""
    return QgsProcessingParameterEnum(
        name, tr("Arithmetic"),
        options=[tr("auto (bfloat16 on a CPU with bf16 units, else float32)"),
                 tr("float32 (exact)"), tr("bfloat16 where the hardware has it")],
        defaultValue=0)


# words of the errors a failed write gives (Python, GDAL/libtiff through
# rasterio, SQLite through OGR); a full disk is the usual cause
# (numpy: "N requested and M written"; a GeoPackage whose creation could not
# be committed lacks its own tables, and only its first write says so)
WRITE_FAILURE_WORDS = ("no space left", "database or disk is full", "write failed",
                       "write error", "requested and", "no such table: gpkg_")


# words GDAL/libtiff use for a damaged or truncated input
READ_FAILURE_WORDS = ("read error", "read failed", "tiffreadencoded", "tifffilltile",
                      "tifffillstrip")


def says(exc, words, errno_value=None) -> bool:
    """Whether ``exc`` or an error it was raised from has ``errno_value`` or
    one of ``words`` (lower case) in its text."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        text = str(exc).lower()
        if (errno_value is not None and getattr(exc, "errno", None) == errno_value) or any(
                word in text for word in words):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def write_failure(exc) -> bool:
    """Whether ``exc`` says a write failed (ENOSPC, or GDAL's and SQLite's
    words for it: libtiff reports a full disk only as "Write error at
    scanline …")."""
    import errno

    return says(exc, WRITE_FAILURE_WORDS, errno.ENOSPC)


def error_words(exc) -> str:
    """The text of the error ``exc`` was raised from, SQLite's statements
    left out ("sqlite3_exec(INSERT …) failed: database or disk is full" →
    "SQLite: database or disk is full")."""
    import re

    return re.sub(r"sqlite3_\w+\(.*\) failed: ", "SQLite: ", str(first_cause(exc)),
                  flags=re.DOTALL)


def close_sink(sink):
    """Close a feature sink's file now, whoever still references it."""
    from qgis.PyQt import sip

    if not sip.isdeleted(sink):
        sip.delete(sink)


def first_cause(exc):
    """The error ``exc`` was raised from, first in its chain (rasterio's
    "Write failed. See previous exception" has GDAL's words there)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return exc


def free_space_text(paths) -> str:
    """"12.0 MB free in /folder" for the folders of ``paths`` ('' if none)."""
    import shutil

    shown = []
    for folder in dict.fromkeys(os.path.dirname(os.path.abspath(p)) for p in paths if p):
        try:
            shown.append(f"{shutil.disk_usage(folder).free / 1e6:.1f} MB free in {folder}")
        except OSError:
            continue
    return "; ".join(shown)


def algorithm_feedback(feedback, translate):
    """The feedback an algorithm's run gets: translating; under
    ``qgis_process`` (whose progress ticks share the line) it also starts
    each log line after a tick on a line of its own."""
    from qgis.core import QgsApplication

    if QgsApplication.platform() == "qgis_process":
        return ConsoleLineFeedback(feedback, translate)
    return TranslatingFeedback(feedback, translate)


class MineWatchAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``REQUIRES`` (import names from ``core.common.deps``)
    and implement :meth:`run_algorithm`, called after the dependency check
    with a feedback that translates engine messages. Files a run writes are
    recorded in ``self.outputs`` (an :class:`OutputGuard`; feature sinks
    made by :meth:`create_sink` are recorded by it) and removed when the
    run fails or is cancelled."""

    REQUIRES = ("numpy",)
    GROUP = ""
    GROUP_ID = ""

    def tr(self, text):
        return tr(text)

    def style_on_load(self, context, destination, apply):
        """Have ``apply(layer)`` (see :mod:`.styles`) style the output
        ``destination`` when QGIS loads it; nothing when it is not loaded."""
        from .styles import StyleOnLoad

        if not destination or not context.willLoadLayerOnCompletion(destination):
            return
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(StyleOnLoad(apply))

    @contextmanager
    def dask_session(self, parameters, context, feedback, name="DASK_SCHEDULER"):
        """The Dask client of the run's DASK_SCHEDULER (None: this process),
        closed (with a LocalCluster) at the end; the log says where it runs."""
        from ..core.scaleout.cluster import dask_client

        scheduler = self.parameterAsString(parameters, name, context)
        with dask_client(scheduler) as client:
            if client is not None:
                feedback.pushInfo(self.tr("Running on the Dask cluster {where}: {workers} "
                                          "worker(s).").format(
                    where=scheduler, workers=len(client.scheduler_info()["workers"])))
            yield client

    def style_class_map_on_load(self, context, class_path, qml):
        """Have QGIS apply the class map's .qml when it loads the class map
        (Processing opens outputs without their default style)."""
        self.style_on_load(context, class_path, lambda layer: layer.loadNamedStyle(qml))

    def add_advanced(self, *parameters):
        """Add ``parameters`` under the dialog's 'Advanced parameters'."""
        for parameter in parameters:
            parameter.setFlags(parameter.flags() | parameter.FlagAdvanced)
            self.addParameter(parameter)

    def addParameter(self, parameter, createOutput=True):  # noqa: N802, N803 - QGIS API
        """Every decimal parameter shows as many decimals as its default and
        minimum need (QGIS shows six: 10.000000)."""
        if parameter.type() == "number" and parameter.dataType() == parameter.Double:
            metadata = parameter.metadata()
            wrapper = dict(metadata.get("widget_wrapper") or {})
            wrapper.setdefault("decimals", decimals_for(
                parameter.defaultValue(), parameter.minimum()))
            metadata["widget_wrapper"] = wrapper
            parameter.setMetadata(metadata)
        return super().addParameter(parameter, createOutput)

    def help_text(self):
        """The full help: what it does, Inputs, Outputs, Units and
        conventions, Example (the manual page; see :mod:`.help_pages`)."""
        return ""

    def shortHelpString(self):  # noqa: N802 - QGIS API: the dialog's side panel
        from .help_pages import help_summary

        return help_summary(self, self.help_text())

    def helpUrl(self):  # noqa: N802 - QGIS API: the dialog's Help button
        from .help_pages import help_url

        return help_url(self)

    def icon(self):
        """The MineWatch icon in the toolbox and the dialogs."""
        from qgis.PyQt.QtGui import QIcon

        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802 - QGIS API
        return ICON

    def createInstance(self):  # noqa: N802 - QGIS API
        return type(self)()

    def group(self):
        return self.tr(self.GROUP)

    def groupId(self):  # noqa: N802 - QGIS API
        return self.GROUP_ID

    def require_packages(self):
        """Refuse to run, naming the install command, when a package is missing."""
        from ..core.common.deps import missing_packages, pip_command

        missing = missing_packages(self.REQUIRES)
        if missing:
            names = ", ".join(m.pip_name for m in missing)
            raise QgsProcessingException(
                self.tr("MineWatch needs the Python package(s) {names}, which "
                        "QGIS's Python cannot import ({error}). Open Plugins > MineWatch > "
                        "Check dependencies and press 'Install missing packages', or run:\n"
                        "{command}\nthen restart QGIS.").format(
                    names=names, error=missing[0].error,
                    command=pip_command([m.pip_name for m in missing])))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Say plainly when a raster input is not a raster (QGIS's own
        message is 'Could not load source layer … invalid value')."""
        for definition in self.parameterDefinitions():
            if definition.type() != "raster":
                continue
            value = parameters.get(definition.name())
            if value in (None, "") and definition.flags() & definition.FlagOptional:
                continue
            if self.parameterAsRasterLayer(parameters, definition.name(), context) is None:
                shown = value.name() if hasattr(value, "name") else str(value)
                return False, self.tr(
                    "'{value}' given for '{param}' cannot be opened as a raster. "
                    "Give a raster layer or a raster file GDAL can read (e.g. a "
                    "GeoTIFF).").format(value=shown, param=definition.description())
        problem = self.out_of_range(parameters)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def out_of_range(self, parameters):
        """A message naming the valid range of the first number parameter
        whose value lies outside it ('' when all are fine; QGIS's own
        message only says the value is incorrect)."""
        for definition in self.parameterDefinitions():
            if definition.type() != "number":
                continue
            value = parameters.get(definition.name())
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue  # empty, an expression or a property: QGIS checks those
            low, high = definition.minimum(), definition.maximum()
            if not low <= number <= high:
                return self.tr("'{param}' must be between {low:g} and {high:g}; got {value:g}.").format(
                    param=definition.description(), low=low, high=high, value=number)
        return ""

    def create_sink(self, parameters, name, context, fields, wkb_type, crs):
        """``parameterAsSink`` that refuses clearly when the sink cannot be
        made and records its file in ``self.outputs``, so a failed or
        cancelled run removes it (unless the file was there before)."""
        # the value itself, not parameterAsOutputLayer: that would register a
        # second layer to load ("memory:…"), reported as not generated
        path = raw_destination(parameters.get(name), context)
        self.outputs.started(path, bool(path) and os.path.exists(path))
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        self.outputs.close_first(lambda: close_sink(sink))
        return sink, dest_id

    def band_list(self, parameters, name, context):
        """The band list of parameter ``name`` in the order given, or None.
        A text value may be separated by commas or semicolons (QGIS's own
        parsing reads "3,2,1,4" as band 0)."""
        value = parameters.get(name)
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return [int(p) for p in parts] or None
            except ValueError:
                raise QgsProcessingException(self.tr(
                    "{name} must be band numbers separated by commas, e.g. 3,2,1,4; got "
                    "'{value}'.").format(name=name, value=value)) from None
        return self.parameterAsInts(parameters, name, context) or None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_packages()
        self.outputs = OutputGuard()
        try:
            with self.outputs:
                check_destinations(self, parameters, context, self.outputs)
                return self.run_algorithm(parameters, context, algorithm_feedback(feedback, self.tr))
        except MineWatchInputError as exc:
            raise QgsProcessingException(exc.render(self.tr)) from exc
        except Cancelled as exc:
            raise QgsProcessingException(
                self.tr("Cancelled by the user; no output was written.")) from exc
        except Exception as exc:  # noqa: BLE001 - a failed read or write arrives in several types
            if says(exc, READ_FAILURE_WORDS) and not write_failure(exc):
                inputs = ", ".join(path for _, path in input_files(self, parameters, context))
                raise QgsProcessingException(self.tr(
                    "Reading an input failed ({error}): the file is damaged or cut short (e.g. "
                    "an interrupted copy or download). Copy or export it again, then run again. "
                    "Inputs: {inputs}.").format(error=first_cause(exc), inputs=inputs)) from exc
            if not write_failure(exc):
                raise
            outputs = [path for _, path in output_files(self, parameters, context)]
            raise QgsProcessingException(self.tr(
                "Writing the outputs failed ({error}): the disk is probably full (free now: {free}). Free "
                "space where the outputs go, or choose outputs on another disk, and run again; "
                "what this run had written was removed.").format(
                error=error_words(exc), free=free_space_text(outputs) or "?")) from exc

    def run_algorithm(self, parameters, context, feedback):
        raise NotImplementedError
