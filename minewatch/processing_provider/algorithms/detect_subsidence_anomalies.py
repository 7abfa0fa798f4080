"""Detect Subsidence Anomalies — suspected underground mining from PS-InSAR
time series over buildings (methods §3): subsidence bowls by default, the
patent's cascade (steps 3 and 401–406) on request, with sites, licensed
areas and the inspector's report."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from ...core.common.errors import Cancelled
from ...core.common.messages import tell, translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..destinations import output_requested
from ..ps_layer_io import check_point_layer, fast_path_source, is_csv_table, read_ps_features
from ..qgis_compat import make_field, make_fields, parameter_field_names
from ..qgis_io import all_features, polygon_rings, unique_field_name, write_points
from ..styles import graduated
from ..translate import tr

UNITS = ("mm", "m", "cm")  # enum order; cm appended to keep saved indices
SIGNS = ("negative", "positive")
METHODS = ("robust", "patent")
# radar wavelength λ in mm per SENSOR choice; None: no unwrapping correction;
# "auto" (appended, the default): from the dates' revisit (core/insar/radar_band.py)
WAVELENGTHS = (55.5, 236.0, 31.0, None, "auto")
SENSOR_AUTO = len(WAVELENGTHS) - 1


class DetectSubsidenceAnomalies(MineWatchAlgorithm):
    PS_POINTS = "PS_POINTS"
    DATE_FIELDS = "DATE_FIELDS"
    UNITS = "UNITS"
    X_FIELD = "X_FIELD"
    Y_FIELD = "Y_FIELD"
    SIGN = "SIGN"
    BUILDINGS = "BUILDINGS"
    LICENCE_AREAS = "LICENCE_AREAS"
    SETTLEMENT_STEP = "SETTLEMENT_STEP"
    RADIUS = "RADIUS"
    CUMULATIVE = "CUMULATIVE"
    START_DATE = "START_DATE"
    END_DATE = "END_DATE"
    SITE_DISTANCE = "SITE_DISTANCE"
    METHOD = "METHOD"
    SENSOR = "SENSOR"
    WAVELENGTH = "WAVELENGTH"
    MIN_SCORE = "MIN_SCORE"
    DASK_SCHEDULER = "DASK_SCHEDULER"
    OUTPUT_POINTS = "OUTPUT_POINTS"
    OUTPUT_BUILDINGS = "OUTPUT_BUILDINGS"
    OUTPUT_SITES = "OUTPUT_SITES"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    N_ANOMALOUS_POINTS = "N_ANOMALOUS_POINTS"
    N_SITES = "N_SITES"

    REQUIRES = ("numpy", "scipy", "rasterio")
    GROUP = translatable("PS-InSAR")
    GROUP_ID = "psinsar"

    def name(self):
        return "detectsubsidenceanomalies"

    def displayName(self):  # noqa: N802
        return self.tr("Detect Subsidence Anomalies")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Find suspected underground mining under buildings from PS-InSAR time series.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Finds suspected underground mining sites under villages from PS-InSAR time "
            "series: buildings and PS that settle like a mine beneath them, grouped into "
            "sites inside or outside licensed mining areas; the sites outside are the "
            "unlicensed suspects an inspector visits.\n\n"
            "<b>Inputs</b>: PS points (one field per date): one numeric field per "
            "acquisition date named YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD (EGMS, "
            "MintPy, StaMPS exports); dates are sorted by date; NULL or text values are "
            "missing data, never zero. Points, or MultiPoints of one point each. A CSV file "
            "takes its positions from columns easting/northing, x/y or lon/lat (lon/lat "
            "values in degrees are read as WGS 84), or from the advanced X and Y columns; "
            "a StaMPS time-series export (stamps_tsexport.csv) is read as it comes; "
            "MintPy and LiCSBAS HDF5 files go through Import PS Time Series first. Date "
            "fields (empty: every field named as a date). "
            "Units of the displacement values (millimetres, the default, metres or "
            "centimetres; when the series' date-to-date noise does not fit the unit, the "
            "log names the likely one). Sign "
            "convention (default: negative = settlement, LOS away from the satellite, EGMS). "
            "Buildings (polygons, projected CRS). Licensed mining areas (polygons, "
            "optional). Method: Subsidence bowls (default) or Patent cascade. Radar band "
            "(for unwrapping errors): auto (default: the band the dates' median revisit "
            "points to — 6, 12 or 24 days C-band, 11 or 16 days X-band, 14 or 46 days "
            "L-band — said in the log; other revisits get no correction), C-band "
            "(Sentinel-1, λ 55.5 mm), L-band (ALOS PALSAR, λ 236 mm), X-band (TerraSAR-X, "
            "COSMO-SkyMed, λ 31 mm) or unknown (no correction). Subsidence bowls: minimum site "
            "score (0–1, default 0.5). Advanced: Wavelength λ, mm (empty: from the radar band) "
            "and Dask scheduler (empty = in "
            "this process; 'local' = a Dask LocalCluster on this machine's cores; "
            "tcp://host:8786 = a running scheduler): the PS file is cut into spatial tiles "
            "with a halo, each read and judged by a worker, and the sites are built from all "
            "tiles at once, so a bowl across a tile border is one site and the result equals "
            "the in-process one; this process then holds the positions only, never the "
            "series (the PS must be a GeoPackage, Shapefile or CSV file). Patent cascade only "
            "(advanced): Settlement "
            "step δ between consecutive dates (mm, default 10), Neighbourhood radius d (m, "
            "default 100), Cumulative settlement δz over the window (mm, default 80), Site "
            "distance (m, default 50). Start and End of the monitoring window t0, t1 (empty: "
            "the first and the last date).\n\n"
            "<b>Subsidence bowls</b> (default) looks for the bowl a mine makes: it removes "
            "each date's smooth background (atmosphere, regional motion), takes out "
            "phase-unwrapping jumps (a step of k·λ/2 that no neighbour shares; set the radar "
            "band or the wavelength), and keeps PS whose cumulative settlement, smoothed over "
            "their neighbours within 40 m (over their 24 nearest where the network is denser), "
            "exceeds 30 mm with at least one more settling PS around them, so a lone moving "
            "PS is never a site. PS that stand out from the first background are left out of "
            "a second one, so a bowl does not pull its own background. Each bowl gives one "
            "site at "
            "its settlement-weighted centre (fragments of one bowl whose periods overlap are "
            "merged), with onset and stop from a ramp fit of its settlement. Each PS of the "
            "site is also fitted on its own (robust fit of trend + annual thermal term, with "
            "a break into settlement, or the decaying settlement of a new building): a group "
            "whose PS mostly consolidate from the first date is a new building, not a site. "
            "Sites get a score in 0–1 (Minimum site score), the bowl radius, the rate while "
            "active, the share of PS whose own series breaks into settlement, the seasonal "
            "amplitude and lon/lat for GPS. Weaker evidence is reported in tier 2 (field "
            "tier = 2, score at most 0.45, after the sites; field tier2_reason and the "
            "report say why): a group with a single settling PS (lone), whose surroundings "
            "(2–5 bowl radii) settle more than half as much as its core (moving; field "
            "surroundings_share: a mine's bowl stands in still ground), or whose settling PS "
            "mostly move steadily without a break into settlement (steady: a creeping "
            "slope); and, whatever the Minimum site score, a PS on a building that sinks "
            "100 mm or more alone (no PS within 40 m settling a quarter as much), starting "
            "after the first acquisitions and along a ramp over several acquisitions (not "
            "one unwrapping step).\n\n"
            "<b>Patent cascade</b> is the patent's method, with settlement s(t) in mm "
            "(Settlement step, Radius, Cumulative, Site distance apply to it only): only PS "
            "inside a building polygon take part. For each pair of consecutive dates inside "
            "the monitoring window: step Δ = s(t_k+1) − s(t_k); seeds have Δ > δ (Settlement "
            "step); for each seed, G = mean over the other building PS within d metres "
            "(Radius) of |Δ_i − Δ_j| / distance (mm/m); η = mean + standard deviation of G "
            "over that pair's seeds; a seed with G > η is flagged at that pair. A seed "
            "without neighbours has no G and is not flagged. A flagged PS is anomalous when "
            "its cumulative settlement Z = s(t1) − s(t0) over the window (first and last "
            "valid values) exceeds δz (Cumulative).\n\n"
            "<b>Reading the result</b>: the first and last flagged date pairs bound the "
            "estimated mining period of each point. Anomalous PS closer than the Site "
            "distance form one suspected site, placed at their centroid; its estimated "
            "start/end count only date pairs at which several of its PS are flagged "
            "together (flag_start/flag_end give the raw bounds). A site is 'licensed' when "
            "its centroid lies inside a licensed mining-right polygon, a building when it "
            "intersects one; sites outside are the unlicensed suspects an inspector visits. "
            "Expect the flagged building to sit over the worked coal, which may be tens of "
            "metres from the shaft.\n\n"
            "<b>Outputs</b>: Anomalous building PS (OUTPUT_POINTS): points with pid, "
            "building_id, site_id, first_flag, last_flag, n_flagged, max_step_mm, "
            "gradient_mm_m, eta_mm_m, cum_mm. Buildings with anomalous PS "
            "(OUTPUT_BUILDINGS): the buildings' own fields plus building_id, n_ps, "
            "n_anomalous, max_cum_mm, est_start, est_end, flag_start, flag_end, site_id, "
            "licensed. Suspected mining sites (OUTPUT_SITES): points with site_id, "
            "n_buildings, n_points, max_cum_mm, est_start, est_end, flag_start, flag_end, "
            "licensed, score, method, bowl_radius_m, max_settlement_mm, rate_mm_per_year, "
            "onset_date, stop_date, n_ps, n_unwrap_corrected, ps_mining_share, seasonal_mm, "
            "lon, lat, tier (1: a site, 2: weaker evidence), surroundings_share, tier2_reason "
            "(lone, moving or steady). Inspector's report (OUTPUT_REPORT, optional HTML). N_ANOMALOUS_POINTS "
            "and N_SITES: the numbers of anomalous PS and of suspected sites.\n\n"
            "<b>Units and conventions</b>: displacement is line-of-sight in the chosen units; "
            "with the default sign convention negative = away from the satellite = "
            "settlement (EGMS). Settlements are in mm (fields *_mm), gradients in mm/m, "
            "rates in mm per year, distances and radii in m, scores 0–1, lon/lat in WGS 84 "
            "degrees. Distances need metres: layers are reprojected to the buildings' CRS, "
            "which must be projected; the output layers are in that CRS. 'licensed' is empty "
            "without licensed areas.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:detectsubsidenceanomalies -- "
            "PS_POINTS=egms.csv BUILDINGS=buildings.gpkg LICENCE_AREAS=licences.gpkg "
            "OUTPUT_POINTS=ps.gpkg OUTPUT_BUILDINGS=flagged.gpkg OUTPUT_SITES=sites.gpkg "
            "OUTPUT_REPORT=report.html")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PS_POINTS, self.tr("PS points (one field per date)"),
            [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            self.DATE_FIELDS, self.tr("Date fields [empty: every field named as a date]"),
            parentLayerParameterName=self.PS_POINTS, allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.UNITS, self.tr("Units of the displacement values"),
            options=[self.tr("millimetres (mm)"), self.tr("metres (m)"),
                     self.tr("centimetres (cm)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.SIGN, self.tr("Sign convention"),
            options=[self.tr("negative = settlement (LOS away from satellite, EGMS)"),
                     self.tr("positive = settlement")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings (polygons, projected CRS)"),
            [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LICENCE_AREAS, self.tr("Licensed mining areas (polygons)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Method"),
            options=[self.tr("Subsidence bowls (robust)"),
                     self.tr("Patent cascade (step, gradient, cumulative)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.SENSOR, self.tr("Radar band (for unwrapping errors)"),
            options=[self.tr("C-band (Sentinel-1, λ 55.5 mm)"), self.tr("L-band (ALOS PALSAR, λ 236 mm)"),
                     self.tr("X-band (TerraSAR-X, COSMO-SkyMed, λ 31 mm)"),
                     self.tr("unknown (no correction)"),
                     self.tr("auto (from the revisit of the dates)")], defaultValue=SENSOR_AUTO))
        # the bowls' (default method's) one setting up front, then the window both use
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_SCORE, self.tr("Subsidence bowls: minimum site score (0–1)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0))
        for name, label in ((self.START_DATE, self.tr("Start of the monitoring window t0 [empty: first date]")),
                            (self.END_DATE, self.tr("End of the monitoring window t1 [empty: last date]"))):
            self.addParameter(QgsProcessingParameterDateTime(
                name, label, QgsProcessingParameterDateTime.Date, optional=True))
        # the patent cascade's thresholds under Advanced, each named as the cascade's
        self.add_advanced(*[QgsProcessingParameterNumber(
            name, label, QgsProcessingParameterNumber.Double, defaultValue=default,
            minValue=0.000001) for name, label, default in (
                (self.SETTLEMENT_STEP, self.tr("Patent cascade: settlement step δ between "
                                               "consecutive dates (mm)"), 10.0),
                (self.RADIUS, self.tr("Patent cascade: neighbourhood radius d (m)"), 100.0),
                (self.CUMULATIVE, self.tr("Patent cascade: cumulative settlement δz over the "
                                          "window (mm)"), 80.0),
                (self.SITE_DISTANCE, self.tr("Patent cascade: site distance, anomalous PS closer "
                                             "than this form one site (m)"), 50.0))])
        self.add_advanced(
            QgsProcessingParameterNumber(
                self.WAVELENGTH, self.tr("Wavelength λ, mm [empty: from the radar band]"),
                QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                minValue=1.0, maxValue=1000.0),
            QgsProcessingParameterString(
                self.DASK_SCHEDULER,
                self.tr("Dask scheduler [empty: this process; 'local'; tcp://host:8786]"),
                optional=True),
            QgsProcessingParameterString(
                self.X_FIELD, self.tr("X (easting or longitude) column of a CSV [empty: found by "
                                      "name]"), optional=True),
            QgsProcessingParameterString(
                self.Y_FIELD, self.tr("Y (northing or latitude) column of a CSV [empty: found by "
                                      "name]"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_POINTS, self.tr("Anomalous building PS"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_BUILDINGS, self.tr("Buildings with anomalous PS"),
            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SITES, self.tr("Suspected mining sites"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Inspector's report"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.N_ANOMALOUS_POINTS,
                                                 self.tr("Number of anomalous PS")))
        self.addOutput(QgsProcessingOutputNumber(self.N_SITES, self.tr("Number of suspected sites")))

    # -- inputs -------------------------------------------------------------
    def _date(self, parameters, name):
        import numpy as np

        value = parameters.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, QDateTime):
            value = value.date()
        if isinstance(value, QDate):
            if not value.isValid():
                return None
            return np.datetime64(value.toString("yyyy-MM-dd"), "D")
        text = str(value).strip()[:10]
        try:
            return np.datetime64(text, "D")
        except ValueError as exc:
            raise QgsProcessingException(self.tr(
                "'{value}' is not a date; write it as YYYY-MM-DD.").format(value=value)) from exc

    def _target_crs(self, buildings):
        crs = buildings.sourceCrs()
        if not crs.isValid():
            raise QgsProcessingException(self.tr(
                "The buildings layer has no coordinate reference system. Set its CRS "
                "(Layer Properties > Source) to the projected CRS it is in."))
        if crs.isGeographic():
            raise QgsProcessingException(self.tr(
                "The buildings layer is in the geographic CRS {crs} (degrees), but the "
                "radius and distances are in metres. Reproject the buildings to a "
                "projected CRS (e.g. the local UTM zone or CGCS2000 Gauss-Krüger) with "
                "Vector > Data Management > Reproject Layer, then run again.").format(
                crs=crs.authid() or crs.description()))
        return crs

    def stamps_as_csv(self, fast, feedback):
        """A StaMPS time-series export (core/insar/stamps_export.py) given as
        a CSV file is read through a plain PS CSV written to the temporary
        folder (never beside the input); other sources pass unchanged."""
        from ...core.insar.stamps_export import convert_stamps_export, is_stamps_export

        if fast is None or fast[1] or not fast[0].lower().endswith(".csv") or \
                not is_stamps_export(fast[0]):
            return fast
        converted = QgsProcessingUtils.generateTempFilename("stamps_ps.csv")
        count, dates = convert_stamps_export(fast[0], converted)
        feedback.pushInfo(self.tr(
            "A StaMPS time-series export: {count} PS × {dates} dates ({first} … {last}), "
            "lon/lat in WGS 84, displacements in mm (negative = away from the satellite)."
        ).format(count=count, dates=len(dates), first=dates[0], last=dates[-1]))
        return converted, {}

    def coordinate_fields(self, parameters, context):
        """The X_FIELD / Y_FIELD names given for a CSV ({} when empty)."""
        fields = {}
        for name, key in ((self.X_FIELD, "x_field"), (self.Y_FIELD, "y_field")):
            value = self.parameterAsString(parameters, name, context).strip()
            if value:
                fields[key] = value
        return fields

    def _read_ps(self, parameters, context, feedback, target_crs, units, sign, tiled=False):
        """(pid, xy in ``target_crs``, values (N, T) in file units, dates);
        ``tiled``: the positions only, with a :class:`TiledPsFile` of the
        file's ``units`` and ``sign`` in place of the values (the workers
        read the series tile by tile)."""
        import numpy as np

        from ...core.insar.dates import detect_date_fields
        from ...core.insar.reader import read_ps_file
        from ...core.insar.series import table_warnings

        source = self.parameterAsSource(parameters, self.PS_POINTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PS_POINTS))
        layer = self.parameterAsVectorLayer(parameters, self.PS_POINTS, context)
        fast = self.stamps_as_csv(fast_path_source(layer, parameters.get(self.PS_POINTS)),
                                  feedback)
        check_point_layer(source, self.tr("PS points"), fast)
        explicit = parameter_field_names(self, parameters, self.DATE_FIELDS, context) or None
        ps_crs = source.sourceCrs()
        plain_csv = is_csv_table(fast) and not ps_crs.isValid()
        if tiled and fast is None:
            raise QgsProcessingException(self.tr(
                "On a Dask cluster the workers read the PS from their file, tile by tile: "
                "give the PS as a GeoPackage, Shapefile or CSV file layer (not a memory or "
                "database layer, a selection or a filtered layer), or leave the Dask "
                "scheduler empty."))
        if fast is not None:
            # the engine reads the file itself (OGR's own header detection
            # misreads date-named CSV columns as data, so QGIS's field list
            # is not used here)
            path, options = fast
            if plain_csv:
                options = dict(options, **self.coordinate_fields(parameters, context))
            table = read_ps_file(path, date_fields=explicit, feedback=feedback,
                                 positions_only=tiled, **options)
            pid, xy, values, dates = table.pid, table.xy, table.values, table.dates
            file_xy = xy
            if plain_csv and table.lonlat_assumed:
                ps_crs = QgsCoordinateReferenceSystem("EPSG:4326")
                feedback.pushInfo(self.tr(
                    "The CSV names no CRS; its longitude/latitude columns hold degrees, so they "
                    "are read as WGS 84 (EPSG:4326)."))
            elif plain_csv:
                feedback.pushWarning(self.tr(
                    "The CSV has no CRS; its coordinates are taken to be in the buildings' CRS "
                    "{crs}. Load it as delimited text with a CRS if they are not.").format(
                    crs=target_crs.authid()))
            if ps_crs.isValid() and ps_crs != target_crs:
                xy = _transform(xy, ps_crs, target_crs)
            if tiled:
                from ...core.insar.ps_tiles import PsFileSource, TiledPsFile, check_positions

                check_positions(table.fid, xy)
                values = TiledPsFile(PsFileSource.of(path, dates.names, units, sign, **options),
                                     table.fid, file_xy, units)
        else:
            dates = detect_date_fields([f.name() for f in source.fields()], explicit)
            pid, xy, values = read_ps_features(source, dates, target_crs, context, feedback)
        if len(pid) == 0:
            raise QgsProcessingException(self.tr(
                "The PS layer holds no point (a file with only a header?). Give the PS "
                "time-series layer with one row per PS."))
        for warning in table_warnings(np.empty((0, 0)) if tiled else values, dates.dates):
            tell(feedback, warning, warning=True)
        if dates.skipped:
            feedback.pushInfo(self.tr("Fields not used as dates: {names}").format(
                names=", ".join(dates.skipped[:20]) + (" …" if len(dates.skipped) > 20 else "")))
        feedback.pushInfo(self.tr("{n} PS × {t} dates ({first} … {last}), read {how}.").format(
            n=len(pid), t=len(dates), first=dates.dates[0], last=dates.dates[-1],
            how=self.tr("by the workers, tile by tile") if tiled
            else self.tr("from the file") if fast else self.tr("through QGIS features")))
        return pid, xy, values, dates

    # -- run ------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        from ...core.insar.detection import detect_subsidence, write_report

        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        if buildings is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.BUILDINGS))
        if buildings.featureCount() == 0:
            raise QgsProcessingException(self.tr("The buildings layer has no features."))
        target_crs = self._target_crs(buildings)
        params = self._detection_params(parameters, context)
        tiled = bool(self.parameterAsString(parameters, self.DASK_SCHEDULER, context).strip())
        # the cluster first: a missing dask or an unreachable scheduler is
        # told before the PS are read
        with self.dask_session(parameters, context, feedback) as client:
            ps = self._ps_points(parameters, context, ScaledFeedback(feedback, 0, 30),
                                 target_crs, tiled)
            building_polygons = self._building_polygons(buildings, target_crs, context,
                                                        ScaledFeedback(feedback, 30, 5))
            licences = self._licence_polygons(parameters, context, feedback, target_crs)
            result = detect_subsidence(
                ps, building_polygons, licences, params, ScaledFeedback(feedback, 35, 50),
                client=client, crs_wkt=target_crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL))

        results = self._write_points(parameters, context, feedback, target_crs, ps, result)
        results.update(self._write_buildings(parameters, context, feedback, buildings, result))
        results.update(self._write_sites(parameters, context, feedback, target_crs, result))
        self.style_on_load(context, results[self.OUTPUT_POINTS],
                           graduated("cum_mm", size=1.6, unit="mm"))
        self.style_on_load(context, results[self.OUTPUT_BUILDINGS],
                           graduated("max_cum_mm", unit="mm"))
        # sites: larger squares (not PS dots), labelled with the site number of the report
        self.style_on_load(context, results[self.OUTPUT_SITES],
                           graduated("score", size=4.0, bounds=(0.0, 1.0), marker="square",
                                     label='"site_id"') if result.method == "robust"
                           else graduated("max_cum_mm", size=4.0, unit="mm", marker="square",
                                          label='"site_id"'))
        if output_requested(parameters, self.OUTPUT_REPORT, context):
            path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
            self.outputs.wrote(path)
            write_report(path, result, ps, building_polygons, licences=licences,
                         crs_name=target_crs.authid() or target_crs.description(),
                         translate=self.tr, feedback=ScaledFeedback(feedback, 95, 5))
            results[self.OUTPUT_REPORT] = path
        results[self.N_ANOMALOUS_POINTS] = int(result.points.anomalous.sum())
        results[self.N_SITES] = len(result.sites)
        return results

    def _detection_params(self, parameters, context):
        """The :class:`DetectionParams` of the algorithm's parameters."""
        from ...core.insar.cascade import CascadeParams
        from ...core.insar.detection import DetectionParams
        from ...core.insar.robust import RobustParams

        start = self._date(parameters, self.START_DATE)
        end = self._date(parameters, self.END_DATE)
        wavelength = WAVELENGTHS[self.parameterAsEnum(parameters, self.SENSOR, context)]
        if parameters.get(self.WAVELENGTH) not in (None, ""):
            wavelength = self.parameterAsDouble(parameters, self.WAVELENGTH, context)
        return DetectionParams(
            method=METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            robust=RobustParams(
                min_score=self.parameterAsDouble(parameters, self.MIN_SCORE, context),
                start=start, end=end),
            cascade=CascadeParams(
                step_threshold_mm=self.parameterAsDouble(parameters, self.SETTLEMENT_STEP, context),
                neighbour_distance_m=self.parameterAsDouble(parameters, self.RADIUS, context),
                cumulative_threshold_mm=self.parameterAsDouble(parameters, self.CUMULATIVE,
                                                               context),
                start=start, end=end),
            wavelength_mm=wavelength,
            site_distance_m=self.parameterAsDouble(parameters, self.SITE_DISTANCE, context))

    def _ps_points(self, parameters, context, feedback, target_crs, tiled=False):
        """The PS as :class:`PsPoints`: settlement in mm, positive down, in
        memory, or (``tiled``) a :class:`TiledPsFile` the workers read."""
        from ...core.insar.detection import InMemorySettlement, PsPoints
        from ...core.insar.series import drop_implausible, plausibility_warnings, to_settlement

        feedback.setProgressText(self.tr("Reading PS points…"))
        units = UNITS[self.parameterAsEnum(parameters, self.UNITS, context)]
        sign = SIGNS[self.parameterAsEnum(parameters, self.SIGN, context)]
        pid, xy, values, dates = self._read_ps(parameters, context, feedback, target_crs,
                                               units, sign, tiled)
        if tiled:  # the workers convert and check the values (TiledPsFile.run)
            series = values
        else:
            settlement = to_settlement(values, units, sign)
            dropped = drop_implausible(settlement)
            for warning in plausibility_warnings(settlement, units, dropped):
                tell(feedback, warning, warning=True)
            series = InMemorySettlement(settlement)
        return PsPoints(pid, xy, dates.dates, series)

    def _building_polygons(self, buildings, target_crs, context, feedback):
        """The buildings' polygons in ``target_crs`` as the engine's
        :class:`Polygons`; refused when none is usable."""
        feedback.setProgressText(self.tr("Overlaying PS on buildings…"))
        return self._usable_polygons(
            buildings, target_crs, context, feedback, progress=feedback,
            none_usable=self.tr(
                "The buildings layer holds no usable polygon ({skipped} feature(s) skipped: "
                "empty, NULL or lines/points). Give the building footprints as polygons, e.g. "
                "the output of Extract Buildings."),
            some_skipped=self.tr(
                "Buildings layer: {skipped} feature(s) without a usable polygon (empty, NULL or "
                "not a polygon) were skipped and {repaired} invalid polygon(s) were repaired "
                "(Fix Geometries does the same)."))

    def _licence_polygons(self, parameters, context, feedback, target_crs):
        """The licensed areas as :class:`Polygons` in ``target_crs``; None
        without a layer, or when it has no feature (the status is then
        unknown, said in the log)."""
        licences = self.parameterAsSource(parameters, self.LICENCE_AREAS, context)
        if licences is None:
            return None
        if licences.featureCount() == 0:
            # nothing to compare with: a site is not "unlicensed", its status is unknown
            feedback.pushWarning(self.tr(
                "The licensed-areas layer has no features, so no site can be told licensed or "
                "unlicensed; the 'licensed' fields are left empty. Check the layer."))
            return None
        # points or lines would leave every site "unlicensed" without a word
        return self._usable_polygons(
            licences, target_crs, context, feedback, progress=None,
            none_usable=self.tr(
                "The licensed-areas layer holds no usable polygon ({skipped} feature(s) "
                "skipped: empty, NULL or lines/points). Give the licensed mining areas as "
                "polygons, or leave Licensed mining areas empty."),
            some_skipped=self.tr(
                "Licensed-areas layer: {skipped} feature(s) without a usable polygon were "
                "skipped and {repaired} invalid polygon(s) were repaired."))

    @staticmethod
    def _usable_polygons(source, target_crs, context, feedback, *, progress, none_usable,
                         some_skipped):
        """The polygons of ``source`` in ``target_crs`` as :class:`Polygons`
        (``progress``: the feedback that sees the reading, or None); refused
        with ``none_usable`` when none is usable, ``some_skipped`` logged
        when features were skipped or repaired (both formatted with the
        counts ``skipped`` and ``repaired``)."""
        from ...core.insar.detection import Polygons

        counts = {}
        fids, rings = polygon_rings(source, target_crs, context, progress, counts)
        if not rings:
            raise QgsProcessingException(none_usable.format(**counts))
        if counts["skipped"] or counts["repaired"]:
            feedback.pushWarning(some_skipped.format(**counts))
        return Polygons(fids, rings)

    def _write_points(self, parameters, context, feedback, crs, ps, detected):
        import numpy as np

        pid, xy, result = ps.pid, ps.xy, detected.points
        idx = np.flatnonzero(result.anomalous)
        fields = make_fields([("pid", "string" if pid.dtype.kind in "US" else "int64"),
                          ("building_id", "int64"), ("site_id", "int64"),
                          ("first_flag", "date"), ("last_flag", "date"),
                          ("n_flagged", "int"), ("max_step_mm", "double"),
                          ("gradient_mm_m", "double"), ("eta_mm_m", "double"),
                          ("cum_mm", "double")])
        sink, dest = self.create_sink(parameters, self.OUTPUT_POINTS, context, fields,
                                QgsWkbTypes.Point, crs)
        columns = [pid[idx], detected.building_id[idx], detected.site_of_point[idx],
                   _qdates(result.first_flag_date[idx]), _qdates(result.last_flag_date[idx]),
                   result.n_flagged[idx], _floats(result.max_step_mm[idx]),
                   _floats(result.gradient_at_max[idx]), _floats(result.eta_at_max[idx]),
                   _floats(result.cumulative_mm[idx])]
        write_points(sink, xy[idx, 0], xy[idx, 1], columns, feedback, 85, 5)
        return {self.OUTPUT_POINTS: dest}

    def _write_buildings(self, parameters, context, feedback, buildings, detected):
        table, licensed = detected.buildings, detected.building_licensed
        extra = [("building_id", "int64"), ("n_ps", "int"),
                 ("n_anomalous", "int"), ("max_cum_mm", "double"),
                 ("est_start", "date"), ("est_end", "date"),
                 ("flag_start", "date"), ("flag_end", "date"),
                 ("site_id", "int64"), ("licensed", "bool")]
        fields = QgsFields(buildings.fields())
        taken = {f.name().lower() for f in buildings.fields()}
        for name, kind in extra:
            fields.append(make_field(unique_field_name(name, taken), kind))
        sink, dest = self.create_sink(parameters, self.OUTPUT_BUILDINGS, context, fields,
                                buildings.wkbType(), buildings.sourceCrs())
        row_of = {int(b): i for i, b in enumerate(table.building_id)}
        starts, ends = _qdates(table.est_start), _qdates(table.est_end)
        fstarts, fends = _qdates(table.flag_start), _qdates(table.flag_end)
        request = QgsFeatureRequest().setFilterFids(list(row_of))
        for count, feature in enumerate(all_features(buildings, request)):
            i = row_of[feature.id()]
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            out.setAttributes(list(feature.attributes()) + [
                feature.id(), int(table.n_ps[i]), int(table.n_anomalous[i]),
                _float(table.max_cumulative_mm[i]), starts[i], ends[i], fstarts[i], fends[i],
                int(table.site_id[i]), None if licensed is None else bool(licensed[i])])
            if not sink.addFeature(out, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.tr(
                    "Could not write the flagged buildings: {error}").format(
                    error=sink.lastError()))
            if count % 1000 == 0 and feedback.isCanceled():
                raise Cancelled("cancelled while writing buildings")
        feedback.setProgress(95)
        return {self.OUTPUT_BUILDINGS: dest}

    def _write_sites(self, parameters, context, feedback, crs, detected):
        sites, licensed, details = detected.sites, detected.site_licensed, detected.details
        fields = make_fields([("site_id", "int64"), ("n_buildings", "int"),
                          ("n_points", "int"), ("max_cum_mm", "double"),
                          ("est_start", "date"), ("est_end", "date"),
                          ("flag_start", "date"), ("flag_end", "date"),
                          ("licensed", "bool"), ("score", "double"),
                          ("method", "string"), ("bowl_radius_m", "double"),
                          ("max_settlement_mm", "double"),
                          ("rate_mm_per_year", "double"), ("onset_date", "date"),
                          ("stop_date", "date"), ("n_ps", "int"),
                          ("n_unwrap_corrected", "int"),
                          ("ps_mining_share", "double"), ("seasonal_mm", "double"),
                          ("lon", "double"), ("lat", "double"), ("tier", "int"),
                          ("surroundings_share", "double"), ("tier2_reason", "string")])
        sink, dest = self.create_sink(parameters, self.OUTPUT_SITES, context, fields,
                                QgsWkbTypes.Point, crs)
        lic = [None] * len(sites) if licensed is None else [bool(v) for v in licensed]
        columns = [sites.site_id, sites.n_buildings, sites.n_points,
                   _floats(sites.max_cumulative_mm), _qdates(sites.est_start),
                   _qdates(sites.est_end), _qdates(sites.flag_start), _qdates(sites.flag_end), lic,
                   _floats(details.score), [detected.method] * len(sites),
                   _floats(details.bowl_radius_m), _floats(details.max_settlement_mm),
                   _floats(details.rate_mm_per_year), _qdates(details.onset),
                   _qdates(details.stop), [int(v) for v in details.n_ps],
                   [None] * len(sites) if details.n_unwrap_corrected is None
                   else [int(v) for v in details.n_unwrap_corrected],
                   _floats(details.mining_share), _floats(details.seasonal_mm),
                   _floats(detected.lonlat[:, 0]), _floats(detected.lonlat[:, 1]),
                   [int(v) for v in details.tier], _floats(details.surroundings_share),
                   [reason or None for reason in details.weak_reason]]
        write_points(sink, sites.x, sites.y, columns, feedback, 95, 5)
        return {self.OUTPUT_SITES: dest}


