"""Harmonise Image — bring a later image's radiometry to a reference image
of another date (issue 16; methods §4), so a model
trained on one year classifies another."""
import json

from qgis.core import (
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ...core.common.messages import translatable
from ..base import MineWatchAlgorithm

METHOD_CHOICES = ("histogram", "linear")


class HarmoniseImage(MineWatchAlgorithm):
    INPUT = "INPUT"
    REFERENCE = "REFERENCE"
    METHOD = "METHOD"
    INPUT_MASK = "INPUT_MASK"
    REFERENCE_MASK = "REFERENCE_MASK"
    OUTPUT = "OUTPUT"
    MAPPING = "MAPPING"

    REQUIRES = ("numpy", "rasterio")
    GROUP = translatable("Land damage")
    GROUP_ID = "landdamage"

    def name(self):
        return "harmoniseimage"

    def displayName(self):  # noqa: N802 - QGIS API
        return self.tr("Harmonise Image")

    def shortDescription(self):  # noqa: N802 - QGIS API
        return self.tr("Match an image's band values to a reference image of another date.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Brings the radiometry of an image (e.g. this year's scene) to a reference image "
            "of another date (e.g. last year's, the one the model was trained or checked "
            "on), so the same model classifies both alike and Detect Land Damage Change "
            "compares like with like.\n\n"
            "<b>Inputs</b>: Image to harmonise and Reference image, with the same bands in "
            "the same order (band k is matched to band k); any grids and CRS: only their "
            "valid overlap is compared (the reference is read onto the image's grid). "
            "Method: Histogram matching (default) or Linear, pseudo-invariant pixels. Cloud "
            "mask of the image and Cloud mask of the reference (optional; Mask Clouds' "
            "output: clouds and shadows are left out of the fit).\n\n"
            "<b>Methods</b>: 'histogram' maps each band's distribution over the overlap onto "
            "the reference's (quantile matching: robust to any monotonic change, but a large "
            "real change of land cover also shifts the mapping); 'linear' fits reference = "
            "gain × image + offset on pseudo-invariant pixels (the pixels that changed are "
            "dropped as outliers), which keeps real change intact.\n\n"
            "<b>Outputs</b>: Harmonised image (OUTPUT) and MAPPING (JSON per band: for "
            "histogram matching, the image values at the 5th, 50th and 95th percentiles "
            "and what they became; for the line, gain, offset and the number of invariant "
            "pixels).\n\n"
            "<b>Units and conventions</b>: the harmonised image keeps the image's own grid, "
            "CRS, data type and no data (integers rounded and clipped). Band k of the image "
            "is matched to band k of the reference.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:harmoniseimage -- "
            "INPUT=scene_2023.tif REFERENCE=scene_2022.tif METHOD=1 "
            "INPUT_MASK=clouds_2023.tif REFERENCE_MASK=clouds_2022.tif "
            "OUTPUT=scene_2023_harmonised.tif")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("Image to harmonise")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, self.tr("Reference image")))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Method"),
            options=[self.tr("Histogram matching"), self.tr("Linear, pseudo-invariant pixels")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT_MASK, self.tr("Cloud mask of the image"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE_MASK, self.tr("Cloud mask of the reference"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Harmonised image")))
        self.addOutput(QgsProcessingOutputString(self.MAPPING, self.tr("Mapping per band (JSON)")))

    def run_algorithm(self, parameters, context, feedback):
        from ...core.imagery.harmonise import harmonise_image, summary

        image = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        reference = self.parameterAsRasterLayer(parameters, self.REFERENCE, context)
        masks = [self.parameterAsRasterLayer(parameters, name, context)
                 for name in (self.INPUT_MASK, self.REFERENCE_MASK)]
        method = METHOD_CHOICES[self.parameterAsEnum(parameters, self.METHOD, context)]
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        self.outputs.wrote(out_path)
        feedback.setProgressText(self.tr("Matching the image to the reference…"))
        image_mask, reference_mask = (m.source() if m else "" for m in masks)
        mappings, n = harmonise_image(image.source(), reference.source(), out_path, method,
                                      image_mask=image_mask, reference_mask=reference_mask,
                                      feedback=feedback)
        described = summary(mappings)
        for band in described:
            feedback.pushInfo(self.mapping_line(band))
        feedback.pushInfo(self.tr("{n} overlap pixels compared.").format(n=n))
        return {self.OUTPUT: out_path, self.MAPPING: json.dumps(described, ensure_ascii=False)}

    def mapping_line(self, band):
        """One band's mapping (an entry of ``harmonise.summary``) for people."""
        if "gain" in band:
            return self.tr("Band {band}: value × {gain:.4g} + {offset:.4g} ({n} unchanged pixels "
                           "used).").format(band=band["band"], gain=band["gain"],
                                            offset=band["offset"], n=band["n_invariant"])
        pairs = ", ".join(f"{a:.4g} → {b:.4g}" for a, b in zip(band["from"], band["to"]))
        return self.tr("Band {band}: 5th, 50th and 95th percentiles {pairs}.").format(
            band=band["band"], pairs=pairs)
