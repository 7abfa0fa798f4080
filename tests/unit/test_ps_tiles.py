"""Detect Subsidence Anomalies' engine on a tiled PS file (issue 18):
tiles read back from the file by FID, each judged with its halo, give the
very result of the whole table — in this process and on a Dask
LocalCluster (2 worker processes, loopback only) — for the bowls and for
the patent's cascade; Cancel stops the cluster work; a killed worker is
reported."""
import numpy as np
import pytest

from devkit.insar_sim.detection_scenes import SENSORS, detection_scene
from devkit.insar_sim.ps_simulator import write_egms_csv, write_gpkg
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.insar.cascade import CascadeParams, detect_anomalies
from minewatch.core.insar.overlay import PolygonSet, polygon_ids_at
from minewatch.core.insar.ps_tiles import (
    PsFileSource,
    PsTilePlan,
    TiledPsFile,
    check_positions,
    detect_anomalies_tiled,
    detect_bowls_tiled,
)
from minewatch.core.insar.reader import read_ps_file, read_ps_rows
from minewatch.core.insar.robust import (
    BackgroundGrid,
    RobustParams,
    box_sum,
    detect_bowls,
    evidence_halo_cells,
)
from minewatch.core.insar.series import to_settlement

SENSOR = "C12"
CASCADE_FIELDS = ("cumulative_mm", "n_flagged", "first_pair", "last_pair", "max_step_mm",
                  "gradient_at_max", "eta_at_max", "anomalous", "eta", "n_seeds", "n_isolated",
                  "pair_flagged")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ps_tiles")
    scene, settlement, truth = detection_scene(SENSOR, 201)
    gpkg = write_gpkg(scene, str(folder / "scene.gpkg"), settlement=settlement)
    csv = write_egms_csv(scene, str(folder / "scene.csv"), settlement=settlement)
    buildings = PolygonSet.from_rings([[b] for b in scene.buildings], scene.building_ids)
    return scene, truth, gpkg, csv, buildings


def whole_and_positions(path, buildings, **options):
    table = read_ps_file(path, **options)
    settlement = to_settlement(table.values, "mm", "negative")
    positions = read_ps_file(path, positions_only=True, **options)
    building_id = polygon_ids_at(table.xy[:, 0], table.xy[:, 1], buildings)
    return table, settlement, positions, building_id


def bowls_tiled(path, positions, building_id, params, tile_cells, tiles_map=None, feedback=None,
                **options):
    grid = BackgroundGrid.covering(positions.xy, params.background_cell_m)
    plan = PsTilePlan(grid, positions.xy, evidence_halo_cells(params), tile_cells)
    source = PsFileSource.of(path, positions.dates.names, **options)
    result, counts = detect_bowls_tiled(plan, plan.tiles(positions.fid, positions.xy, building_id),
                                        source, positions.dates.dates, positions.xy, building_id,
                                        params, tiles_map=tiles_map, feedback=feedback)
    return plan, result, counts


def cascade_tiled(path, positions, building_id, params, tile_cells, tiles_map=None, **options):
    grid = BackgroundGrid.covering(positions.xy, params.neighbour_distance_m)
    plan = PsTilePlan(grid, positions.xy, 1, tile_cells)
    source = PsFileSource.of(path, positions.dates.names, **options)
    result, _ = detect_anomalies_tiled(plan, plan.tiles(positions.fid, positions.xy, building_id),
                                       source, positions.dates.dates, positions.xy, building_id,
                                       params, tiles_map=tiles_map)
    return plan, result


def assert_same_bowls(whole, tiled):
    for name in whole.sites.__dataclass_fields__:
        a, b = getattr(whole.sites, name), getattr(tiled.sites, name)
        np.testing.assert_array_equal(a, b, err_msg=name)  # to the bit
    np.testing.assert_array_equal(whole.site_of_point, tiled.site_of_point)
    np.testing.assert_array_equal(whole.cumulative_mm, tiled.cumulative_mm)
    np.testing.assert_array_equal(whole.unwrap_corrected, tiled.unwrap_corrected)


def assert_same_cascade(whole, tiled):
    for name in CASCADE_FIELDS:
        np.testing.assert_array_equal(getattr(whole, name), getattr(tiled, name), err_msg=name)
    for name in ("point", "pair", "step_mm", "gradient", "n_neighbours", "flagged"):
        np.testing.assert_array_equal(getattr(whole.seeds, name), getattr(tiled.seeds, name),
                                      err_msg=name)


