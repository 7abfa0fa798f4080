"""Detect Subsidence Anomalies' bowl detector in-process vs tile by tile on
a Dask LocalCluster (issue 18): wall time, peak RSS of the client and of
each worker, and whether the sites are the same.

A simulated PS scene (default 10 M PS × 100 dates, 5 planted bowls; the
simulator of bench_subsidence.py) is written once as a GeoPackage with a
spatial index (cached in the scratch folder). In-process, the whole
(N, T) series is read into one array; on the cluster the client reads the
positions only and each worker reads its tiles back from the file.

    .venv/bin/python bench/bench_scaleout_ps.py                       # 10 M × 100
    .venv/bin/python bench/bench_scaleout_ps.py --points 1000000 --workers 2
"""
import argparse
import json
import os
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import run_json, vm_hwm_mb  # noqa: E402
from bench_subsidence import make_file  # noqa: E402

WAVELENGTH_MM = 55.5


def child(path, scheduler, workers, out):
    import numpy as np

    from minewatch.core.insar.detection import (
        DetectionParams,
        InMemorySettlement,
        PsPoints,
        detect_subsidence,
    )
    from minewatch.core.insar.ps_tiles import PsFileSource, PsTilePlan, TiledPsFile
    from minewatch.core.insar.reader import read_ps_file
    from minewatch.core.insar.robust import BackgroundGrid, RobustParams, evidence_halo_cells
    from minewatch.core.insar.series import drop_implausible, to_settlement

    params = DetectionParams(wavelength_mm=WAVELENGTH_MM)
    start = time.perf_counter()
    table = read_ps_file(path, layer="ps", positions_only=bool(scheduler))
    buildings = read_ps_buildings(path)
    worker_peaks, tiles = [], 1
    # both paths through the engine's entry point, as the algorithm runs them
    if not scheduler:
        settlement = to_settlement(table.values)
        drop_implausible(settlement)
        ps = PsPoints(table.pid, table.xy, table.dates.dates, InMemorySettlement(settlement))
        result = detect_subsidence(ps, buildings, None, params)
    else:
        from minewatch.core.scaleout.cluster import dask_client

        robust = RobustParams()
        tiles = len(PsTilePlan(BackgroundGrid.covering(table.xy, robust.background_cell_m),
                               table.xy, evidence_halo_cells(robust)))
        runner = TiledPsFile(PsFileSource.of(path, table.dates.names, layer="ps"), table.fid,
                             table.xy, "mm")
        ps = PsPoints(table.pid, table.xy, table.dates.dates, runner)
        with dask_client(scheduler, workers=workers) as client:
            result = detect_subsidence(ps, buildings, None, params, client=client)
            worker_peaks = sorted(client.run(vm_hwm_mb).values())
    seconds = time.perf_counter() - start
    sites, details = result.sites, result.details
    np.savez(out, x=sites.x, y=sites.y, score=details.score,
             site_of_point=result.site_of_point)
    print(json.dumps({"seconds": seconds, "client_mb": vm_hwm_mb(), "worker_mb": worker_peaks,
                      "sites": len(sites), "points": len(table.xy),
                      "dates": len(table.dates.names), "tiles": tiles}))


def read_ps_buildings(path):
    """The scene's building polygons as the engine's Polygons (layer 'buildings')."""
    import numpy as np
    from osgeo import ogr

    from minewatch.core.insar.detection import Polygons

    ds = ogr.Open(path)
    polygons, ids = [], []
    for feature in ds.GetLayerByName("buildings"):
        ring = feature.GetGeometryRef().GetGeometryRef(0)
        polygons.append([np.array(ring.GetPoints())[:, :2]])
        ids.append(feature.GetFID())
    return Polygons(np.asarray(ids, np.int64), polygons)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--dates", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--where", nargs="+", default=["-", "local"],
                        help="'-' in-process, 'local' LocalCluster, or a scheduler address")
    parser.add_argument("--scratch", default=os.environ.get("MINEWATCH_BENCH_DIR",
                                                            "/tmp/minewatch_bench"))
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, scheduler, workers, out = args.child
        child(path, "" if scheduler == "-" else scheduler, int(workers), out)
        return
    import numpy as np

    os.makedirs(args.scratch, exist_ok=True)
    scene_args = SimpleNamespace(points=args.points, dates=args.dates, buildings=0, revisit=12,
                                 bowls=5, seed=0)
    path = os.path.join(args.scratch, f"ps_tiles_{args.points}x{args.dates}.gpkg")
    made = make_file(scene_args, path, spatial_index=True)  # the tiles read by it
    if made:
        print(f"wrote {path} ({os.path.getsize(path) / 2**30:.2f} GiB) in {made:.0f} s")
    print("| PS × dates | where | tiles | seconds | client peak RSS, MiB | worker peak RSS, MiB "
          "| sites |")
    print("|---|---|---|---|---|---|---|")
    results = {}
    for where in args.where:
        out = os.path.join(args.scratch, f"ps_tiles_sites_{where.strip('-') or 'here'}.npz")
        r = run_json(__file__, "--child", path, where, args.workers, out)
        results[where] = np.load(out)
        label = "in-process" if where == "-" else f"LocalCluster, {args.workers} workers"
        workers = ", ".join(f"{m:.0f}" for m in r["worker_mb"]) or "–"
        print(f"| {r['points'] / 1e6:g} M × {r['dates']} | {label} | {r['tiles']} | "
              f"{r['seconds']:.0f} | {r['client_mb']:.0f} | {workers} | {r['sites']} |",
              flush=True)
    if len(results) > 1:
        first, *others = results.values()
        same = all(all(np.array_equal(first[k], other[k]) for k in first.files) for other in others)
        print(f"\nsites and site of every PS identical in every run: {same}")


if __name__ == "__main__":
    main()
