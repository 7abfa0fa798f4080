"""Import PS Time Series — a MintPy or LiCSBAS HDF5 time series (a grid)
as PS points in a GeoPackage that Detect Subsidence Anomalies reads fast
(issue 28)."""
import os

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
)

from ...core.common.messages import translatable
from ..base import MineWatchAlgorithm


class ImportPsTimeSeries(MineWatchAlgorithm):
    INPUT = "INPUT"
    MASK = "MASK"
    GEOMETRY = "GEOMETRY"
    OUTPUT = "OUTPUT"
    N_POINTS = "N_POINTS"

    REQUIRES = ("numpy", "h5py")
    GROUP = translatable("PS-InSAR")
    GROUP_ID = "psinsar"

    def name(self):
        return "importpstimeseries"

    def displayName(self):  # noqa: N802 - QGIS API
        return self.tr("Import PS Time Series (MintPy, LiCSBAS)")

    def shortDescription(self):  # noqa: N802 - QGIS API
        return self.tr("Turn a MintPy or LiCSBAS HDF5 time series into PS points for Detect "
                       "Subsidence Anomalies.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Turns a gridded InSAR time series (SBAS) into points with one field per date, "
            "the input Detect Subsidence Anomalies reads: every grid cell the mask keeps "
            "becomes a point at the cell's centre.\n\n"
            "<b>Inputs</b>: Time series: a MintPy timeseries.h5 or geo_timeseries*.h5 "
            "(dataset 'timeseries' in metres, 'date'), or a LiCSBAS cum.h5 / cum_filt.h5 "
            "(dataset 'cum' in mm, 'imdates'). Mask (optional): MintPy's maskTempCoh.h5 or "
            "any HDF5 file with a 'mask' dataset on the same grid; without it, a LiCSBAS "
            "file's own 'mask' is used, else every cell with values at half of its dates or "
            "more. Radar geometry (optional): MintPy's geometryRadar.h5, needed for a time "
            "series in radar coordinates (not geocoded).\n\n"
            "<b>Outputs</b>: PS points (OUTPUT, GeoPackage, layer 'ps'): pid and one field "
            "per date named YYYYMMDD. N_POINTS: the number of points. The file is written row "
            "block by row block and appears only when complete.\n\n"
            "<b>Units and conventions</b>: pid = row × columns + column of the cell; values in "
            "mm, line of sight, negative = away from the satellite = settlement (the defaults "
            "of Detect Subsidence Anomalies; MintPy's metres are converted); points at the cell "
            "centres, in the grid's CRS (WGS 84 for LiCSBAS and radar-coded MintPy files).\n\n"
            "<b>Needs</b> the Python package h5py (Plugins > MineWatch > Check dependencies "
            "installs it). On Linux prefer your distribution's package (e.g. apt install "
            "python3-h5py): a pip wheel of h5py brings its own HDF5 library, which clashes "
            "with the one QGIS's GDAL has loaded.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:importpstimeseries -- "
            "INPUT=geo_timeseries_ERA5_ramp_demErr.h5 MASK=geo_maskTempCoh.h5 OUTPUT=ps.gpkg")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Time series (MintPy or LiCSBAS HDF5)"),
            fileFilter=self.tr("HDF5 files (*.h5 *.he5 *.hdf5)")))
        self.addParameter(QgsProcessingParameterFile(
            self.MASK, self.tr("Mask (HDF5, dataset 'mask')"), optional=True,
            fileFilter=self.tr("HDF5 files (*.h5 *.he5 *.hdf5)")))
        self.addParameter(QgsProcessingParameterFile(
            self.GEOMETRY, self.tr("Radar geometry (MintPy geometryRadar.h5)"),
            optional=True, fileFilter=self.tr("HDF5 files (*.h5 *.he5 *.hdf5)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("PS points"), self.tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputNumber(self.N_POINTS, self.tr("Number of points")))

    def run_algorithm(self, parameters, context, feedback):
        from ...core.insar.grid_series import open_grid_series, open_hdf5, write_grid_as_points

        path = self.parameterAsFile(parameters, self.INPUT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not out.lower().endswith(".gpkg"):
            out += ".gpkg"
        with open_hdf5(path) as h5:
            series = open_grid_series(
                h5, path, self.parameterAsFile(parameters, self.MASK, context) or None,
                self.parameterAsFile(parameters, self.GEOMETRY, context) or None)
            n_dates, height, width = series.values.shape
            feedback.pushInfo(self.tr(
                "{kind} time series: {dates} dates ({first} … {last}) on a grid of {rows} × "
                "{cols} cells, EPSG:{epsg}.").format(
                kind=series.kind, dates=n_dates, first=series.dates[0], last=series.dates[-1],
                rows=height, cols=width, epsg=series.crs))
            # written aside and renamed when complete: a failure leaves no
            # file, and an earlier file at ``out`` untouched
            count = write_grid_as_points(series, out, feedback)
        feedback.pushInfo(self.tr("{count} points written to {path}.").format(
            count=count, path=os.path.basename(out)))
        return {self.OUTPUT: out, self.N_POINTS: count}
