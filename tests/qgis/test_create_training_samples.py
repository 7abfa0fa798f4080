"""Create Training Samples through Processing: raster and polygon labels
give the same patches, labels on another grid or CRS, bad inputs, and a
run through qgis_process."""
import json

import numpy as np
import pytest
import rasterio
from osgeo import ogr, osr
from qgis.core import QgsProcessingException
from rasterio.features import shapes as raster_shapes
from rasterio.transform import from_origin
from rasterio.warp import Resampling, calculate_default_transform, reproject
from sample_scene_testlib import CRS, stripes, write_raster  # tests/unit, via conftest

from minewatch.core.raster.gdal_modes import gdal_exceptions
from minewatch.core.training.samples import SampleSet
from minewatch.models.classes import LAND_DAMAGE_CLASSES

SIZE = 96
ALG = "minewatch:createtrainingsamples"


def write_polygons(path, label, transform, values=None, crs=CRS, geometry_type="polygon"):
    """Vectorise ``label`` along pixel edges into a GeoPackage layer with a
    field ``cls`` holding ``values[class]`` (default: the class index)."""
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GPKG")
        data = driver.CreateDataSource(str(path))
        srs = osr.SpatialReference()
        srs.SetFromUserInput(crs)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        kind = ogr.wkbPolygon if geometry_type == "polygon" else ogr.wkbPoint
        layer = data.CreateLayer("labels", srs, kind)
        field_type = ogr.OFTInteger if values is None else ogr.OFTString
        layer.CreateField(ogr.FieldDefn("cls", field_type))
        for geometry, value in raster_shapes(label, transform=transform):
            feature = ogr.Feature(layer.GetLayerDefn())
            shape = ogr.CreateGeometryFromJson(json.dumps(geometry))
            feature.SetGeometry(shape if kind == ogr.wkbPolygon else shape.Centroid())
            feature.SetField("cls", int(value) if values is None else values[int(value)])
            layer.CreateFeature(feature)
        data = None
    return str(path)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples_data")
    transform = from_origin(500000, 4000000, 2, 2)
    # classes in 8 px cells, so a 2× coarser label raster holds the same labels
    label = stripes(SIZE, SIZE, 8)
    rng = np.random.default_rng(0)
    image = np.stack([label.astype(np.int64) * 100 + 7, rng.integers(0, 999, label.shape),
                      rng.integers(0, 999, label.shape)]).astype(np.uint16)
    coarse_transform = from_origin(500000, 4000000, 4, 4)
    return {
        "folder": folder, "label": label,
        "image": write_raster(folder / "image.tif", image, transform),
        "labels": write_raster(folder / "labels.tif", label, transform),
        "coarse": write_raster(folder / "coarse.tif", label[::2, ::2].copy(), coarse_transform),
        "polygons": write_polygons(folder / "labels.gpkg", label, transform),
        "named": write_polygons(folder / "named.gpkg", label, transform, values=[
            c.name.upper() if c.index % 2 else c.name_zh for c in LAND_DAMAGE_CLASSES]),
    }


def run(plugin, data, out, **params):
    import processing

    parameters = {"INPUT": data["image"], "PATCH_SIZE": 16, "STRIDE": 8, "BLOCK_SIZE": 32,
                  "AUGMENT": 2, "OUTPUT_FOLDER": str(out)}
    parameters.update(params)
    return processing.run(ALG, parameters)


def all_patches(folder):
    samples = SampleSet(str(folder))
    result = {}
    for split in ("train", "val", "test"):
        result[split] = samples.load(split, np.arange(samples.count(split)))
    return samples, result


def assert_same_samples(a, b):
    samples_a, patches_a = all_patches(a)
    samples_b, patches_b = all_patches(b)
    assert samples_a.patch_table() == samples_b.patch_table()
    for split in patches_a:
        assert patches_a[split][0].shape[0] > 0
        assert np.array_equal(patches_a[split][0], patches_b[split][0])
        assert np.array_equal(patches_a[split][1], patches_b[split][1])
    for key in ("band_mean", "band_std", "classes", "splits"):
        assert samples_a.manifest[key] == samples_b.manifest[key]