def _transform(xy, source_crs, target_crs):
    """Reproject (N, 2) coordinates between QGIS CRSs, vectorised."""
    import numpy as np
    from rasterio.crs import CRS
    from rasterio.warp import transform

    shown = source_crs.authid() or source_crs.description() or "?"
    finite = xy[np.isfinite(xy).all(axis=1)]
    if source_crs.isGeographic() and len(finite) and (np.abs(finite[:, 0]).max() > 360
                                                     or np.abs(finite[:, 1]).max() > 90):
        # e.g. a GeoPackage whose SRS is 'undefined geographic' holding UTM metres
        raise QgsProcessingException(tr(
            "The PS layer's CRS {crs} is in degrees, but its coordinates are not (e.g. "
            "{x:.0f}, {y:.0f}): its CRS is missing or wrong. Set the CRS the coordinates are "
            "in (Layer Properties > Source, or Vector > Data Management > Assign "
            "Projection) and run again.").format(crs=shown, x=float(finite[0, 0]),
                                                 y=float(finite[0, 1])))
    wkt = QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL
    src, dst = CRS.from_wkt(source_crs.toWkt(wkt)), CRS.from_wkt(target_crs.toWkt(wkt))
    out = np.empty_like(xy)
    for start in range(0, len(xy), 1_000_000):
        part = xy[start:start + 1_000_000]
        try:
            xs, ys = transform(src, dst, part[:, 0], part[:, 1])
        except Exception as exc:  # noqa: BLE001 - PROJ's errors reach here in several types
            raise QgsProcessingException(tr(
                "The PS coordinates could not be reprojected from {crs} to the buildings' CRS "
                "({error}). Check the PS layer's CRS (Layer Properties > Source).").format(
                crs=shown, error=exc)) from exc
        out[start:start + len(part), 0], out[start:start + len(part), 1] = xs, ys
    return out


def _float(value):
    import numpy as np

    return None if not np.isfinite(value) else float(value)


def _floats(values):
    import numpy as np

    return [_float(v) for v in np.asarray(values, np.float64)]


def _qdates(values):
    """datetime64 array → list of QDate, None for NaT (a NULL date)."""
    import numpy as np

    out = []
    for value in np.asarray(values, "datetime64[D]"):
        if np.isnat(value):
            out.append(None)
        else:
            y, m, d = (int(p) for p in str(value).split("-"))
            out.append(QDate(y, m, d))
    return out
