"""Detect Land Damage Change in real headless QGIS: processing.run (raster,
polygons, report, numbers), qgis_process.bin, a bad input."""
import json
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer
from rasterio.transform import from_origin

ALG = "minewatch:detectlanddamagechange"
VEGETATION, OPEN_PIT, DUMP = 3, 1, 6


def write(path, array, dtype="uint8"):
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0],
                       count=1, dtype=dtype, nodata=255, crs="EPSG:32650",
                       transform=from_origin(500000.0, 4200000.0, 2.0, 2.0)) as ds:
        ds.write(array.astype(dtype), 1)
    return str(path)


@pytest.fixture()
def years(tmp_path):
    before = np.full((100, 120), VEGETATION, np.uint8)
    before[10:30, 10:30] = OPEN_PIT   # restored: 1 600 m²
    before[60:80, 60:80] = DUMP       # persists
    after = before.copy()
    after[10:30, 10:30] = VEGETATION
    after[40:50, 0:50] = OPEN_PIT     # new: 2 000 m²
    after[95, 115] = DUMP             # one pixel: under the minimum mapping unit
    return write(tmp_path / "damage_2021.tif", before), write(tmp_path / "damage_2022.tif", after)


def test_new_damage_restored_land_polygons_and_report(years, tmp_path):
    earlier, later = years
    result = processing.run(ALG, {
        "EARLIER": earlier, "LATER": later, "MIN_AREA": 50.0,
        "OUTPUT": str(tmp_path / "change.tif"), "OUTPUT_POLYGONS": str(tmp_path / "change.gpkg"),
        "OUTPUT_REPORT": str(tmp_path / "change.html")})
    assert result["NEW_DAMAGE_KM2"] == pytest.approx(0.002)
    assert result["RESTORED_KM2"] == pytest.approx(0.0016)
    by_type = json.loads(result["CHANGE_BY_TYPE_KM2"])
    assert by_type["excavation"]["new damage"] == pytest.approx(0.002)
    assert by_type["occupation"]["persisting"] == pytest.approx(0.0016)
    assert QgsRasterLayer(result["OUTPUT"], "c").isValid()
    polygons = QgsVectorLayer(result["OUTPUT_POLYGONS"], "p", "ogr")
    features = list(polygons.getFeatures())
    assert sorted((f["from_name"], f["to_name"], f["change"], round(f["area_m2"]))
                  for f in features) == [("open pit", "vegetation", "restored", 1600),
                                         ("vegetation", "open pit", "new damage", 2000)]
    text = open(result["OUTPUT_REPORT"], encoding="utf-8").read()
    assert "damage_2021 → damage_2022" in text and "data:image/png;base64," in text
    with rasterio.open(earlier) as ds:  # the input is left alone
        assert ds.read(1)[20, 20] == OPEN_PIT


@pytest.mark.slow
def test_from_the_shell_and_a_bad_input(qgis_process, years, tmp_path):
    earlier, later = years
    rc, data, proc = qgis_process.run_json(ALG, EARLIER=earlier, LATER=later,
                                           OUTPUT=str(tmp_path / "c.tif"))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["NEW_DAMAGE_KM2"] == pytest.approx(0.002, abs=1e-5)
    # a reflectance image, not class indices (a float map of whole numbers would be one)
    image = write(tmp_path / "image.tif", np.full((100, 120), 0.37), dtype="float32")
    with pytest.raises(QgsProcessingException, match="not class indices"):
        processing.run(ALG, {"EARLIER": earlier, "LATER": image,
                             "OUTPUT": str(tmp_path / "bad.tif")})
    assert not (tmp_path / "bad.tif").exists()


def test_maps_whose_stored_classes_disagree_are_refused(years, tmp_path):
    """Issue 29: the class tables stored in the two maps are compared (a
    building mask as the later map, or permuted names, used to 'succeed')."""
    import shutil
    from dataclasses import replace

    from minewatch.core.classmap.style import label_class_raster
    from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES

    earlier, later = (str(shutil.copy(p, tmp_path / f"tagged_{i}.tif")) for i, p in enumerate(years))
    label_class_raster(earlier, LAND_DAMAGE_CLASSES)
    label_class_raster(later, LAND_DAMAGE_CLASSES)
    processing.run(ALG, {"EARLIER": earlier, "LATER": later,
                         "OUTPUT": str(tmp_path / "ok.tif")})  # same classes: runs

    buildings = str(shutil.copy(years[1], tmp_path / "buildings.tif"))
    label_class_raster(buildings, BUILDING_CLASSES)
    with pytest.raises(QgsProcessingException, match="name their classes differently"):
        processing.run(ALG, {"EARLIER": earlier, "LATER": buildings,
                             "OUTPUT": str(tmp_path / "c1.tif")})
    permuted = str(shutil.copy(years[1], tmp_path / "permuted.tif"))
    label_class_raster(permuted, [replace(c, index=len(LAND_DAMAGE_CLASSES) - 1 - c.index)
                                  for c in LAND_DAMAGE_CLASSES])  # the same names, other order
    with pytest.raises(QgsProcessingException, match="name their classes differently"):
        processing.run(ALG, {"EARLIER": earlier, "LATER": permuted,
                             "OUTPUT": str(tmp_path / "c2.tif")})
    with pytest.raises(QgsProcessingException, match="but the change is computed for a, b, c"):
        processing.run(ALG, {"EARLIER": earlier, "LATER": later, "CLASSES": "a,b,c",
                             "OUTPUT": str(tmp_path / "c3.tif")})
    assert not [n for n in os.listdir(tmp_path) if n.startswith("c") and n.endswith(".tif")]