def test_raster_and_polygon_labels_give_the_same_patches(plugin, data, tmp_path):
    from_raster = run(plugin, data, tmp_path / "r", LABELS=data["labels"])
    from_polygons = run(plugin, data, tmp_path / "p", LABELS=data["polygons"], CLASS_FIELD="cls")
    from_names = run(plugin, data, tmp_path / "n", LABELS=data["named"], CLASS_FIELD="cls",
                     OUTSIDE_POLYGONS=1)
    assert from_raster["TRAIN_PATCHES"] > 0 and from_raster["VAL_PATCHES"] > 0
    assert from_raster["TEST_PATCHES"] > 0
    for key in ("TRAIN_PATCHES", "VAL_PATCHES", "TEST_PATCHES"):
        assert from_raster[key] == from_polygons[key] == from_names[key]
    assert_same_samples(tmp_path / "r", tmp_path / "p")
    assert_same_samples(tmp_path / "r", tmp_path / "n")
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert from_raster["MANIFEST"] == str(tmp_path / "r" / "manifest.json")
    assert manifest["augment"] == 2 and manifest["patch_size"] == 16 and manifest["stride"] == 8
    assert [c["name"] for c in manifest["classes"]] == [c.name for c in LAND_DAMAGE_CLASSES]
    # the labels really are the source labels at each patch's offset
    samples, patches = all_patches(tmp_path / "p")
    rows = [r for r in samples.patch_table() if r["split"] == "val"]
    for k, row in enumerate(rows):
        r, c = row["row_off"], row["col_off"]
        assert np.array_equal(patches["val"][1][k], data["label"][r:r + 16, c:c + 16])


def test_labels_counted_from_one_with_a_value_table(plugin, data, tmp_path):
    """Labels 1…8 with 0 = unlabelled, as departments keep them, give the
    same patches as class indices once the value table and UNLABELLED say so
    (raster and polygons alike)."""
    from_one = (data["label"].astype(np.uint8) + 1)
    transform = from_origin(500000, 4000000, 2, 2)
    raster = write_raster(tmp_path / "from_one.tif", from_one, transform)
    polygons = write_polygons(tmp_path / "from_one.gpkg", from_one, transform)
    table = ",".join(f"{c.index + 1}={c.name}" for c in LAND_DAMAGE_CLASSES)
    run(plugin, data, tmp_path / "r", LABELS=data["labels"], MIN_LABELLED=0.5)
    run(plugin, data, tmp_path / "v", LABELS=raster, CLASSES=table, UNLABELLED=0,
        MIN_LABELLED=0.5)
    run(plugin, data, tmp_path / "p", LABELS=polygons, CLASS_FIELD="cls", CLASSES=table,
        UNLABELLED=0, MIN_LABELLED=0.5)
    assert_same_samples(tmp_path / "r", tmp_path / "v")
    assert_same_samples(tmp_path / "r", tmp_path / "p")


def test_label_raster_on_a_coarser_grid(plugin, data, tmp_path):
    run(plugin, data, tmp_path / "fine", LABELS=data["labels"])
    run(plugin, data, tmp_path / "coarse", LABELS=data["coarse"])
    assert_same_samples(tmp_path / "fine", tmp_path / "coarse")


def test_label_raster_in_another_crs(plugin, data, tmp_path):
    # labels reprojected to WGS 84: after warping back, nearly every pixel agrees
    with rasterio.open(data["labels"]) as src:
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:4326", src.width, src.height, *src.bounds)
        warped = np.full((height, width), 255, np.uint8)
        reproject(src.read(1), warped, src_transform=src.transform, src_crs=src.crs,
                  dst_transform=transform, dst_crs="EPSG:4326", resampling=Resampling.nearest)
    path = write_raster(tmp_path / "wgs84.tif", warped, transform, crs="EPSG:4326", nodata=255)
    result = run(plugin, data, tmp_path / "s", LABELS=path, AUGMENT=1, STRIDE=16, SPLIT="100,0,0",
                 MIN_LABELLED=0.2)
    samples, patches = all_patches(tmp_path / "s")
    assert result["TRAIN_PATCHES"] == samples.count("train") >= 20
    agree = total = 0
    for k, row in enumerate(samples.patch_table()):
        truth = data["label"][row["row_off"]:row["row_off"] + 16, row["col_off"]:row["col_off"] + 16]
        got = patches["train"][1][k]
        known = got != 255
        agree += int((got[known] == truth[known]).sum())
        total += int(known.sum())
    assert total > 0.8 * samples.count("train") * 256 and agree / total > 0.97


