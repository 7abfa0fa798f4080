"""Classify Land Damage in-process vs on a Dask LocalCluster (issue 18):
wall time, peak RSS of the client process and of each worker, on scenes of
two sizes (4-band uint16, written and cached by bench_tiled_inference).

The client's memory should not grow with the scene (it holds at most two
strips per worker); on this 2-core machine the cluster cannot be faster
than one process using both cores — the figures show its overhead, and
that the same code runs there.

    .venv/bin/python bench/bench_scaleout.py                      # 2 000² and 6 000²
    .venv/bin/python bench/bench_scaleout.py --sizes 4000 --workers 2
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import run_json, vm_hwm_mb  # noqa: E402
from bench_classify import model_file  # noqa: E402
from bench_tiled_inference import ensure_scene  # noqa: E402


def child(scene, model, out, scheduler, workers):
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.core.inference.writers import RasterOutputs
    from minewatch.core.landdamage.classify import classify_land_damage
    from minewatch.core.scaleout.cluster import dask_client
    from minewatch.core.scaleout.tiled import ClusterEngines
    from minewatch.models.checkpoint import load_checkpoint

    net, metadata = load_checkpoint(model)
    start = time.perf_counter()
    worker_peaks = []
    with dask_client(scheduler, workers=workers) as client:
        engines = ClusterEngines(client, model) if client else None
        classify_land_damage(scene, torch_predictor(net), metadata,
                             RasterOutputs(os.path.join(out, "classes.tif")),
                             tiling=Tiling(512, 64, 4), engines=engines)
        if client:
            worker_peaks = sorted(client.run(vm_hwm_mb).values())
    print(json.dumps({"seconds": time.perf_counter() - start, "client_mb": vm_hwm_mb(),
                      "worker_mb": worker_peaks}))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000, 6000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scratch", default=os.environ.get("MINEWATCH_BENCH_DIR",
                                                            "/tmp/minewatch_bench"))
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        scene, model, out, scheduler, workers = args.child
        child(scene, model, out, "" if scheduler == "-" else scheduler, int(workers))
        return
    os.makedirs(args.scratch, exist_ok=True)
    model = model_file(args.scratch)
    print("| scene | where | seconds | client peak RSS, MiB | worker peak RSS, MiB |")
    print("|---|---|---|---|---|")
    for size in args.sizes:
        scene = ensure_scene(args.scratch, size)
        for where in ("-", "local"):
            out = os.path.join(args.scratch, f"scaleout_{size}_{where.strip('-') or 'here'}")
            os.makedirs(out, exist_ok=True)
            r = run_json(__file__, "--child", scene, model, out, where, args.workers)
            workers = ", ".join(f"{m:.0f}" for m in r["worker_mb"]) or "–"
            label = "in-process" if where == "-" else f"LocalCluster, {args.workers} workers"
            print(f"| {size}² | {label} | {r['seconds']:.1f} | {r['client_mb']:.0f} | "
                  f"{workers} |")


if __name__ == "__main__":
    main()
