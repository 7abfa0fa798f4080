"""Detect Subsidence Anomalies on simulated scenes, in real QGIS."""
import math
import os
import re

import numpy as np
import processing
import pytest
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsVectorLayer,
)
from qgis_harness import WarningLog

from devkit.insar_sim.ps_simulator import simulate_scene, write_egms_csv, write_gpkg

ALG = "minewatch:detectsubsidenceanomalies"
REVISIT_DAYS = 12


def scene_files(folder, seed=3, n_bowls=3, licence_bowls=1):
    scene = simulate_scene(n_points=9000, n_buildings=900, n_dates=60,
                           revisit_days=REVISIT_DAYS, n_bowls=n_bowls,
                           licence_bowls=licence_bowls, nan_fraction=0.01, seed=seed)
    gpkg = str(folder / "scene.gpkg")
    write_gpkg(scene, gpkg)
    csv = str(folder / "scene.csv")
    write_egms_csv(scene, csv)
    return scene, gpkg, csv


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    return scene_files(tmp_path_factory.mktemp("mined"))


def layer_uri(gpkg, name):
    return f"{gpkg}|layername={name}"


def csv_uri(csv):
    return (f"delimitedtext://file://{csv}?type=csv&delimiter=,&xField=easting&yField=northing"
            f"&crs=EPSG:32650&detectTypes=yes")


def sites_of(result):
    layer = result["OUTPUT_SITES"]
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "sites", "ogr")
    return list(layer.getFeatures())


def assert_planted_found(scene, sites):
    for truth in scene.truth():
        near = [s for s in sites
                if s.geometry().asPoint().distance(QgsPointXY(truth["x"], truth["y"])) <= 50]
        assert near, f"no site within 50 m of the bowl at {truth['x']:.0f},{truth['y']:.0f}"
        best = near[0]
        start = np.datetime64(best["est_start"].toString("yyyy-MM-dd"))
        end = np.datetime64(best["est_end"].toString("yyyy-MM-dd"))
        assert abs((start - truth["start"]).astype(int)) <= REVISIT_DAYS
        assert abs((end - truth["end"]).astype(int)) <= REVISIT_DAYS


def run(ps, gpkg, tmp_path, **extra):
    os.makedirs(tmp_path, exist_ok=True)
    params = {"PS_POINTS": ps, "BUILDINGS": layer_uri(gpkg, "buildings"),
              "LICENCE_AREAS": layer_uri(gpkg, "licences"),
              "OUTPUT_POINTS": str(tmp_path / "points.gpkg"),
              "OUTPUT_BUILDINGS": str(tmp_path / "buildings.gpkg"),
              "OUTPUT_SITES": str(tmp_path / "sites.gpkg")}
    params.update(extra)
    return processing.run(ALG, params)


@pytest.mark.slow
def test_planted_sites_found_from_geopackage(mined, tmp_path):
    """The patent's cascade, as before the bowl method existed."""
    scene, gpkg, _ = mined
    result = run(layer_uri(gpkg, "ps"), gpkg, tmp_path, METHOD=1)
    sites = sites_of(result)
    assert result["N_SITES"] == len(sites) >= len(scene.truth())
    assert result["N_ANOMALOUS_POINTS"] > 0
    assert_planted_found(scene, sites)
    # the first bowl has a licence square around it, the others not
    first = scene.truth()[0]
    for site in sites:
        inside = site.geometry().asPoint().distance(QgsPointXY(first["x"], first["y"])) < 100
        assert site["licensed"] == inside
    buildings = QgsVectorLayer(result["OUTPUT_BUILDINGS"], "b", "ogr")
    assert buildings.featureCount() > 0
    for feature in buildings.getFeatures():
        assert feature["n_anomalous"] >= 1 and feature["n_ps"] >= feature["n_anomalous"]
        assert feature["max_cum_mm"] > 80
        assert feature["bid"] is not None  # source attributes are kept
    points = QgsVectorLayer(result["OUTPUT_POINTS"], "p", "ogr")
    assert points.featureCount() == result["N_ANOMALOUS_POINTS"]
    for feature in points.getFeatures():
        assert feature["cum_mm"] > 80 and feature["max_step_mm"] > 10
        assert feature["gradient_mm_m"] > feature["eta_mm_m"]
        assert feature["first_flag"] <= feature["last_flag"]


