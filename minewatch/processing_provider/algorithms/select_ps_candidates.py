"""Select PS Candidates (Amplitude Dispersion) — patent step 201."""

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.common.messages import tell, translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..qgis_compat import make_field
from ..qgis_io import destination_path, raster_file_path, write_points


class SelectPsCandidates(MineWatchAlgorithm):
    INPUT = "INPUT"
    DISPERSION_THRESHOLD = "DISPERSION_THRESHOLD"
    MIN_MEAN_AMPLITUDE = "MIN_MEAN_AMPLITUDE"
    OUTPUT = "OUTPUT"
    OUTPUT_DISPERSION = "OUTPUT_DISPERSION"
    N_CANDIDATES = "N_CANDIDATES"
    MIN_MEAN_AMPLITUDE_USED = "MIN_MEAN_AMPLITUDE_USED"

    REQUIRES = ("numpy", "rasterio")
    GROUP = translatable("PS-InSAR")
    GROUP_ID = "psinsar"

    def name(self):
        return "selectpscandidates"

    def displayName(self):  # noqa: N802
        return self.tr("Select PS Candidates (Amplitude Dispersion)")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Select persistent-scatterer candidates from a SAR amplitude stack (dispersion index).")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Finds persistent-scatterer (PS) candidates in a co-registered SAR amplitude "
            "stack by the amplitude dispersion index: the pixels whose amplitude stays "
            "stable over the acquisitions, from which a PS-InSAR analysis starts.\n\n"
            "<b>Inputs</b>: SAR amplitude stack (one band per date): a raster with one band "
            "per acquisition (at least 3 bands, linear amplitude, not dB). Dispersion "
            "threshold T_D (default 0.25, the usual choice; 0.4 gives a looser set). Minimum "
            "mean amplitude T_m (empty: the scene mean of m_A over valid pixels). Dask "
            "scheduler (advanced): empty = in this process; 'local' or tcp://host:8786 = the "
            "strips are scanned on a Dask cluster and the scene mean is reduced over all of "
            "them, with the same result (see docs/scale-out.md).\n\n"
            "<b>Method</b>: for each pixel the mean amplitude m_A and the amplitude "
            "dispersion index D_A = σ_A / m_A are computed over the bands (σ_A: population "
            "standard deviation). A pixel is a candidate when D_A ≤ T_D and m_A ≥ T_m. A "
            "pixel that is nodata in any band is skipped. The stack is read in strips, so "
            "scenes larger than memory work.\n\n"
            "<b>Outputs</b>: PS candidates (OUTPUT): points at pixel centres with fields "
            "mean_amp, disp_index, row, col. Amplitude dispersion D_A (OUTPUT_DISPERSION, "
            "optional): the D_A raster (float32, nodata −1). N_CANDIDATES: the number of "
            "candidates; MIN_MEAN_AMPLITUDE_USED: the T_m applied (given, or the scene "
            "mean).\n\n"
            "<b>Units and conventions</b>: amplitudes are linear, not dB; D_A has no unit. "
            "row/col are 0-based pixel indices from the top-left. The D_A raster has nodata "
            "−1. The points are in the stack's CRS; a stack without a CRS (radar geometry) "
            "gives points in pixel units, with a warning.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:selectpscandidates -- "
            "INPUT=stack.tif DISPERSION_THRESHOLD=0.25 OUTPUT=ps_candidates.gpkg "
            "OUTPUT_DISPERSION=da.tif")

    DASK_SCHEDULER = "DASK_SCHEDULER"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("SAR amplitude stack (one band per date)")))
        self.addParameter(QgsProcessingParameterNumber(
            self.DISPERSION_THRESHOLD, self.tr("Dispersion threshold T_D (D_A ≤ T_D)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.25,
            minValue=0.0001, maxValue=10.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_MEAN_AMPLITUDE,
            self.tr("Minimum mean amplitude T_m [empty: scene mean]"),
            QgsProcessingParameterNumber.Double, defaultValue=None,
            optional=True, minValue=0.0))
        self.add_advanced(QgsProcessingParameterString(
            self.DASK_SCHEDULER,
            self.tr("Dask scheduler [empty: this process; 'local'; tcp://host:8786]"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("PS candidates"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_DISPERSION, self.tr("Amplitude dispersion D_A"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(
            self.N_CANDIDATES, self.tr("Number of PS candidates")))
        self.addOutput(QgsProcessingOutputNumber(
            self.MIN_MEAN_AMPLITUDE_USED, self.tr("Minimum mean amplitude used")))

    def run_algorithm(self, parameters, context, feedback):
        from ...core.insar.candidates import scan_amplitude_stack

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        path = raster_file_path(layer, self.tr("SAR amplitude stack"))
        threshold = self.parameterAsDouble(parameters, self.DISPERSION_THRESHOLD, context)
        min_mean = None
        if parameters.get(self.MIN_MEAN_AMPLITUDE) not in (None, ""):
            min_mean = self.parameterAsDouble(parameters, self.MIN_MEAN_AMPLITUDE, context)
        dispersion_path = destination_path(self, parameters, self.OUTPUT_DISPERSION, context)

        if not layer.crs().isValid():
            # a stack in radar geometry is legitimate: warn, do not refuse
            feedback.pushWarning(self.tr(
                "The amplitude stack has no coordinate reference system (radar geometry?): the "
                "candidate points are placed in pixel units; their row and col fields give "
                "the pixel. Geocode the stack to get points on the map."))
        feedback.pushInfo(self.tr("Reading {bands} amplitude bands of {w} × {h} "
                                  "pixels in strips…").format(
            bands=layer.bandCount(), w=layer.width(), h=layer.height()))
        with self.dask_session(parameters, context, feedback) as client:
            windows_map = None
            if client is not None:
                from ...core.scaleout.ordered import ClusterMap

                windows_map = ClusterMap(client, feedback)
            scan = scan_amplitude_stack(path, threshold, min_mean, dispersion_path or None,
                                        feedback=ScaledFeedback(feedback, 0, 90),
                                        windows_map=windows_map)
        for warning in scan.warnings:
            tell(feedback, warning, warning=True)
        feedback.pushInfo(self.tr("{n} candidates among {valid} valid pixels "
                                  "(T_D = {td}, T_m = {tm:.4g}, scene mean m_A = "
                                  "{mean:.4g}).").format(
            n=len(scan.rows), valid=scan.n_valid, td=threshold,
            tm=scan.min_mean_amplitude, mean=scan.scene_mean_amplitude))

        fields = QgsFields()
        fields.append(make_field("mean_amp", "double"))
        fields.append(make_field("disp_index", "double"))
        fields.append(make_field("row", "int"))
        fields.append(make_field("col", "int"))
        self.outputs.wrote(dispersion_path)
        sink, dest_id = self.create_sink(parameters, self.OUTPUT, context, fields,
                                         QgsWkbTypes.Point, layer.crs())
        try:
            write_points(sink, scan.x, scan.y,
                         [scan.mean_amp.astype(float), scan.disp_index.astype(float),
                          scan.rows, scan.cols], feedback, 90, 10)
            sink.flushBuffer()
        finally:
            del sink  # close the file before a failed run removes it
        results = {self.OUTPUT: dest_id, self.N_CANDIDATES: len(scan.rows),
                   self.MIN_MEAN_AMPLITUDE_USED: scan.min_mean_amplitude}
        if dispersion_path:
            results[self.OUTPUT_DISPERSION] = dispersion_path
        return results