@pytest.mark.slow
@pytest.mark.parametrize("tile_cells", [3, 5])
def test_bowls_on_tiles_equal_the_whole_table_to_the_bit(files, tile_cells):
    scene, truth, gpkg, _, buildings = files
    table, settlement, positions, building_id = whole_and_positions(gpkg, buildings, layer="ps")
    params = RobustParams(wavelength_mm=SENSORS[SENSOR].wavelength_mm)
    whole = detect_bowls(table.xy, settlement, table.dates.dates, building_id, params)
    plan, tiled, counts = bowls_tiled(gpkg, positions, building_id, params, tile_cells,
                                      layer="ps")
    assert len(plan) >= 9 and len(whole.sites) >= len(truth.unlicensed) > 0
    # sites across tile borders exist and are built once
    assert whole.unwrap_corrected.sum() > 0
    assert_same_bowls(whole, tiled)
    assert counts.cells == settlement.size and counts.missing == int(np.isnan(settlement).sum())
    # each PS in the core of exactly one tile
    cores = np.concatenate([core for _, core in plan.cores])
    assert np.array_equal(np.sort(cores), np.arange(len(table.xy)))


@pytest.mark.slow
def test_bowls_from_a_csv_tile_by_tile(files):
    scene, truth, _, csv, buildings = files
    table, settlement, positions, building_id = whole_and_positions(csv, buildings)
    params = RobustParams(wavelength_mm=SENSORS[SENSOR].wavelength_mm)
    whole = detect_bowls(table.xy, settlement, table.dates.dates, building_id, params)
    _, tiled, _ = bowls_tiled(csv, positions, building_id, params, 4)
    assert_same_bowls(whole, tiled)


@pytest.mark.slow
def test_cascade_on_tiles_reduces_eta_over_all_seeds(files):
    scene, truth, gpkg, _, buildings = files
    table, settlement, positions, building_id = whole_and_positions(gpkg, buildings, layer="ps")
    params = CascadeParams()
    whole = detect_anomalies(table.xy, settlement, table.dates.dates, building_id, params)
    plan, tiled = cascade_tiled(gpkg, positions, building_id, params, 3, layer="ps")
    assert len(plan) >= 9 and whole.anomalous.sum() > 0 and whole.seeds.flagged.sum() > 0
    assert_same_cascade(whole, tiled)


def test_box_sum_is_uniform_filter_times_window():
    from scipy.ndimage import uniform_filter

    grid = np.random.default_rng(0).normal(size=(9, 13))
    for size in (7, 4, 1):
        np.testing.assert_allclose(box_sum(grid, size),
                                   uniform_filter(grid, size, mode="nearest") * size * size,
                                   rtol=1e-12, atol=1e-12)


@pytest.mark.slow
def test_rows_read_back_by_fid_and_a_changed_file_is_refused(files, tmp_path):
    scene, truth, gpkg, csv, buildings = files
    for path, options in ((gpkg, {"layer": "ps"}), (csv, {})):
        table = read_ps_file(path, **options)
        pick = table.fid[[3, 10, 500]]
        rows = read_ps_rows(path, pick, table.dates.names, None, **options)
        np.testing.assert_array_equal(rows, table.values[[3, 10, 500]])
        box = tuple(np.r_[table.xy[[3, 10, 500]].min(0), table.xy[[3, 10, 500]].max(0)])
        np.testing.assert_array_equal(read_ps_rows(path, pick, table.dates.names, box, **options),
                                      rows)
    with pytest.raises(MineWatchInputError, match="missing"):
        read_ps_rows(gpkg, [10**9], table.dates.names, None, layer="ps")
    with pytest.raises(MineWatchInputError, match="GeoPackage"):
        check_positions(np.array([3, 2]), np.zeros((2, 2)))


distributed = pytest.importorskip("distributed", reason="dask is optional: `make setup` "
                                  "installs it for the tests (requirements-dev.txt)")


@pytest.fixture(scope="module")
def client():
    import dask

    from minewatch.core.scaleout.cluster import dask_client

    # a killed worker is reported at once, not after three retries
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with dask_client("local", workers=2) as c:
            yield c


