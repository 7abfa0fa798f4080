"""Mask Clouds — clouds and their shadows in a multispectral image by a
transparent spectral and spatial rule (issue 16; methods §4 clouds), so they
are not classified as land."""
from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ...core.common.messages import translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..qgis_io import destination_path

# (parameter, label, CloudRules field, default, minimum, maximum)
THRESHOLDS = (
    ("BRIGHT_MIN", translatable("Cloud brightness, reflectance"), "bright_min", 0.3, 0.0, 2.0),
    ("CORE_MIN", translatable("Cloud core brightness, reflectance"), "core_min", 0.45, 0.0, 2.0),
    ("WHITENESS_MAX", translatable("Largest whiteness"), "whiteness_max", 0.7, 0.0, 3.0),
    ("NDVI_MAX", translatable("Largest NDVI of a cloud"), "ndvi_max", 0.4, -1.0, 1.0),
    ("MIN_CLOUD_AREA", translatable("Smallest cloud, m²"), "min_cloud_area_m2", 5000.0, 0.0, 1e9),
    ("EDGE_DISTANCE", translatable("Cloud edge reach from a core, m"), "edge_m", 150.0, 0.0, 1e5),
    ("THIN", translatable("Bright features thinner than this are no cloud, m"), "thin_m", 12.0, 0.0, 1e4),
    ("SHADOW_DISTANCE", translatable("Farthest shadow from its cloud, m"), "shadow_distance_m", 1500.0, 0.0,
     1e5),
    ("SHADOW_RATIO", translatable("Shadow darkness (share of clear ground)"), "shadow_ratio", 0.6, 0.0, 1.0),
    ("MIN_BRIGHTENING", translatable("Brighter than the reference date by, reflectance"), "min_brightening",
     0.08, 0.0, 2.0),
)
ROLE_PARAMETERS = (("BLUE", "blue", translatable("Blue band")), ("GREEN", "green", translatable("Green band")),
                   ("RED", "red", translatable("Red band")), ("NIR", "nir", translatable("Near-infrared band")),
                   ("PAN", "pan", translatable("Panchromatic band (instead of blue, green, red)")))


