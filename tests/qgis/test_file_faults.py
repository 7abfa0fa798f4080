"""Issue 29: disk and file faults end in one clear message naming the
fault, with nothing that looks complete left behind and the inputs
untouched: a full disk (a small tmpfs: those tests need root to mount it
and are skipped otherwise) and a truncated input."""
import os
import subprocess

import processing
import pytest
from qgis.core import QgsProcessingException
from tiled_testlib import smooth_image, write_raster


@pytest.fixture()
def small_disk(tmp_path):
    """A 256 kB file system at tmp_path/full (unmounted afterwards)."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("a small tmpfs cannot be mounted here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("algorithm,outputs", [
    ("minewatch:maskclouds", ("OUTPUT", "OUTPUT_MASKED")),
    ("minewatch:harmoniseimage", ("OUTPUT",)),
    ("minewatch:classifylanddamage", ("OUTPUT", "OUTPUT_PROBABILITY")),
])
def test_a_full_disk_gives_one_message_and_leaves_nothing(tmp_path, small_disk, algorithm,
                                                          outputs):
    image = write_raster(tmp_path / "image.tif", smooth_image(512, 512, seed=3))
    before = open(image, "rb").read()
    params = {"INPUT": image, **{name: str(small_disk / f"{name}.tif") for name in outputs}}
    if algorithm.endswith("harmoniseimage"):
        params["REFERENCE"] = write_raster(tmp_path / "ref.tif", smooth_image(512, 512, seed=4))
    with pytest.raises(QgsProcessingException) as err:
        processing.run(algorithm, params)
    assert "the disk is probably full" in str(err.value) and "Traceback" not in str(err.value)
    assert os.listdir(small_disk) == []  # no output, no .aux.xml, no partial file
    assert open(image, "rb").read() == before


@pytest.mark.parametrize("algorithm", ["minewatch:maskclouds", "minewatch:classifylanddamage"])
def test_a_truncated_input_is_named_with_its_fault(tmp_path, algorithm):
    """Issue 29: a GeoTIFF cut short (an interrupted copy) gave libtiff's
    'TIFFFillTile: Read error' traceback mid-run (Classify, Mask Clouds)."""
    image = write_raster(tmp_path / "image.tif", smooth_image(512, 512, seed=5))
    data = open(image, "rb").read()
    cut = str(tmp_path / "cut.tif")
    with open(cut, "wb") as f:
        f.write(data[:len(data) // 2])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException) as err:
        processing.run(algorithm, {"INPUT": cut, "OUTPUT": str(out / "m.tif")})
    text = str(err.value)
    assert "Traceback" not in text and "cut.tif" in text, text
    assert os.listdir(out) == []


def test_samples_on_a_full_disk_leave_no_sample_set(tmp_path, small_disk):
    """Create Training Samples on a full disk ('524288 requested and 151488
    written' from numpy) ends in the same message; no sample set is left."""
    import numpy as np

    image = write_raster(tmp_path / "image.tif", smooth_image(512, 512, seed=6))
    labels = write_raster(tmp_path / "labels.tif",
                          (np.arange(512 * 512).reshape(1, 512, 512) % 3).astype(np.uint8))
    with pytest.raises(QgsProcessingException) as err:
        processing.run("minewatch:createtrainingsamples", {
            "INPUT": image, "LABELS": labels, "PATCH_SIZE": 64,
            "OUTPUT_FOLDER": str(small_disk / "samples")})
    assert "the disk is probably full" in str(err.value), str(err.value)
    assert not os.path.exists(small_disk / "samples" / "manifest.json")


def test_a_geopackage_output_on_a_full_disk(tmp_path, small_disk):
    """A GeoPackage sink on a full disk: SQLite's 'database or disk is
    full' (with its SQL statements) becomes the same message; nothing of
    the run is left."""
    from devkit.insar_sim.ps_simulator import simulate_scene, write_gpkg

    scene = simulate_scene(n_points=3000, n_buildings=120, n_dates=40, revisit_days=12,
                           n_bowls=1, licence_bowls=0, seed=7)
    gpkg = str(tmp_path / "scene.gpkg")
    write_gpkg(scene, gpkg)
    before = open(gpkg, "rb").read()
    with pytest.raises(QgsProcessingException) as err:
        processing.run("minewatch:detectsubsidenceanomalies", {
            "PS_POINTS": f"{gpkg}|layername=ps", "BUILDINGS": f"{gpkg}|layername=buildings",
            "OUTPUT_POINTS": str(small_disk / "points.gpkg"),
            "OUTPUT_BUILDINGS": str(small_disk / "buildings.gpkg"),
            "OUTPUT_SITES": str(small_disk / "sites.gpkg")})
    text = str(err.value)
    assert "the disk is probably full" in text and "Traceback" not in text, text
    assert "INSERT" not in text and "CREATE" not in text, text
    assert os.listdir(small_disk) == []
    assert open(gpkg, "rb").read() == before
