"""Benchmark of suspect-site detection on seeded simulated scenes (issue 13).

For each sensor (L-band 46-day, C-band 12- and 6-day, X-band 11-day) and
each seed, a scene from ``devkit/insar_sim/detection_scenes.py`` (shallow
unlicensed bowls under houses, a deep licensed bowl, atmosphere, thermal
dilation, unwrapping jumps, consolidating new buildings) goes through a
detection method at its default settings; the unlicensed sites it reports
are scored:

- a site is right when it lies within 60 m of an unlicensed bowl's centre;
- a bowl is found when at least one site is right for it;
- precision = right sites / sites, detection rate = found bowls / bowls,
  F1 of the two;
- period error: |estimated − true| onset and stop of the nearest right
  site, in revisit intervals (median over found bowls);
- and, on as many scenes with no mine at all (jumps, consolidating new
  buildings, atmosphere and thermal dilation only), the sites reported.

Methods: ``patent`` — the cascade of SPEC §3 (steps 401–406) with the
patent's thresholds (δ = 10 mm, d = 100 m, δz = 80 mm), sites linked within
50 m; ``robust`` — the bowl detector of ``core/insar/robust.py`` (background
removal, unwrapping-jump correction with the sensor's λ, smoothed
cumulative settlement with spatial support, one site per bowl, ramp fit of
the period). A site is licensed when it lies in a licence polygon.

Seeds: tune on ``--tune-seeds`` (default 0–19), report on ``--seeds``
(default 100–119, never used for tuning).

    .venv/bin/python bench/bench_detection.py                  # 20 seeds × 4 sensors
    .venv/bin/python bench/bench_detection.py --quick          # 3 seeds
    .venv/bin/python bench/bench_detection.py --sensors L46 C12 --seeds 100 101
"""
import argparse
import json
import os
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "build", "plugins"))

RIGHT_WITHIN_M = 60.0


def buildings_and_licences(scene):
    from minewatch.core.insar.overlay import PolygonSet, polygon_ids_at

    polygons = PolygonSet.from_rings([[b] for b in scene.buildings], scene.building_ids)
    licences = PolygonSet.from_rings([[ring] for ring in scene.licences],
                                     np.arange(len(scene.licences)))
    return polygon_ids_at(scene.x, scene.y, polygons), licences


def patent_sites(scene, settlement, sensor):
    """The patent's cascade at default settings; (x, y, start, end,
    licensed) of every site."""
    from minewatch.core.insar.cascade import CascadeParams, detect_anomalies
    from minewatch.core.insar.sites import inside_polygons, summarise_sites

    building_id, licences = buildings_and_licences(scene)
    result = detect_anomalies(scene.xy, settlement, scene.dates, building_id, CascadeParams())
    _, sites = summarise_sites(scene.xy, building_id, result)
    return (sites.x, sites.y, sites.est_start, sites.est_end,
            inside_polygons(sites.x, sites.y, licences))


def robust_sites(scene, settlement, sensor):
    """The bowl detector (core/insar/robust.py) at default settings, told
    the sensor's wavelength; (x, y, onset, stop, licensed)."""
    from minewatch.core.insar.robust import RobustParams, detect_bowls
    from minewatch.core.insar.sites import inside_polygons

    building_id, licences = buildings_and_licences(scene)
    sites = detect_bowls(scene.xy, settlement, scene.dates, building_id,
                         RobustParams(wavelength_mm=sensor.wavelength_mm)).sites
    # a bowl still active at the end has no stop: score its stop as the last date
    stop = np.where(np.isnat(sites.stop), scene.dates[-1], sites.stop)
    return sites.x, sites.y, sites.onset, stop, inside_polygons(sites.x, sites.y, licences)


METHODS = {"patent": patent_sites, "robust": robust_sites}


