"""The ``minewatch`` Processing provider."""
from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms.classify_land_damage import ClassifyLandDamage
from .algorithms.compare_models import CompareModels
from .algorithms.create_training_samples import CreateTrainingSamples
from .algorithms.detect_land_damage_change import DetectLandDamageChange
from .algorithms.detect_subsidence_anomalies import DetectSubsidenceAnomalies
from .algorithms.evaluate_segmentation import EvaluateSegmentation
from .algorithms.extract_buildings import ExtractBuildings
from .algorithms.harmonise_image import HarmoniseImage
from .algorithms.import_ps_time_series import ImportPsTimeSeries
from .algorithms.mask_clouds import MaskClouds
from .algorithms.select_ps_candidates import SelectPsCandidates
from .algorithms.train_segmentation_model import TrainSegmentationModel
from .base import ICON
from .graphical_models import ShippedGraphicalModel, graphical_model_files
from .translate import tr

ALGORITHMS = (SelectPsCandidates, DetectSubsidenceAnomalies, ClassifyLandDamage,
              DetectLandDamageChange, MaskClouds, HarmoniseImage,
              CreateTrainingSamples, TrainSegmentationModel, EvaluateSegmentation, CompareModels,
              ExtractBuildings, ImportPsTimeSeries)



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
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
        for path in graphical_model_files():  # templates users can also open in the modeler
            self.addAlgorithm(ShippedGraphicalModel(path, self))
