"""Benchmark of the subsidence-anomaly chain: read → overlay → cascade → sites.

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

    from minewatch.core.insar.cascade import detect_anomalies
    from minewatch.core.insar.overlay import PolygonSet, polygon_ids_at
    from minewatch.core.insar.reader import read_ps_file
    from minewatch.core.insar.series import to_settlement
    from minewatch.core.insar.sites import summarise_buildings, summarise_sites

    scene = scene_for(args)  # geometry and truth only; the series come from the file
    polys = PolygonSet.from_rings(scene.buildings, scene.building_ids)
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
    reset = _reset_peak()
    start = t()
    bid = polygon_ids_at(xy[:, 0], xy[:, 1], polys)
    out["overlay_s"] = t() - start
    start = t()
    result = detect_anomalies(xy, settlement, table.dates.dates, bid)
    out["cascade_s"] = t() - start
    start = t()
    labels, sites = summarise_sites(xy, bid, result)
    buildings = summarise_buildings(bid, result, labels)
    out["sites_s"] = t() - start
    out["process_peak_mb"] = vm_hwm_mb() if reset else None
    # the bowl detector on the same array (its own peak: reset again)
    from minewatch.core.insar.robust import RobustParams, detect_bowls

    reset = _reset_peak()
    start = t()
    bowls = detect_bowls(xy, settlement, table.dates.dates, bid, RobustParams(wavelength_mm=55.5))
    out["robust_s"] = t() - start
    out["robust_peak_mb"] = vm_hwm_mb() if reset else None
    out["robust_sites"] = len(bowls.sites)
    out.update(points=len(xy), dates=settlement.shape[1], building_ps=int((bid >= 0).sum()),
               seeds=len(result.seeds), anomalous=int(result.anomalous.sum()), sites=len(sites),
               buildings=len(buildings))
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
    for stage in ("read", "overlay", "cascade", "sites", "robust"):
        print(f"  {stage:8s} {res[stage + '_s']:7.2f} s  {n / max(res[stage + '_s'], 1e-9) / 1e6:7.2f} M points/s")
    process = res["overlay_s"] + res["cascade_s"] + res["sites_s"]
    print(f"  overlay + cascade + sites: {process:.1f} s")
    print(f"  peak RSS: reading {res['read_peak_mb']:.0f} MiB; processing {res['process_peak_mb'] or float('nan'):.0f} MiB "
          f"= {(res['process_peak_mb'] or float('nan')) / res['array_mb']:.2f} × the float32 array")
    print(f"  seeds {res['seeds']}, anomalous PS {res['anomalous']}, sites {res['sites']}, "
          f"buildings {res['buildings']}")
    print(f"  bowl detector: {res['robust_s']:.1f} s, {res['robust_sites']} sites, peak RSS "
          f"{res['robust_peak_mb'] or float('nan'):.0f} MiB = "
          f"{(res['robust_peak_mb'] or float('nan')) / res['array_mb']:.2f} × the float32 array")
    for i, t in enumerate(res["truth"], 1):
        print(f"  planted bowl {i}: nearest site {t['offset_m']:.0f} m, start error {t['start_err_d']} d, "
              f"end error {t['end_err_d']} d" if t["offset_m"] is not None else f"  planted bowl {i}: no site")


if __name__ == "__main__":
    main()