def test_bowls_each_planted_bowl_is_one_site_at_its_centre(mined, tmp_path):
    """The default (robust) method: exactly one site per planted bowl, within
    20 m of its centre, with its period, score and the new fields."""
    scene, gpkg, _ = mined
    result = run(layer_uri(gpkg, "ps"), gpkg, tmp_path)
    sites = sites_of(result)
    assert result["N_SITES"] == len(sites) == len(scene.truth())
    for truth in scene.truth():
        near = [s for s in sites
                if s.geometry().asPoint().distance(QgsPointXY(truth["x"], truth["y"])) <= 20]
        assert len(near) == 1
        site = near[0]
        onset = np.datetime64(site["onset_date"].toString("yyyy-MM-dd"))
        assert abs((onset - truth["start"]).astype(int)) <= REVISIT_DAYS
        assert site["method"] == "robust" and 0.5 <= site["score"] <= 1.0
        assert site["max_settlement_mm"] > 80 and site["rate_mm_per_year"] > 0
        assert 100 < site["lon"] < 130 and 30 < site["lat"] < 45  # EPSG:32650 → China
    first = scene.truth()[0]  # inside its licence square
    for site in sites:
        inside = site.geometry().asPoint().distance(QgsPointXY(first["x"], first["y"])) < 100
        assert site["licensed"] == inside
    points = QgsVectorLayer(result["OUTPUT_POINTS"], "p", "ogr")
    assert points.featureCount() == result["N_ANOMALOUS_POINTS"] > 0
    assert {f["site_id"] for f in points.getFeatures()} == {s["site_id"] for s in sites}
    buildings = QgsVectorLayer(result["OUTPUT_BUILDINGS"], "b", "ogr")
    assert buildings.featureCount() > 0
    for feature in buildings.getFeatures():
        assert feature["n_ps"] >= feature["n_anomalous"] >= 1


@pytest.mark.slow
def test_same_result_from_egms_csv(mined, tmp_path):
    scene, gpkg, csv = mined
    from_gpkg = run(layer_uri(gpkg, "ps"), gpkg, tmp_path / "a")
    from_csv = run(csv_uri(csv), gpkg, tmp_path / "b")
    assert from_csv["N_ANOMALOUS_POINTS"] == from_gpkg["N_ANOMALOUS_POINTS"]
    assert from_csv["N_SITES"] == from_gpkg["N_SITES"]
    assert_planted_found(scene, sites_of(from_csv))


@pytest.mark.slow
def test_plain_csv_path_uses_coordinate_columns(mined, tmp_path):
    scene, gpkg, csv = mined
    result = run(csv, gpkg, tmp_path)
    assert_planted_found(scene, sites_of(result))


@pytest.mark.slow
def test_memory_layer_takes_the_general_path(mined, tmp_path):
    scene, gpkg, _ = mined
    source = QgsVectorLayer(layer_uri(gpkg, "ps"), "ps", "ogr")
    memory = source.materialize(QgsFeatureRequest())
    assert memory.providerType() == "memory"
    result = run(memory, gpkg, tmp_path)
    reference = run(layer_uri(gpkg, "ps"), gpkg, tmp_path / "ref")
    assert result["N_ANOMALOUS_POINTS"] == reference["N_ANOMALOUS_POINTS"]


@pytest.mark.slow
def test_no_mining_no_site(tmp_path):
    scene, gpkg, _ = scene_files(tmp_path, seed=8, n_bowls=0, licence_bowls=0)
    result = processing.run(ALG, {"PS_POINTS": layer_uri(gpkg, "ps"),
                                  "BUILDINGS": layer_uri(gpkg, "buildings"),
                                  "OUTPUT_POINTS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_BUILDINGS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_SITES": "TEMPORARY_OUTPUT"})
    assert result["N_SITES"] == 0
    assert result["OUTPUT_SITES"].featureCount() == 0


@pytest.mark.slow
def test_reprojected_ps_and_window(mined, tmp_path):
    scene, gpkg, _ = mined
    # PS in WGS 84: reprojected to the buildings' UTM before distances
    reprojected = processing.run("native:reprojectlayer", {
        "INPUT": layer_uri(gpkg, "ps"), "TARGET_CRS": "EPSG:4326",
        "OUTPUT": str(tmp_path / "ps4326.gpkg")})["OUTPUT"]
    result = run(reprojected, gpkg, tmp_path)
    assert_planted_found(scene, sites_of(result))
    # a window that ends before any mining started finds nothing
    first_start = min(t["start"] for t in scene.truth())
    early = run(layer_uri(gpkg, "ps"), gpkg, tmp_path / "w",
                END_DATE=str(first_start - np.timedelta64(30, "D")))
    assert early["N_SITES"] == 0


