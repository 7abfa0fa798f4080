"""Benchmark of the subsidence-anomaly chain: read, then Detect Subsidence
Anomalies' engine entry point (``core/insar/detection.detect_subsidence``:
overlay → detection → sites → tables) with the patent's cascade and with
the bowl detector.

Simulates a PS scene (default 1 M points × 100 dates, ~78 k buildings,
5 planted bowls), writes it once as a GeoPackage to a scratch folder
(cached by parameters), then runs the chain in a fresh process so the peak
RSS belongs to the chain alone. Prints seconds and points/s per stage,
peak RSS while reading and while processing (overlay + cascade + sites),
and how the planted bowls were recovered.

    .venv/bin/python bench/bench_subsidence.py --quick
    .venv/bin/python bench/bench_subsidence.py                      # 1 M × 100
    .venv/bin/python bench/bench_subsidence.py --points 5000000 --dates 300
"""
import argparse
import json
import os
import sys
import time

from _common import run_json, vm_hwm_mb


def scene_for(args):
    from devkit.insar_sim.ps_simulator import simulate_scene

    return simulate_scene(n_points=args.points, n_buildings=args.buildings or max(50, int(args.points * 0.7 / 9)),
                          n_dates=args.dates, revisit_days=args.revisit, n_bowls=args.bowls, seed=args.seed)


def make_file(args, path, spatial_index=False):
    """Write the scene's GeoPackage once (seconds taken; 0 when cached)."""
    from devkit.insar_sim.ps_simulator import write_gpkg

    if os.path.exists(path):
        return 0.0
    start = time.perf_counter()
    write_gpkg(scene_for(args), path + ".tmp.gpkg", spatial_index=spatial_index)
    os.replace(path + ".tmp.gpkg", path)
    return time.perf_counter() - start


def _reset_peak():
    """Restart VmHWM (Linux ≥ 4.0) so the next peak belongs to the next stage."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def run_chain(args, path):
    import numpy as np

    from minewatch.core.insar.detection import (
        DetectionParams,
        InMemorySettlement,
        Polygons,
        PsPoints,
        detect_subsidence,
    )
    from minewatch.core.insar.reader import read_ps_file
    from minewatch.core.insar.series import to_settlement

    scene = scene_for(args)  # geometry and truth only; the series come from the file
    buildings = Polygons(np.asarray(scene.building_ids), [[b] for b in scene.buildings])
    truth = scene.truth()
    del scene
    out, t = {}, time.perf_counter
    start = t()
    table = read_ps_file(path)
    settlement = to_settlement(table.values)
    out["read_s"] = t() - start
    out["read_peak_mb"] = vm_hwm_mb()
    out["array_mb"] = settlement.nbytes / 2**20
    out["arrow"] = table.used_arrow
    xy = table.xy
    ps = PsPoints(table.pid, xy, table.dates.dates, InMemorySettlement(settlement))
    # each method through the engine's entry point (overlay, detection,
    # sites, tables), each with its own peak
    results = {}
    for method, wavelength in (("patent", None), ("robust", 55.5)):
        reset = _reset_peak()
        start = t()
        results[method] = detect_subsidence(ps, buildings, None,
                                            DetectionParams(method=method, wavelength_mm=wavelength))
        out[f"{method}_s"] = t() - start
        out[f"{method}_peak_mb"] = vm_hwm_mb() if reset else None
    result = results["patent"]
    sites = result.sites
    out["robust_sites"] = len(results["robust"].sites)
    out.update(points=len(xy), dates=settlement.shape[1],
               building_ps=int((result.building_id >= 0).sum()),
               seeds=len(result.points.seeds), anomalous=int(result.points.anomalous.sum()),
               sites=len(sites), buildings=len(result.buildings))
    found = []
    for site in truth:
        d = np.hypot(sites.x - site["x"], sites.y - site["y"])
        i = int(np.argmin(d)) if len(d) else -1
        found.append(dict(offset_m=float(d[i]) if i >= 0 else None,
                          start_err_d=int((sites.est_start[i] - site["start"]).astype(int)) if i >= 0 else None,
                          end_err_d=int((sites.est_end[i] - site["end"]).astype(int)) if i >= 0 else None))
    out["truth"] = found
    print(json.dumps(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--dates", type=int, default=100)
    parser.add_argument("--buildings", type=int, default=0, help="default: points × 0.7 / 9")
    parser.add_argument("--revisit", type=int, default=12, help="days between acquisitions")
    parser.add_argument("--bowls", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scratch", default=os.environ.get("MINEWATCH_BENCH_DIR", "/tmp/minewatch_bench"))
    parser.add_argument("--quick", action="store_true", help="50 k points × 40 dates")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.points, args.dates = 50_000, 40
    if args.run:
        return run_chain(args, args.run)
    os.makedirs(args.scratch, exist_ok=True)
    path = os.path.join(args.scratch, f"ps_{args.points}x{args.dates}_b{args.buildings}_r{args.revisit}"
                                      f"_k{args.bowls}_s{args.seed}.gpkg")
    made = make_file(args, path)
    if made:
        print(f"wrote {path} ({os.path.getsize(path) / 2**30:.2f} GiB) in {made:.0f} s")
    cmd = ["--run", path] + [a for a in sys.argv[1:] if a != "--quick"]
    if args.quick:
        cmd += ["--points", str(args.points), "--dates", str(args.dates)]
    res = run_json(__file__, *cmd)
    n = res["points"]
    print(f"PS subsidence chain: {n} points × {res['dates']} dates "
          f"(float32 array {res['array_mb']:.0f} MiB), {res['building_ps']} building PS, arrow={res['arrow']}")
    for stage in ("read", "patent", "robust"):
        print(f"  {stage:8s} {res[stage + '_s']:7.2f} s  {n / max(res[stage + '_s'], 1e-9) / 1e6:7.2f} M points/s")
    for method in ("patent", "robust"):
        peak = res[method + "_peak_mb"] or float("nan")
        print(f"  {method}: peak RSS {peak:.0f} MiB = {peak / res['array_mb']:.2f} × the float32 array")
    print(f"  peak RSS reading {res['read_peak_mb']:.0f} MiB")
    print(f"  patent: seeds {res['seeds']}, anomalous PS {res['anomalous']}, sites {res['sites']}, "
          f"buildings {res['buildings']}; bowl detector: {res['robust_sites']} sites")
    for i, t in enumerate(res["truth"], 1):
        print(f"  planted bowl {i}: nearest site {t['offset_m']:.0f} m, start error {t['start_err_d']} d, "
              f"end error {t['end_err_d']} d" if t["offset_m"] is not None else f"  planted bowl {i}: no site")


if __name__ == "__main__":
    main()