class MaskClouds(MineWatchAlgorithm):
    INPUT = "INPUT"
    REFERENCE = "REFERENCE"
    REFLECTANCE_SCALE = "REFLECTANCE_SCALE"
    SUN_AZIMUTH = "SUN_AZIMUTH"
    BUFFER = "BUFFER"
    OUTPUT = "OUTPUT"
    OUTPUT_MASKED = "OUTPUT_MASKED"
    CLOUD_SHARE = "CLOUD_SHARE"
    SHADOW_SHARE = "SHADOW_SHARE"
    SCALE_USED = "SCALE_USED"

    REQUIRES = ("numpy", "scipy", "rasterio")
    GROUP = translatable("Land damage")
    GROUP_ID = "landdamage"

    def name(self):
        return "maskclouds"

    def displayName(self):  # noqa: N802 - QGIS API
        return self.tr("Mask Clouds")

    def shortDescription(self):  # noqa: N802 - QGIS API
        return self.tr("Find clouds and their shadows in a multispectral image, so they are "
                       "not classified as land.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Finds clouds and cloud shadows in a multispectral image (blue, green, red, "
            "near-infrared of any data type, or a panchromatic band) by a transparent rule, "
            "before Classify Land Damage or Harmonise Image, so they are not classified as "
            "land.\n\n"
            "<b>Inputs</b>: Multispectral image. Blue, Green, Red, Near-infrared band, or a "
            "Panchromatic band instead of blue, green, red (empty: taken from the band "
            "descriptions blue/green/red/nir/pan, else bands 1–4 as blue, green, red, NIR). "
            "Clear image of another date (optional; same bands, any grid) makes the rule "
            "multi-temporal: a cloud must also be brighter than the same ground there "
            "(bright concrete or tailings, bright on both dates, then stay clear). Buffer, m "
            "(default 30): clouds and shadows grow by it. Sun azimuth, degrees (from north, "
            "clockwise; from the image's metadata) points the shadow search; empty searches "
            "every direction. Advanced: Reflectance scale, reflectance per image value "
            "(empty: 1/255 for 8-bit images, 1/1023, 1/2047, 1/4095 for 10-, 11-, 12-bit "
            "values, 1/10000 for reflectance × 10 000 products; the value used is "
            "reported), and the thresholds of the rule (defaults: Cloud brightness 0.3, "
            "Cloud core brightness 0.45, Largest whiteness 0.7, Largest NDVI 0.4, Smallest "
            "cloud 5000 m², Cloud edge reach 150 m, bright features thinner than 12 m, "
            "Farthest shadow 1500 m, Shadow darkness 0.6, Brighter than the reference date "
            "by 0.08).\n\n"
            "<b>Rule</b>: a cloud pixel is bright (mean visible reflectance ≥ Cloud "
            "brightness), white (whiteness Σ|ρ−mean|/mean ≤ Largest whiteness), hazy (HOT = "
            "blue − 0.5 red − 0.08 > 0) and not vegetation (NDVI ≤ Largest NDVI). A cloud "
            "needs a core brighter than Cloud core brightness, in one patch of at least "
            "Smallest cloud (bright roofs are small); its thinner edge reaches Cloud edge "
            "reach from the core, leaving out bright features thinner than the given width "
            "(roads). A shadow is the cloud's outline moved away from the sun by up to "
            "Farthest shadow, where that footprint is darkest, over pixels darker than "
            "Shadow darkness × the clear ground's near-infrared median. Both grow by "
            "Buffer.\n\n"
            "<b>Outputs</b>: Cloud and shadow mask (OUTPUT) on the image's grid. Image "
            "without clouds (OUTPUT_MASKED, optional): the image with cloud and shadow "
            "pixels set to no data. CLOUD_SHARE and SHADOW_SHARE (0–1 of the valid pixels) "
            "and SCALE_USED (the reflectance scale used).\n\n"
            "<b>Units and conventions</b>: the mask is uint8: 0 clear, 1 cloud, 2 shadow, "
            "255 no data. The image without clouds uses the image's own no data value, else "
            "0. Thresholds of brightness are in reflectance, areas in m², distances in m, "
            "the sun azimuth in degrees clockwise from north.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:maskclouds -- INPUT=scene_2023.tif "
            "REFERENCE=scene_2022.tif SUN_AZIMUTH=135 OUTPUT=clouds.tif "
            "OUTPUT_MASKED=scene_2023_clear.tif")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("Multispectral image")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, self.tr("Clear image of another date"), optional=True))
        for name, _, label in ROLE_PARAMETERS:
            self.addParameter(QgsProcessingParameterBand(
                name, self.tr(label), None, self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.BUFFER, self.tr("Buffer, m"), QgsProcessingParameterNumber.Double,
            defaultValue=30.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SUN_AZIMUTH, self.tr("Sun azimuth, degrees"),
            QgsProcessingParameterNumber.Double, optional=True, minValue=0.0, maxValue=360.0))
        self.add_advanced(QgsProcessingParameterNumber(
            self.REFLECTANCE_SCALE, self.tr("Reflectance scale"),
            QgsProcessingParameterNumber.Double, optional=True, minValue=0.0))
        for name, label, _, default, low, high in THRESHOLDS:
            self.add_advanced(QgsProcessingParameterNumber(
                name, self.tr(label), QgsProcessingParameterNumber.Double,
                defaultValue=default, minValue=low, maxValue=high))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Cloud and shadow mask")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_MASKED, self.tr("Image without clouds"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.CLOUD_SHARE, self.tr("Cloud share")))
        self.addOutput(QgsProcessingOutputNumber(self.SHADOW_SHARE, self.tr("Shadow share")))
        self.addOutput(QgsProcessingOutputNumber(self.SCALE_USED,
                                                 self.tr("Reflectance scale used")))

    def roles(self, parameters, context, layer):
        """{role: 0-based band}: the band descriptions (blue/green/red/nir/
        pan), else bands 1–4 as blue, green, red, NIR (a 1- or 2-band image:
        band 1 as panchromatic); the bands given override them."""
        from ...core.raster.band_names import band_roles
        from ...core.raster.raster_io import open_raster

        known = {role for _, role, _ in ROLE_PARAMETERS}
        with open_raster(layer.source()) as ds:
            roles = {r: i for r, i in band_roles(ds.descriptions).items() if r in known}
        if not roles:
            defaults = ("blue", "green", "red", "nir")
            roles = ({role: i for i, role in enumerate(defaults[:layer.bandCount()])}
                     if layer.bandCount() >= 3 else {"pan": 0})
        for name, role, _ in ROLE_PARAMETERS:
            if parameters.get(name) not in (None, "", 0):
                roles[role] = self.parameterAsInt(parameters, name, context) - 1
        return roles

    def run_algorithm(self, parameters, context, feedback):
        from ...core.imagery.clouds import CloudRules, mask_clouds

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        roles = self.roles(parameters, context, layer)
        azimuth = None
        if parameters.get(self.SUN_AZIMUTH) not in (None, ""):
            azimuth = self.parameterAsDouble(parameters, self.SUN_AZIMUTH, context)
        scale = None
        if parameters.get(self.REFLECTANCE_SCALE) not in (None, "", 0, 0.0):
            scale = self.parameterAsDouble(parameters, self.REFLECTANCE_SCALE, context)
        rules = CloudRules(
            sun_azimuth_deg=azimuth, buffer_m=self.parameterAsDouble(parameters, self.BUFFER,
                                                                     context),
            **{field: self.parameterAsDouble(parameters, name, context)
               for name, _, field, *_ in THRESHOLDS})
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        masked_path = destination_path(self, parameters, self.OUTPUT_MASKED, context)
        feedback.pushInfo(self.tr("Bands used: {roles}.").format(
            roles=", ".join(f"{role} = {band + 1}" for role, band in roles.items())))
        self.outputs.wrote(out_path, *([masked_path] if masked_path else []))
        reference = self.parameterAsRasterLayer(parameters, self.REFERENCE, context)
        result = mask_clouds(layer.source(), out_path, roles, rules=rules, scale=scale,
                             masked_path=masked_path, feedback=ScaledFeedback(feedback, 0, 100),
                             reference_path=reference.source() if reference else "")
        feedback.pushInfo(self.tr(
            "Reflectance scale {scale:.3g}; clouds {cloud:.1%}, shadows {shadow:.1%} of the "
            "valid pixels.").format(scale=result["scale"], cloud=result["cloud_share"],
                                    shadow=result["shadow_share"]))
        results = {self.OUTPUT: out_path, self.CLOUD_SHARE: float(result["cloud_share"]),
                   self.SHADOW_SHARE: float(result["shadow_share"]),
                   self.SCALE_USED: float(result["scale"])}
        if masked_path:
            results[self.OUTPUT_MASKED] = masked_path
        return results