def test_bad_inputs_are_refused_clearly(plugin, data, tmp_path):
    with pytest.raises(QgsProcessingException, match="no field 'nope'"):
        run(plugin, data, tmp_path / "a", LABELS=data["polygons"], CLASS_FIELD="nope")
    with pytest.raises(QgsProcessingException, match="Class field"):
        run(plugin, data, tmp_path / "b", LABELS=data["polygons"])
    with pytest.raises(QgsProcessingException, match="not one of the classes.*0 background, 1 open pit, 2 water"):
        run(plugin, data, tmp_path / "c", LABELS=data["named"], CLASS_FIELD="cls",
            CLASSES="background,open pit,water")
    far = write_polygons(tmp_path / "far.gpkg", data["label"], from_origin(900000, 100000, 2, 2))
    with pytest.raises(QgsProcessingException, match="No image pixel has a label"):
        run(plugin, data, tmp_path / "d", LABELS=far, CLASS_FIELD="cls", OUTSIDE_POLYGONS=1)
    far_raster = write_raster(tmp_path / "far.tif", data["label"], from_origin(900000, 100000, 2, 2))
    with pytest.raises(QgsProcessingException, match="does not overlap"):
        run(plugin, data, tmp_path / "e", LABELS=far_raster)
    with pytest.raises(QgsProcessingException, match="larger than the image"):
        run(plugin, data, tmp_path / "f", LABELS=data["labels"], PATCH_SIZE=128, STRIDE=None,
            BLOCK_SIZE=None)
    with pytest.raises(QgsProcessingException, match="SPLIT"):
        run(plugin, data, tmp_path / "g", LABELS=data["labels"], SPLIT="70,30")
    points = write_polygons(tmp_path / "points.gpkg", data["label"], from_origin(500000, 4000000, 2, 2),
                            geometry_type="point")
    with pytest.raises(QgsProcessingException, match="polygon"):
        run(plugin, data, tmp_path / "h", LABELS=points, CLASS_FIELD="cls")
    for folder in "abcdefgh":
        path = tmp_path / folder
        assert not path.exists() or not any(path.iterdir()), folder


@pytest.mark.slow
def test_qgis_process(qgis_process, data, tmp_path):
    out = tmp_path / "cli"
    code, result, proc = qgis_process.run_json(
        ALG, INPUT=data["image"], LABELS=data["polygons"], CLASS_FIELD="cls", PATCH_SIZE=16,
        BLOCK_SIZE=32, AUGMENT=1, SPLIT="60,20,20", OUTPUT_FOLDER=str(out))
    assert code == 0, proc.stdout + proc.stderr
    results = result["results"]
    samples = SampleSet(str(out))
    assert results["TRAIN_PATCHES"] == samples.count("train") > 0
    assert results["VAL_PATCHES"] == samples.count("val")
    assert results["MANIFEST"].endswith("manifest.json")


def test_two_images_into_one_sample_folder(plugin, data, tmp_path):
    """Run once per image with 'Add to the samples already in the folder':
    the folder holds both images' patches."""
    out = tmp_path / "both"
    first = run(plugin, data, out, LABELS=data["labels"])
    second = run(plugin, data, out, LABELS=data["polygons"], CLASS_FIELD="cls", APPEND=True)
    for name in ("TRAIN_PATCHES", "VAL_PATCHES", "TEST_PATCHES"):
        assert second[name] == first[name]  # this run's own patches
    merged = SampleSet(str(out))
    assert merged.count("train") == 2 * first["TRAIN_PATCHES"]
    assert merged.count("val") == 2 * first["VAL_PATCHES"]


def test_a_building_mask_is_read_with_its_own_classes(plugin, data, tmp_path):
    """Issue 29: a building mask (stored names other, building) was
    stored as the land-damage classes background / open pit; now the empty
    class list takes the labels' own classes, and a class list naming its
    values otherwise is refused."""
    from minewatch.core.classmap.style import band_tags
    from minewatch.models.classes import BUILDING_CLASSES

    mask = (data["label"] % 2).astype(np.uint8)
    path = write_raster(tmp_path / "buildings.tif", mask, from_origin(500000, 4000000, 2, 2))
    with rasterio.open(path, "r+") as ds:
        ds.update_tags(1, **band_tags(BUILDING_CLASSES))
    run(plugin, data, tmp_path / "own", LABELS=path, MIN_LABELLED=0.5)
    stored = [c["name"] for c in SampleSet(str(tmp_path / "own")).manifest["classes"]]
    assert stored == [c.name for c in BUILDING_CLASSES]
    with pytest.raises(QgsProcessingException, match="(?s)1: building.*open pit.*empty"):
        run(plugin, data, tmp_path / "wrong", LABELS=path,
            CLASSES=",".join(c.name for c in LAND_DAMAGE_CLASSES))
    assert not (tmp_path / "wrong").exists()
    run(plugin, data, tmp_path / "same", LABELS=path, CLASSES="Other,BUILDING")