@pytest.mark.slow
def test_on_a_cluster_bowls_and_cascade_equal_in_process(files, client):
    from minewatch.core.scaleout.ordered import ClusterMap

    scene, truth, gpkg, _, buildings = files
    table, settlement, positions, building_id = whole_and_positions(gpkg, buildings, layer="ps")
    params = RobustParams(wavelength_mm=SENSORS[SENSOR].wavelength_mm)
    whole = detect_bowls(table.xy, settlement, table.dates.dates, building_id, params)
    _, tiled, _ = bowls_tiled(gpkg, positions, building_id, params, 4, ClusterMap(client),
                              layer="ps")
    assert_same_bowls(whole, tiled)
    cascade = CascadeParams()
    whole = detect_anomalies(table.xy, settlement, table.dates.dates, building_id, cascade)
    _, tiled = cascade_tiled(gpkg, positions, building_id, cascade, 3, ClusterMap(client),
                             layer="ps")
    assert_same_cascade(whole, tiled)


@pytest.mark.slow
def test_the_entry_point_gives_one_result_in_memory_and_on_the_cluster(files, client):
    """detect_subsidence on the PS in memory and on the tiled file (Dask):
    the same sites, tables and licence status; the report's rows are read
    back from the file."""
    from minewatch.core.insar.detection import (
        DetectionParams,
        InMemorySettlement,
        Polygons,
        PsPoints,
        detect_subsidence,
    )

    scene, truth, gpkg, _, _ = files
    table, settlement, positions, _ = whole_and_positions(gpkg, PolygonSet.from_rings([]),
                                                          layer="ps")
    buildings = Polygons(np.asarray(scene.building_ids), [[b] for b in scene.buildings])
    licences = Polygons(np.arange(len(scene.licences)), [[ring] for ring in scene.licences])
    params = DetectionParams(wavelength_mm=SENSORS[SENSOR].wavelength_mm)
    whole = detect_subsidence(PsPoints(table.pid, table.xy, table.dates.dates,
                                       InMemorySettlement(settlement)),
                              buildings, licences, params)
    runner = TiledPsFile(PsFileSource.of(gpkg, positions.dates.names, layer="ps"),
                         positions.fid, positions.xy, "mm")
    tiled_ps = PsPoints(positions.pid, positions.xy, positions.dates.dates, runner)
    tiled = detect_subsidence(tiled_ps, buildings, licences, params, client=client)
    assert len(whole.sites) >= 1
    for name in whole.sites.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(whole.sites, name), getattr(tiled.sites, name))
    np.testing.assert_array_equal(whole.site_of_point, tiled.site_of_point)
    np.testing.assert_array_equal(whole.buildings.building_id, tiled.buildings.building_id)
    np.testing.assert_array_equal(whole.site_licensed, tiled.site_licensed)
    np.testing.assert_array_equal(whole.building_licensed, tiled.building_licensed)
    rows = runner.report_rows(positions.xy, tiled.sites, tiled.site_of_point)
    members = np.flatnonzero(tiled.site_of_point > 0)
    np.testing.assert_array_equal(rows[members], settlement[members])


class CancelAfter:
    def __init__(self, calls):
        self.calls = calls

    def setProgress(self, percent):  # noqa: N802
        pass

    def isCanceled(self):  # noqa: N802
        self.calls -= 1
        return self.calls < 0


def test_cancel_stops_the_cluster_work(files, client):
    from minewatch.core.scaleout.ordered import ClusterMap

    scene, truth, gpkg, _, buildings = files
    positions = read_ps_file(gpkg, layer="ps", positions_only=True)
    building_id = polygon_ids_at(positions.xy[:, 0], positions.xy[:, 1], buildings)
    feedback = CancelAfter(2)
    with pytest.raises(Cancelled):
        bowls_tiled(gpkg, positions, building_id, RobustParams(), 3,
                    ClusterMap(client, feedback), feedback, layer="ps")
    # the queued tiles are cancelled: the cluster is soon idle again
    import time

    deadline = time.time() + 20
    while any(client.processing().values()) and time.time() < deadline:
        time.sleep(0.2)
    assert not any(client.processing().values())


def test_a_killed_worker_is_reported(client):
    from minewatch.core.scaleout.ordered import ClusterMap

    def die(item):
        import os

        os._exit(3)

    with pytest.raises(MineWatchInputError, match="A Dask worker failed: KilledWorker"):
        list(ClusterMap(client)(die, [1, 2]))