def polygons_layer(crs="EPSG:32650"):
    layer = QgsVectorLayer(f"Polygon?crs={crs}&field=id:integer", "poly", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"))
    feature.setAttributes([1])
    layer.dataProvider().addFeatures([feature])
    return layer


def points_layer(fields, rows, crs="EPSG:32650"):
    spec = "&".join(f"field={f}:double" for f in fields)
    layer = QgsVectorLayer(f"Point?crs={crs}&{spec}", "ps", "memory")
    features = []
    for x, y, *values in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feature.setAttributes(list(values))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def bad_run(**params):
    base = {"OUTPUT_POINTS": "TEMPORARY_OUTPUT", "OUTPUT_BUILDINGS": "TEMPORARY_OUTPUT",
            "OUTPUT_SITES": "TEMPORARY_OUTPUT"}
    base.update(params)
    return processing.run(ALG, base)


@pytest.mark.parametrize("fields,message", [
    (["height", "velocity"], "date fields"),
    (["20200101", "20200113"], "at least 3"),
])
def test_bad_date_fields(fields, message):
    ps = points_layer(fields, [(5, 5, 1.0, 2.0)])
    with pytest.raises(QgsProcessingException, match=message):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer())


def test_unparseable_explicit_date_field():
    ps = points_layer(["20200101", "20200113", "20200125", "velocity"], [(5, 5, 1, 2, 3, 4)])
    with pytest.raises(QgsProcessingException, match="not named as dates"):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer(),
                DATE_FIELDS=["20200101", "20200113", "velocity"])


def test_empty_layers_and_swapped_layers():
    ps = points_layer(["20200101", "20200113", "20200125"], [])
    with pytest.raises(QgsProcessingException, match="no features"):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer())
    ps = points_layer(["20200101", "20200113", "20200125"], [(5, 5, 0, -20, -40)])
    empty = QgsVectorLayer("Polygon?crs=EPSG:32650", "b", "memory")
    with pytest.raises(QgsProcessingException, match="buildings layer has no features"):
        bad_run(PS_POINTS=ps, BUILDINGS=empty)
    with pytest.raises(QgsProcessingException):
        bad_run(PS_POINTS=polygons_layer(), BUILDINGS=polygons_layer())


def test_no_ps_inside_buildings():
    ps = points_layer(["20200101", "20200113", "20200125"], [(500, 500, 0, -20, -40)])
    with pytest.raises(QgsProcessingException, match="No PS point lies inside a building"):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer())


def test_licence_areas_without_polygons_are_refused():
    """Points given as licensed areas would make every site 'unlicensed'."""
    ps = points_layer(["20200101", "20200113", "20200125"], [(5, 5, 0, -20, -40)])
    licences = points_layer(["id"], [(5, 5, 1.0)])
    with pytest.raises(QgsProcessingException, match="licensed-areas layer holds no usable"):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer(), LICENCE_AREAS=licences)


def test_geographic_buildings_refused():
    ps = points_layer(["20200101", "20200113", "20200125"], [(5, 5, 0, -20, -40)], "EPSG:4326")
    with pytest.raises(QgsProcessingException, match="geographic CRS.*projected"):
        bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer("EPSG:4326"))


def test_null_values_are_missing_not_zero():
    # NULL in the middle: not a 0 mm reading, so no fake 30 mm step
    ps = points_layer(["20200101", "20200113", "20200125", "20200206"],
                      [(2, 2, 0, None, -30, -30), (8, 8, 0, 0, 0, 0)])
    result = bad_run(PS_POINTS=ps, BUILDINGS=polygons_layer())
    assert result["N_ANOMALOUS_POINTS"] == 0


