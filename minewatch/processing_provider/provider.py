"""The ``minewatch`` Processing provider."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import ICON
from .classify_land_damage import ClassifyLandDamage
from .compare_models import CompareModels
from .create_training_samples import CreateTrainingSamples
from .detect_land_damage_change import DetectLandDamageChange
from .detect_subsidence_anomalies import DetectSubsidenceAnomalies
from .evaluate_segmentation import EvaluateSegmentation
from .extract_buildings import ExtractBuildings
from .harmonise_image import HarmoniseImage
from .import_ps_time_series import ImportPsTimeSeries
from .mask_clouds import MaskClouds
from .select_ps_candidates import SelectPsCandidates
from .train_segmentation_model import TrainSegmentationModel
from .translate import tr

ALGORITHMS = (SelectPsCandidates, DetectSubsidenceAnomalies, ClassifyLandDamage,
              DetectLandDamageChange, MaskClouds, HarmoniseImage,
              CreateTrainingSamples, TrainSegmentationModel, EvaluateSegmentation, CompareModels,
              ExtractBuildings, ImportPsTimeSeries)


MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models")


def shipped_models():
    """Paths of the graphical models shipped with the plugin (.model3 in
    models/; built by scripts/make_monitoring_model.py)."""
    return sorted(os.path.join(MODELS_DIR, name) for name in os.listdir(MODELS_DIR)
                  if name.endswith(".model3"))


class MineWatchProvider(QgsProcessingProvider):
    def id(self):
        return "minewatch"

    def name(self):
        return "MineWatch"

    def longName(self):  # noqa: N802 - QGIS API
        return tr("MineWatch – mine monitoring by remote sensing")

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802 - QGIS API
        return ICON

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        from qgis.core import QgsProcessingModelAlgorithm

        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
        for path in shipped_models():
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(path):  # a template users can also open in the modeler
                self.addAlgorithm(model)