def score(sites, truth, revisit_days):
    """Counts and period errors (in revisits) of the unlicensed sites."""
    x, y, start, end, licensed = sites
    keep = ~np.asarray(licensed, bool)
    x, y, start, end = (np.asarray(a)[keep] for a in (x, y, start, end))
    bowls = truth.unlicensed
    right = np.zeros(len(x), bool)
    found, errors = 0, []
    for bowl in bowls:
        distance = np.hypot(x - bowl.x, y - bowl.y)
        near = distance <= RIGHT_WITHIN_M
        right |= near
        if near.any():
            found += 1
            best = int(np.argmin(np.where(near, distance, np.inf)))
            for estimate, true in ((start[best], bowl.start), (end[best], bowl.end)):
                if not np.isnat(np.datetime64(estimate, "D")):
                    days = abs((np.datetime64(estimate, "D") - np.datetime64(true, "D")).astype(int))
                    errors.append(days / revisit_days)
    return {"sites": int(len(x)), "right": int(right.sum()), "bowls": len(bowls), "found": found,
            "period_errors": errors}


def run(sensors, seeds, methods):
    from minewatch.devkit.insar_sim.detection_scenes import SENSORS, detection_scene

    table = {}
    for sensor in sensors:
        for method in methods:
            total = {"sites": 0, "right": 0, "bowls": 0, "found": 0, "period_errors": [],
                     "seconds": 0.0}
            for seed in seeds:
                scene, settlement, truth = detection_scene(sensor, seed)
                start = time.perf_counter()
                sites = METHODS[method](scene, settlement, SENSORS[sensor])
                total["seconds"] += time.perf_counter() - start
                counts = score(sites, truth, SENSORS[sensor].revisit_days)
                for key in ("sites", "right", "bowls", "found"):
                    total[key] += counts[key]
                total["period_errors"] += counts["period_errors"]
            table[(sensor, method)] = total
    return table


def quiet_sites(sensors, seeds, methods):
    """Sites reported on scenes without any mine (5 unwrapping jumps, 4
    consolidating new buildings, atmosphere, thermal dilation): every one
    would send an inspector out for nothing."""
    from minewatch.devkit.insar_sim.detection_scenes import SENSORS, detection_scene

    counts = {}
    for sensor in sensors:
        for method in methods:
            counts[(sensor, method)] = sum(
                len(METHODS[method](*detection_scene(sensor, seed, n_shallow=0, deep_bowl=False,
                                                     n_jumps=5, n_new_buildings=4)[:2],
                                    SENSORS[sensor])[0])
                for seed in seeds)
    return counts


def summary(total):
    precision = total["right"] / total["sites"] if total["sites"] else float("nan")
    recall = total["found"] / total["bowls"] if total["bowls"] else float("nan")
    f1 = (2 * precision * recall / (precision + recall)
          if precision == precision and recall == recall and precision + recall > 0 else float("nan"))
    period = float(np.median(total["period_errors"])) if total["period_errors"] else float("nan")
    return precision, recall, f1, period


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sensors", nargs="+", default=["L46", "C12", "C6", "X11"])
    parser.add_argument("--seeds", nargs="+", type=int, default=list(range(100, 120)))
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--quick", action="store_true", help="3 report seeds")
    parser.add_argument("--json", help="also write the table here")
    args = parser.parse_args()
    seeds = args.seeds[:3] if args.quick else args.seeds
    table = run(args.sensors, seeds, args.methods)
    print(f"{len(seeds)} seeds per sensor ({seeds[0]}…{seeds[-1]}); unlicensed sites, right within "
          f"{RIGHT_WITHIN_M:.0f} m of a bowl centre")
    print("| sensor | method | sites | right | bowls | found | precision | detection rate | F1 | "
          "median period error, revisits | s/scene |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for (sensor, method), total in table.items():
        precision, recall, f1, period = summary(total)
        rows[f"{sensor}/{method}"] = dict(total, precision=precision, recall=recall, f1=f1,
                                          period_error=period)
        print(f"| {sensor} | {method} | {total['sites']} | {total['right']} | {total['bowls']} | "
              f"{total['found']} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {period:.1f} | "
              f"{total['seconds'] / len(seeds):.2f} |")
    quiet = quiet_sites(args.sensors, seeds, args.methods)
    print(f"sites on {len(seeds)} scenes per sensor without any mine (5 jumps, 4 consolidating "
          "buildings each): " + ", ".join(f"{s}/{m} {n}" for (s, m), n in quiet.items()))
    if args.json:
        for (sensor, method), n in quiet.items():
            rows[f"{sensor}/{method}"]["sites_without_mines"] = n
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, default=float)


if __name__ == "__main__":
    main()
