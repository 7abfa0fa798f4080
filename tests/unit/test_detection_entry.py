"""The detection pipeline's entry point (core/insar/detection.py) and its
one licence computation (core/insar/licensing.py)."""
import numpy as np
import pytest

from devkit.insar_sim.detection_scenes import detection_scene
from minewatch.core.common.errors import MineWatchInputError
from minewatch.core.insar.detection import (
    AUTO,
    DetectionParams,
    InMemorySettlement,
    Polygons,
    PsPoints,
    detect_subsidence,
    radar_wavelength,
)
from minewatch.core.insar.licensing import licence_status, polygons_intersect
from minewatch.core.insar.overlay import PolygonSet


def square(x0, y0, size):
    return np.array([[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size]], float)


def test_a_building_intersects_a_licence_however_they_meet():
    licence = PolygonSet.from_rings([[square(0, 0, 100)]])
    buildings = [
        [square(10, 10, 5)],                 # inside
        [square(95, 50, 10)],                # across the boundary (a vertex inside)
        [square(-50, -50, 300)],             # holds the whole licence
        # a cross: a long thin building over a thin licence, no vertex inside the other
        [np.array([[200, 40], [260, 40], [260, 45], [200, 45]], float)],
        [square(300, 300, 10)],              # far away
        # on the licence's line but beyond its end (collinear, not meeting)
        [np.array([[120, 0], [130, 0], [130, -5], [120, -5]], float)],
    ]
    thin = PolygonSet.from_rings([[np.array([[228, 0], [232, 0], [232, 100], [228, 100]], float)]])
    flags = polygons_intersect(buildings, licence)
    assert flags.tolist() == [True, True, True, False, False, False]
    assert polygons_intersect(buildings[3:4], thin).tolist() == [True]


def test_licence_status_is_unknown_without_licences():
    assert licence_status(np.zeros(2), np.zeros(2), [[square(0, 0, 1)]], None) == (None, None)
    sites, buildings = licence_status(np.array([5.0, 500.0]), np.array([5.0, 5.0]),
                                      [[square(0, 0, 1)]], [[square(0, 0, 10)]])
    assert sites.tolist() == [True, False] and buildings.tolist() == [True]


class Log:
    def __init__(self):
        self.lines = []

    def pushInfo(self, text):  # noqa: N802 - QGIS naming
        self.lines.append(text)

    pushWarning = pushInfo  # noqa: N815

    def setProgress(self, percent):  # noqa: N802
        pass

    def isCanceled(self):  # noqa: N802
        return False


def test_the_radar_band_follows_the_revisit_and_says_why():
    dates = np.arange("2020-01-01", "2021-01-01", 12, dtype="datetime64[D]")
    log = Log()
    assert radar_wavelength(AUTO, dates, log) == pytest.approx(55.5, abs=1.0)
    assert "C-band" in log.lines[0]
    assert radar_wavelength(None, dates) is None
    assert radar_wavelength(31.0, dates) == 31.0


@pytest.fixture(scope="module")
def scene():
    return detection_scene("C12", 202)


def ps_points(scene_and_series):
    scene, settlement, _ = scene_and_series
    return PsPoints(np.arange(len(scene.xy)), scene.xy, scene.dates, InMemorySettlement(settlement))


def test_both_methods_through_one_entry_point(scene):
    sim, _, truth = scene
    buildings = Polygons(np.asarray(sim.building_ids), [[b] for b in sim.buildings])
    licences = Polygons(np.arange(len(sim.licences)), [[r] for r in sim.licences])
    log = Log()
    crs = 'PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]'  # noqa: E501
    bowls = detect_subsidence(ps_points(scene), buildings, licences, DetectionParams(), log,
                              crs_wkt=crs)
    patent = detect_subsidence(ps_points(scene), buildings, licences,
                               DetectionParams(method="patent"), log)
    for result in (bowls, patent):
        n = len(result.sites)
        assert len(result.details.n_ps) == n and len(result.site_licensed) == n
        assert len(result.building_licensed) == len(result.buildings)
        assert set(np.unique(result.site_of_point)) <= set(range(1, n + 1)) | {-1}
    assert len(bowls.sites) >= 1 and np.isfinite(bowls.details.score).all()
    assert np.isnan(patent.details.score).all() and patent.details.n_unwrap_corrected is None
    # the sites' GPS positions near the UTM 50N central meridian; NaN without a CRS
    assert (np.abs(bowls.lonlat[:, 0] - 117) < 5).all() and np.isnan(patent.lonlat).all()
    assert any("Radar band auto" in line for line in log.lines)
    # a site the licences hold: its flagged buildings are licensed too
    site_of_building = dict(zip(bowls.buildings.building_id, bowls.buildings.site_id))
    for row, site in enumerate(bowls.sites.site_id):
        if bowls.site_licensed[row]:
            ids = [b for b, s in site_of_building.items() if s == site]
            assert bowls.building_licensed[np.isin(bowls.buildings.building_id, ids)].any()
    # every bowl of the scene found, each told licensed or not as planted
    assert len(bowls.sites) == len(truth.unlicensed) + len(truth.licensed)
    assert bowls.site_licensed.sum() == len(truth.licensed)


def test_no_ps_on_a_building_is_refused(scene):
    far = Polygons(np.array([1]), [[square(-1e6, -1e6, 10)]])
    with pytest.raises(MineWatchInputError, match="No PS point lies inside a building"):
        detect_subsidence(ps_points(scene), far)
