"""Behaviour shared by every MineWatch algorithm: translation, the
dependency check, and turning engine errors into Processing errors."""
import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ..core.common.errors import Cancelled, MineWatchInputError


def tr(text):
    """Translate ``text`` in the plugin's single ``MineWatch`` context."""
    return QCoreApplication.translate("MineWatch", text)


class MineWatchAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``REQUIRES`` (import names from ``core.deps``) and
    implement :meth:`run_algorithm`, called after the dependency check."""

    REQUIRES = ("numpy",)
    GROUP = ""
    GROUP_ID = ""

    def tr(self, text):
        return tr(text)

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
                        "QGIS's Python cannot import ({error}). Install them with:\n"
                        "{command}\nthen restart QGIS. Plugins > MineWatch > Check "
                        "dependencies lists what is installed.").format(
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
        return super().checkParameterValues(parameters, context)

    def create_sink(self, parameters, name, context, fields, wkb_type, crs, created):
        """``parameterAsSink`` that refuses clearly when the sink cannot be
        made and records ``(path, existed_before)`` in ``created``, so a
        cancelled run can remove the files it started
        (:func:`.qgis_io.remove_partial_outputs`)."""
        from .qgis_io import destination_path

        path = destination_path(self, parameters, name, context)
        created.append((path, bool(path) and os.path.exists(path)))
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest_id

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_packages()
        try:
            return self.run_algorithm(parameters, context, feedback)
        except MineWatchInputError as exc:
            raise QgsProcessingException(exc.render(self.tr)) from exc
        except Cancelled as exc:
            raise QgsProcessingException(
                self.tr("Cancelled by the user; no output was written.")) from exc

    def run_algorithm(self, parameters, context, feedback):
        raise NotImplementedError