@pytest.mark.slow
def test_qgis_process_with_csv(qgis_process, mined, tmp_path):
    scene, gpkg, csv = mined
    out = tmp_path / "sites.gpkg"
    rc, data, proc = qgis_process.run_json(
        ALG, PS_POINTS=csv_uri(csv), BUILDINGS=layer_uri(gpkg, "buildings"),
        LICENCE_AREAS=layer_uri(gpkg, "licences"), OUTPUT_POINTS=str(tmp_path / "p.gpkg"),
        OUTPUT_BUILDINGS=str(tmp_path / "b.gpkg"), OUTPUT_SITES=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["N_SITES"] >= len(scene.truth())
    assert_planted_found(scene, list(QgsVectorLayer(str(out), "s", "ogr").getFeatures()))
    rc, _, proc = qgis_process.run_json(
        ALG, PS_POINTS=layer_uri(gpkg, "buildings"), BUILDINGS=layer_uri(gpkg, "buildings"),
        OUTPUT_POINTS=str(tmp_path / "x.gpkg"), OUTPUT_BUILDINGS=str(tmp_path / "y.gpkg"),
        OUTPUT_SITES=str(tmp_path / "z.gpkg"))
    assert rc != 0


@pytest.mark.slow
def test_rerun_on_an_earlier_output_keeps_every_building(mined, tmp_path):
    """Buildings that already carry building_id and mw_building_id (an earlier
    output run again): the new fields get unique names and every flagged
    building is written."""
    scene, gpkg, _ = mined
    first = run(layer_uri(gpkg, "ps"), gpkg, tmp_path / "first")
    flagged = QgsVectorLayer(first["OUTPUT_BUILDINGS"], "flagged", "ogr")
    n_flagged = flagged.featureCount()
    assert n_flagged > 0 and "building_id" in flagged.fields().names()
    source = QgsVectorLayer(layer_uri(gpkg, "buildings"), "b", "ogr")
    copy = QgsVectorLayer(f"Polygon?crs={source.crs().authid()}&field=building_id:integer"
                          "&field=mw_building_id:integer", "again", "memory")
    features = []
    for feature in source.getFeatures():
        out = QgsFeature(copy.fields())
        out.setGeometry(feature.geometry())
        out.setAttributes([7, 8])
        features.append(out)
    copy.dataProvider().addFeatures(features)
    second = processing.run(ALG, {"PS_POINTS": layer_uri(gpkg, "ps"), "BUILDINGS": copy,
                                  "OUTPUT_POINTS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_BUILDINGS": str(tmp_path / "second.gpkg"),
                                  "OUTPUT_SITES": "TEMPORARY_OUTPUT"})
    layer = QgsVectorLayer(second["OUTPUT_BUILDINGS"], "second", "ogr")
    names = layer.fields().names()
    assert {"building_id", "mw_building_id", "mw_building_id_2"} <= set(names)
    assert layer.featureCount() == n_flagged
    assert {f["building_id"] for f in layer.getFeatures()} == {7}


def test_empty_licence_layer_leaves_licensing_unknown(mined, tmp_path):
    """With an empty licence layer no site may be called unlicensed."""
    scene, gpkg, _ = mined
    empty = QgsVectorLayer("Polygon?crs=EPSG:32650", "licences", "memory")
    feedback = WarningLog()
    result = processing.run(ALG, {"PS_POINTS": layer_uri(gpkg, "ps"),
                                  "BUILDINGS": layer_uri(gpkg, "buildings"),
                                  "LICENCE_AREAS": empty,
                                  "OUTPUT_POINTS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_BUILDINGS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_SITES": str(tmp_path / "sites.gpkg")}, feedback=feedback)
    sites = sites_of(result)
    assert sites and all(s["licensed"] in (None,) or str(s["licensed"]) == "NULL" for s in sites)
    assert any("has no features" in w for w in feedback.warnings)


def test_csv_with_only_a_header_or_without_coordinates(tmp_path):
    header = tmp_path / "header.csv"
    header.write_text("pid,easting,northing,20200101,20200113,20200125\n")
    with pytest.raises(QgsProcessingException, match="holds no point") as err:
        bad_run(PS_POINTS=str(header), BUILDINGS=polygons_layer())
    assert "Traceback" not in str(err.value)
    nocoord = tmp_path / "nocoord.csv"
    nocoord.write_text("pid,a,b,20200101,20200113,20200125\n1,5,5,0,-1,-2\n")
    with pytest.raises(QgsProcessingException, match="easting/northing, x/y or lon/lat"):
        bad_run(PS_POINTS=str(nocoord), BUILDINGS=polygons_layer())


@pytest.mark.slow
def test_null_and_invalid_building_geometries_are_counted(mined, tmp_path):
    """A NULL geometry is skipped, a bow-tie repaired, and the log says so;
    the planted sites are still found."""
    scene, gpkg, _ = mined
    source = QgsVectorLayer(layer_uri(gpkg, "buildings"), "b", "ogr")
    copy = QgsVectorLayer(f"Polygon?crs={source.crs().authid()}", "damaged", "memory")
    features = []
    for feature in source.getFeatures():
        out = QgsFeature(copy.fields())
        out.setGeometry(feature.geometry())
        features.append(out)
    broken = QgsFeature(copy.fields())  # no geometry at all
    bowtie = QgsFeature(copy.fields())
    bowtie.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"))
    copy.dataProvider().addFeatures(features + [broken, bowtie])
    feedback = WarningLog()
    result = processing.run(ALG, {"PS_POINTS": layer_uri(gpkg, "ps"), "BUILDINGS": copy,
                                  "OUTPUT_POINTS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_BUILDINGS": "TEMPORARY_OUTPUT",
                                  "OUTPUT_SITES": str(tmp_path / "sites.gpkg")}, feedback=feedback)
    assert any("1 feature(s) without a usable polygon" in w and "1 invalid polygon(s) were "
               "repaired" in w for w in feedback.warnings)
    assert sites_of(result)


@pytest.mark.slow
def test_inspector_report_matches_the_sites_layer(mined, tmp_path):
    """The report opens as valid HTML, has one section per site with its two
    figures, embeds every image, and names the sites of the sites layer."""
    import re
    from html.parser import HTMLParser

    scene, gpkg, _ = mined
    report = tmp_path / "report.html"
    result = run(layer_uri(gpkg, "ps"), gpkg, tmp_path, OUTPUT_REPORT=str(report))
    assert result["OUTPUT_REPORT"] == str(report)
    text = report.read_text(encoding="utf-8")

    class Check(HTMLParser):
        images, open_tags = [], []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.images.append(dict(attrs)["src"])

    checker = Check()
    checker.feed(text)
    sites = sites_of(result)
    assert len(sites) == len(scene.truth()) > 0
    # each site headed by the layer's site_id (issue 30), then its visiting rank
    sections = re.findall(r'<h2 id="site-(\d+)">Site (\d+) \(visit (\d+) of \d+\)</h2>', text)
    assert len(sections) == len(sites)
    assert all(anchor == site_id for anchor, site_id, _ in sections)
    assert {int(site_id) for _, site_id, _ in sections} == {s["site_id"] for s in sites}
    assert [int(rank) for *_, rank in sections] == list(range(1, len(sites) + 1))
    assert len(checker.images) == 1 + 2 * len(sites)
    assert all(src.startswith("data:image/png;base64,") and len(src) > 2000
               for src in checker.images)
    assert "Traceback" not in text and "<script" not in text


@pytest.mark.slow
def test_jump_consolidation_and_thermal_dilation_alone_give_no_site(tmp_path):
    """No mine: a lone unwrapping jump, consolidating new buildings, thermal
    dilation and atmosphere must not send an inspector anywhere."""
    from devkit.insar_sim.detection_scenes import detection_scene

    scene, settlement, truth = detection_scene("C12", 31, n_shallow=0, deep_bowl=False,
                                               n_jumps=1, n_new_buildings=2)
    assert len(truth.jump_points) == 1 and len(truth.consolidating_points) > 0
    gpkg = str(tmp_path / "quiet.gpkg")
    write_gpkg(scene, gpkg, settlement=settlement)
    result = run(layer_uri(gpkg, "ps"), gpkg, tmp_path / "out")
    assert result["N_SITES"] == 0 and result["N_ANOMALOUS_POINTS"] == 0


def features_of(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    return [(f.geometry().asWkt(8), f.attributes()) for f in layer.getFeatures()]


@pytest.mark.slow
@pytest.mark.parametrize("method,ps", [(0, "csv"), (1, "gpkg")])
def test_on_a_local_dask_cluster_the_outputs_are_the_same(mined, tmp_path, monkeypatch, method,
                                                          ps):
    """Issue 18: the PS file cut into tiles, read and judged by two worker
    processes: the same points, buildings and sites as in this process
    (bowls from the EGMS CSV with the report; the cascade from the
    GeoPackage)."""
    pytest.importorskip("distributed")
    from minewatch.core.insar import ps_tiles

    monkeypatch.setattr(ps_tiles, "TILE_PS", 1500)  # several tiles on 9 000 PS
    monkeypatch.setattr(ps_tiles, "MIN_TILE_HALOS", 1)
    scene, gpkg, csv = mined
    source = csv_uri(csv) if ps == "csv" else layer_uri(gpkg, "ps")
    outputs = {}
    for where, scheduler in (("here", ""), ("there", "local")):
        folder = tmp_path / where
        os.makedirs(folder)
        log = WarningLog()
        params = {"PS_POINTS": source, "BUILDINGS": layer_uri(gpkg, "buildings"),
                  "LICENCE_AREAS": layer_uri(gpkg, "licences"), "METHOD": method,
                  "DASK_SCHEDULER": scheduler, "OUTPUT_REPORT": str(folder / "report.html")}
        params.update({key: str(folder / f"{key}.gpkg")
                       for key in ("OUTPUT_POINTS", "OUTPUT_BUILDINGS", "OUTPUT_SITES")})
        outputs[where] = processing.run(ALG, params, feedback=log), log
    (here, _), (there, log) = outputs["here"], outputs["there"]
    assert there["N_SITES"] == here["N_SITES"] > 0
    assert there["N_ANOMALOUS_POINTS"] == here["N_ANOMALOUS_POINTS"]
    for key in ("OUTPUT_POINTS", "OUTPUT_BUILDINGS", "OUTPUT_SITES"):
        assert features_of(there[key]) == features_of(here[key]), key
    tiles = [int(m.group(1)) for m in map(re.compile(r"PS in (\d+) tile").search, log.infos) if m]
    assert tiles and tiles[0] > 1
    assert os.path.getsize(there["OUTPUT_REPORT"]) > 10_000


@pytest.mark.slow
def test_on_a_cluster_a_memory_layer_is_refused(mined, tmp_path):
    scene, gpkg, _ = mined
    source = QgsVectorLayer(layer_uri(gpkg, "ps"), "ps", "ogr")
    memory = source.materialize(QgsFeatureRequest())
    with pytest.raises(QgsProcessingException, match="tile by tile"):
        run(memory, gpkg, tmp_path, DASK_SCHEDULER="local")


@pytest.mark.slow
def test_qgis_process_with_a_multipoint_shapefile(qgis_process, mined, tmp_path):
    """A P-SBAS-like shapefile of single-part MultiPoints with DYYYYMMDD
    fields: the fast reader takes each point where it is."""
    from test_ps_reader import write_multipoint_shapefile  # tests/unit, via conftest

    scene, gpkg, _ = mined
    shapefile = write_multipoint_shapefile(tmp_path / "psbas.shp", scene)
    out = tmp_path / "sites.gpkg"
    rc, data, proc = qgis_process.run_json(
        ALG, PS_POINTS=shapefile, BUILDINGS=layer_uri(gpkg, "buildings"),
        LICENCE_AREAS=layer_uri(gpkg, "licences"), OUTPUT_POINTS=str(tmp_path / "p.gpkg"),
        OUTPUT_BUILDINGS=str(tmp_path / "b.gpkg"), OUTPUT_SITES=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert_planted_found(scene, list(QgsVectorLayer(str(out), "s", "ogr").getFeatures()))


def run_in_shell(qgis_process, ps, gpkg, out, *extra):
    """qgis_process.bin run of the detector on the file ``ps`` with the
    scene's buildings and licences; its outputs beside ``out`` (the sites)."""
    return qgis_process("run", ALG, "--", f"PS_POINTS={ps}", *extra,
                        f"BUILDINGS={layer_uri(gpkg, 'buildings')}",
                        f"LICENCE_AREAS={layer_uri(gpkg, 'licences')}",
                        f"OUTPUT_POINTS={out.parent / 'p.gpkg'}",
                        f"OUTPUT_BUILDINGS={out.parent / 'b.gpkg'}", f"OUTPUT_SITES={out}")


@pytest.mark.slow
def test_qgis_process_with_a_lon_lat_csv_in_metres(qgis_process, mined, tmp_path):
    """A DePSI-like CSV (pnt_lon, pnt_lat, d_YYYYMMDD, metres) given as a
    plain file: the columns are WGS 84 degrees, the values metres."""
    from test_ps_reader import write_lonlat_csv  # tests/unit, via conftest

    scene, gpkg, _ = mined
    depsi, _ = write_lonlat_csv(tmp_path / "depsi.csv", scene, "pnt_lon", "pnt_lat",
                                "d_{:%Y%m%d}", scale=0.001)
    out = tmp_path / "sites.gpkg"
    proc = run_in_shell(qgis_process, depsi, gpkg, out, "UNITS=1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "read as WGS 84 (EPSG:4326)" in proc.stdout
    assert "look like" not in proc.stdout  # metres, as given
    assert_planted_found(scene, list(QgsVectorLayer(str(out), "s", "ogr").getFeatures()))


@pytest.mark.parametrize("revisit, band", [(46, "L-band"), (11, "X-band"), (12, "C-band")])
def test_radar_band_auto_follows_the_revisit(plugin, tmp_path, revisit, band):
    from qgis_harness import WarningLog

    scene = simulate_scene(n_points=1500, n_buildings=150, n_dates=20, revisit_days=revisit,
                           n_bowls=1, seed=6)
    gpkg = write_gpkg(scene, str(tmp_path / "scene.gpkg"))
    log = WarningLog()
    processing.run(ALG, {"PS_POINTS": layer_uri(gpkg, "ps"),
                         "BUILDINGS": layer_uri(gpkg, "buildings"),
                         "OUTPUT_POINTS": str(tmp_path / "points.gpkg"),
                         "OUTPUT_BUILDINGS": str(tmp_path / "buildings.gpkg"),
                         "OUTPUT_SITES": str(tmp_path / "sites.gpkg")}, feedback=log)
    auto = [line for line in log.infos if line.startswith("Radar band auto")]
    assert len(auto) == 1 and f"{revisit} days points to {band}" in auto[0]


@pytest.mark.slow
def test_qgis_process_with_a_stamps_export(qgis_process, mined, tmp_path):
    """StaMPS-Visualizer's stamps_tsexport.csv given as it comes."""
    from test_ps_reader import write_stamps_export  # tests/unit, via conftest

    scene, gpkg, _ = mined
    stamps, _ = write_stamps_export(tmp_path / "stamps_tsexport.csv", scene)
    out = tmp_path / "out" / "sites.gpkg"
    out.parent.mkdir()
    before = sorted(os.listdir(tmp_path))
    proc = run_in_shell(qgis_process, stamps, gpkg, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "A StaMPS time-series export" in proc.stdout
    assert sorted(os.listdir(tmp_path)) == before  # nothing written beside the input
    assert_planted_found(scene, list(QgsVectorLayer(str(out), "s", "ogr").getFeatures()))


@pytest.mark.slow
def test_qgis_process_imports_a_mintpy_time_series(qgis_process, tmp_path):
    """Import PS Time Series: a geocoded MintPy file and its mask become a
    GeoPackage of points the detector reads fast."""
    pytest.importorskip("h5py")
    from test_grid_series import displacement_m, write_mintpy  # tests/unit, via conftest

    from minewatch.core.insar.reader import read_ps_file

    path = write_mintpy(tmp_path / "geo_timeseries.h5", displacement_m(), tmp_path / "mask.h5")
    out = tmp_path / "ps.gpkg"
    rc, data, proc = qgis_process.run_json("minewatch:importpstimeseries", INPUT=path,
                                           MASK=str(tmp_path / "mask.h5"), OUTPUT=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["N_POINTS"] == 20 * 25
    assert len(read_ps_file(str(out)).pid) == 20 * 25


@pytest.mark.slow
def test_buildings_given_as_lines_are_refused_clearly(qgis_process, mined, tmp_path):
    from osgeo import ogr

    scene, gpkg, _ = mined
    lines = str(tmp_path / "lines.gpkg")
    source = ogr.Open(gpkg)
    target = ogr.GetDriverByName("GPKG").CreateDataSource(lines)
    layer = target.CreateLayer("buildings", source.GetLayerByName("buildings").GetSpatialRef(),
                               ogr.wkbLineString)
    for feature in source.GetLayerByName("buildings"):
        line = ogr.ForceToLineString(feature.GetGeometryRef().GetBoundary())
        row = ogr.Feature(layer.GetLayerDefn())
        row.SetGeometry(line)
        layer.CreateFeature(row)
    target = source = None
    proc = qgis_process("run", ALG, "--", f"PS_POINTS={layer_uri(gpkg, 'ps')}",
                        f"BUILDINGS={lines}", f"OUTPUT_POINTS={tmp_path / 'p.gpkg'}",
                        f"OUTPUT_BUILDINGS={tmp_path / 'b.gpkg'}",
                        f"OUTPUT_SITES={tmp_path / 's.gpkg'}")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and ("polygon" in out.lower())


def test_ps_whose_crs_says_degrees_but_holds_metres_are_refused_clearly(mined, tmp_path):
    """Issue 29: a PS GeoPackage whose SRS is geographic (e.g. GDAL's
    'undefined geographic SRS') while its coordinates are UTM metres gave
    PROJ's 'utm: Invalid latitude' traceback."""
    from dataclasses import replace

    scene, gpkg, _ = mined
    wrong = str(tmp_path / "ps_degrees.gpkg")
    write_gpkg(replace(scene, epsg=4326), wrong)
    with pytest.raises(QgsProcessingException, match="is in degrees, but its coordinates are "
                                                     "not .*Assign Projection"):
        run(layer_uri(wrong, "ps"), gpkg, tmp_path / "out")
    assert not os.path.exists(tmp_path / "out" / "sites.gpkg")


def test_a_date_empty_for_every_ps_and_fill_values_through_processing(mined, tmp_path):
    """Issue 29: one acquisition with no value in any PS crashed the bowl
    detector (robust.py: 'cannot cast divide output to int64'), and 1e30
    fill values poisoned it; through processing.run the date is left out,
    the fill values dropped, each said in the log, and the bowls still found."""
    import csv as csv_module

    from qgis_harness import WarningLog

    scene, gpkg, csv = mined
    with open(csv, newline="", encoding="utf-8") as f:
        rows = list(csv_module.reader(f))
    header = rows[0]
    dates = [i for i, name in enumerate(header) if name[:1].isdigit() or name[:2] == "D_"
             or (name[:1] == "D" and name[1:].isdigit())]
    emptied, filled = dates[len(dates) // 2], dates[5]
    for k, row in enumerate(rows[1:]):
        row[emptied] = ""
        if k % 500 == 0:
            row[filled] = "1e30"
    damaged = str(tmp_path / "damaged.csv")
    with open(damaged, "w", newline="", encoding="utf-8") as f:
        csv_module.writer(f).writerows(rows)
    feedback = WarningLog()
    params = {"PS_POINTS": damaged, "BUILDINGS": layer_uri(gpkg, "buildings"),
              "LICENCE_AREAS": layer_uri(gpkg, "licences"),
              "OUTPUT_POINTS": str(tmp_path / "points.gpkg"),
              "OUTPUT_BUILDINGS": str(tmp_path / "buildings.gpkg"),
              "OUTPUT_SITES": str(tmp_path / "sites.gpkg")}
    result = processing.run(ALG, params, feedback=feedback)
    said = " ".join(feedback.warnings + feedback.infos)
    digits = re.sub(r"\D", "", header[emptied])
    assert "no value at any PS" in said and f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" in said, \
        said[-3000:]
    assert "are not PS displacements" in said, said[-3000:]
    assert_planted_found(scene, sites_of(result))


@pytest.mark.slow
def test_qgis_process_reports_a_lone_sinking_ps_in_tier_2(qgis_process, tmp_path):
    """Issue 28: one PS on a house sinking 300–550 mm alone along a mining
    curve is no site, but it is reported in tier 2 (field tier, score below
    the sites') and the report says its evidence is weaker."""
    from devkit.insar_sim.detection_scenes import case_scene

    scene, settlement, truth = case_scene("lone", "C12", 7)
    lone = truth.lone[0]
    gpkg = str(tmp_path / "lone.gpkg")
    write_gpkg(scene, gpkg, settlement=settlement)
    out = tmp_path / "sites.gpkg"
    report = tmp_path / "report.html"
    proc = run_in_shell(qgis_process, layer_uri(gpkg, "ps"), gpkg, out,
                        f"OUTPUT_REPORT={report}")
    # the log tells the one row from a site
    assert "1 of them are weaker evidence" in proc.stdout, proc.stdout[-2000:]
    layer = QgsVectorLayer(str(out), "sites", "ogr")
    rows = [f.attributes() for f in layer.getFeatures()]
    names = [f.name() for f in layer.fields()]
    assert len(rows) == 1, rows
    site = dict(zip(names, rows[0]))
    assert site["tier"] == 2 and site["n_ps"] == 1 and site["score"] <= 0.45
    assert not site["surroundings_share"]  # NULL: a lone PS has no bowl to compare around
    assert site["tier2_reason"] == "lone"
    point = layer.getFeature(next(layer.getFeatures()).id()).geometry().asPoint()
    assert math.hypot(point.x() - lone.x, point.y() - lone.y) < 1.0
    assert abs(site["max_settlement_mm"] - lone.amount_mm) < 0.15 * lone.amount_mm
    text = report.read_text(encoding="utf-8")
    assert "Tier 2, a single PS" in text and "weaker evidence" in text
