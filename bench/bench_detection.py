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
  site, in acquisitions (median over found bowls);
- and, on as many scenes with no mine at all (jumps, consolidating new
  buildings, atmosphere and thermal dilation only), the sites reported.

Methods: ``patent`` — the cascade of methods §3 (steps 401–406) with the
patent's thresholds (δ = 10 mm, d = 100 m, δz = 80 mm), sites linked within
50 m; ``robust`` — the bowl detector of ``core/insar/robust.py`` (background
removal, unwrapping-jump correction with the sensor's λ, smoothed
cumulative settlement with spatial support, one site per bowl, ramp fit of
the period). A site is licensed when it lies in a licence polygon. Both
run through the engine's entry point, ``core/insar/detection.py``'s
``detect_subsidence``, as the Processing algorithm does.

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
sys.path.insert(0, REPO)  # the repository root: minewatch/, devkit/

RIGHT_WITHIN_M = 60.0
# new buildings on the mine-free scenes settle more than on the others, as
# large new blocks on soft ground do
QUIET_CONSOLIDATION_MM = (30.0, 80.0)


def buildings_and_licences(scene):
    """The scene's buildings and licensed areas as the engine's polygons."""
    from minewatch.core.insar.detection import Polygons

    return (Polygons(np.asarray(scene.building_ids), [[b] for b in scene.buildings]),
            Polygons(np.arange(len(scene.licences)), [[ring] for ring in scene.licences]))


def detected_sites(method, xy, settlement, dates, buildings, licences, wavelength_mm,
                   min_score=None):
    """Detect Subsidence Anomalies' engine (core/insar/detection.py) with
    ``method`` at default settings (or ``min_score``), told the sensor's
    wavelength; (x, y, start, end, licensed, score, tier) of every site
    (tier 1: a site; tier 2: a lone sinking PS, weaker evidence). A bowl
    still active at the end has no stop: its end is scored as the last date."""
    from minewatch.core.insar.detection import (
        DetectionParams,
        InMemorySettlement,
        PsPoints,
        detect_subsidence,
    )
    from minewatch.core.insar.robust import RobustParams

    robust = RobustParams() if min_score is None else RobustParams(min_score=min_score)
    params = DetectionParams(method=method, robust=robust, wavelength_mm=wavelength_mm)
    ps = PsPoints(np.arange(len(xy)), xy, dates, InMemorySettlement(settlement))
    result = detect_subsidence(ps, buildings, licences, params)
    details = result.details
    stop = np.where(np.isnat(details.stop), np.asarray(dates, "datetime64[D]")[-1], details.stop)
    licensed = (np.zeros(len(result.sites), bool) if result.site_licensed is None
                else result.site_licensed)
    return (result.sites.x, result.sites.y, details.onset, stop, licensed, details.score,
            details.tier)


def patent_sites(*args, **options):
    """The patent's cascade at default settings (see :func:`detected_sites`)."""
    return detected_sites("patent", *args, **options)


def robust_sites(*args, **options):
    """The bowl detector at default settings (see :func:`detected_sites`)."""
    return detected_sites("robust", *args, **options)


def on_scene(method, scene, settlement, sensor, **options):
    """Run ``method`` on a simulated scene."""
    buildings, licences = buildings_and_licences(scene)
    return METHODS[method](scene.xy, settlement, scene.dates, buildings, licences,
                           sensor.wavelength_mm, **options)


METHODS = {"patent": patent_sites, "robust": robust_sites}


def acquisition(dates, when):
    """Position of ``when`` among the acquisition ``dates`` (fractional
    between two dates), so a period error counts acquisitions, whatever the
    spacing (6 and 12 days mixed in EGMS series)."""
    t = np.asarray(dates, "datetime64[D]").astype(np.float64)
    return float(np.interp(np.datetime64(when, "D").astype(np.float64), t, np.arange(len(t))))


def score(sites, bowls, dates):
    """Counts and period errors of the unlicensed sites against the
    unlicensed ``bowls``; an error is the number of acquisitions between
    the estimated and the true date (``dates``: the series' dates)."""
    x, y, start, end, licensed = sites[:5]
    keep = ~np.asarray(licensed, bool)
    x, y, start, end = (np.asarray(a)[keep] for a in (x, y, start, end))
    dates = np.asarray(dates, "datetime64[D]")
    right = np.zeros(len(x), bool)
    found, errors, s_errors, onset_errors = 0, [], [], []
    for bowl in bowls:
        distance = np.hypot(x - bowl.x, y - bowl.y)
        near = distance <= RIGHT_WITHIN_M
        right |= near
        if near.any():
            found += 1
            best = int(np.argmin(np.where(near, distance, np.inf)))
            for which, (estimate, true) in enumerate(((start[best], bowl.start),
                                                      (end[best], bowl.end))):
                if not np.isnat(np.datetime64(estimate, "D")):
                    error = abs(acquisition(dates, estimate) - acquisition(dates, true))
                    errors.append(error)
                    if which == 0:
                        onset_errors.append(error)
                    if getattr(bowl, "progress_shape", "linear") != "linear":
                        s_errors.append(error)
    return {"sites": int(len(x)), "right": int(right.sum()), "bowls": len(bowls), "found": found,
            "period_errors": errors, "s_curve_errors": s_errors, "onset_errors": onset_errors}


def run(sensors, seeds, methods, cases=("village",)):
    """{(case, sensor, method): totals} over ``seeds``: tier-1 sites scored
    against the unlicensed bowls (:func:`score`); on the ``lone`` case the
    tier-2 reports against the lone sinking PS (``lone``, ``lone_found``,
    ``tier2``); on the ``landslide`` case the sites within 60 m of a slide
    (``on_landslide``)."""
    from devkit.insar_sim.detection_scenes import SENSORS, case_scene

    table = {}
    for case in cases:
        for sensor in sensors:
            for method in methods:
                total = {"sites": 0, "right": 0, "bowls": 0, "found": 0, "period_errors": [],
                         "s_curve_errors": [], "onset_errors": [], "seconds": 0.0, "lone": 0,
                         "lone_found": 0, "tier2": 0, "on_landslide": 0}
                for seed in seeds:
                    scene, settlement, truth = case_scene(case, sensor, seed)
                    start = time.perf_counter()
                    sites = on_scene(method, scene, settlement, SENSORS[sensor])
                    total["seconds"] += time.perf_counter() - start
                    tier = np.asarray(sites[6])
                    first = tuple(np.asarray(a)[tier == 1] for a in sites)
                    counts = score(first, truth.unlicensed, scene.dates)
                    for key in ("sites", "right", "bowls", "found"):
                        total[key] += counts[key]
                    total["period_errors"] += counts["period_errors"]
                    total["s_curve_errors"] += counts["s_curve_errors"]
                    total["onset_errors"] += counts["onset_errors"]
                    second = tuple(np.asarray(a)[tier == 2] for a in sites)
                    total["tier2"] += len(second[0])
                    total["lone"] += len(truth.lone)
                    total["lone_found"] += sum(
                        bool((np.hypot(second[0] - lone.x, second[1] - lone.y)
                              <= RIGHT_WITHIN_M).any()) for lone in truth.lone)
                    for slide in truth.landslides:
                        total["on_landslide"] += int((np.hypot(first[0] - slide.x,
                                                               first[1] - slide.y)
                                                      <= slide.a_m + RIGHT_WITHIN_M).sum())
                table[(case, sensor, method)] = total
    return table


def quiet_sites(sensors, seeds, methods):
    """(sites, tier-2 reports) on scenes without any mine (5 unwrapping
    jumps, 4 consolidating new buildings, atmosphere, thermal dilation):
    every one would send an inspector out for nothing."""
    from devkit.insar_sim.detection_scenes import SENSORS, detection_scene

    counts = {}
    for sensor in sensors:
        for method in methods:
            tiers = []
            for seed in seeds:
                tiers.append(np.asarray(on_scene(method, *detection_scene(
                    sensor, seed, n_shallow=0, deep_bowl=False, n_jumps=5, n_new_buildings=4,
                    consolidation_mm=QUIET_CONSOLIDATION_MM)[:2], SENSORS[sensor])[6]))
            tier = np.concatenate(tiers)
            counts[(sensor, method)] = (int((tier == 1).sum()), int((tier == 2).sum()))
    return counts


def sweep_min_score(sensors, seeds, thresholds):
    """Precision and detection rate of the robust method at each
    ``MIN_SCORE`` in ``thresholds`` (one detection at 0, cut afterwards),
    over every sensor and seed; the false sites on mine-free scenes too."""
    from devkit.insar_sim.detection_scenes import SENSORS, detection_scene

    counts = {t: {"sites": 0, "right": 0, "bowls": 0, "found": 0, "period_errors": [],
                  "quiet": 0} for t in thresholds}
    for sensor in sensors:
        for seed in seeds:
            scene, settlement, truth = detection_scene(sensor, seed)
            sites = on_scene("robust", scene, settlement, SENSORS[sensor], min_score=0.0)
            quiet = on_scene("robust", *detection_scene(sensor, seed, n_shallow=0, deep_bowl=False,
                                                        n_jumps=5, n_new_buildings=4,
                                      consolidation_mm=QUIET_CONSOLIDATION_MM)[:2],
                             SENSORS[sensor], min_score=0.0)
            for t in thresholds:
                kept = tuple(np.asarray(a)[(sites[5] >= t) & (sites[6] == 1)] for a in sites)
                one = score(kept, truth.unlicensed, scene.dates)
                for key in ("sites", "right", "bowls", "found"):
                    counts[t][key] += one[key]
                counts[t]["quiet"] += int(((quiet[5] >= t) & (quiet[6] == 1)).sum())
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
    parser.add_argument("--sensors", nargs="+", default=["L46", "C12", "C6", "X11", "C6-12"])
    parser.add_argument("--seeds", nargs="+", type=int, default=list(range(100, 120)))
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--quick", action="store_true", help="3 report seeds")
    parser.add_argument("--cases", nargs="+", default=["village"],
                        help="scene cases of devkit/insar_sim/detection_scenes.CASES")
    parser.add_argument("--no-quiet", action="store_true", help="skip the mine-free scenes")
    parser.add_argument("--json", help="also write the table here")
    parser.add_argument("--sweep", nargs="*", type=float,
                        help="instead of the table, sweep the robust method's MIN_SCORE over "
                             "these values (default 0.3 … 0.8)")
    args = parser.parse_args()
    seeds = args.seeds[:3] if args.quick else args.seeds
    if args.sweep is not None:
        thresholds = args.sweep or [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        print(f"MIN_SCORE sweep, {len(seeds)} seeds per sensor ({seeds[0]}…{seeds[-1]}), sensors "
              + " ".join(args.sensors))
        print("| MIN_SCORE | sites | right | precision | detection rate | sites without mines |")
        print("|---|---|---|---|---|---|")
        for t, c in sweep_min_score(args.sensors, seeds, thresholds).items():
            precision, recall, _, _ = summary(c)
            print(f"| {t:.2f} | {c['sites']} | {c['right']} | {precision:.2f} | {recall:.2f} | "
                  f"{c['quiet']} |")
        return
    table = run(args.sensors, seeds, args.methods, args.cases)
    print(f"{len(seeds)} seeds per sensor ({seeds[0]}…{seeds[-1]}); unlicensed tier-1 sites, right "
          f"within {RIGHT_WITHIN_M:.0f} m of a bowl centre")
    print("| case | sensor | method | sites | right | bowls | found | precision | detection rate | "
          "F1 | median period error, acquisitions (S-shaped bowls) | median onset error, "
          "acquisitions | lone PS found in tier 2 | "
          "tier-2 reports | sites on landslides | s/scene |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for (case, sensor, method), total in table.items():
        precision, recall, f1, period = summary(total)
        rows[f"{case}/{sensor}/{method}"] = dict(total, precision=precision, recall=recall,
                                                 f1=f1, period_error=period)
        lone = f"{total['lone_found']} / {total['lone']}" if total["lone"] else "–"
        slides = str(total["on_landslide"]) if case == "landslide" else "–"
        if case in ("landslide", "regional", "lone"):
            # no mine: every tier-1 site is a false one
            slides = f"{slides}; {total['sites']} sites in all"
        print(f"| {case} | {sensor} | {method} | {total['sites']} | {total['right']} | "
              f"{total['bowls']} | {total['found']} | {precision:.2f} | {recall:.2f} | {f1:.2f} | "
              f"{period:.1f} ({np.median(total['s_curve_errors']) if total['s_curve_errors'] else np.nan:.1f}) | "
              f"{np.median(total['onset_errors']) if total['onset_errors'] else np.nan:.1f} | "
              f"{lone} | {total['tier2']} | {slides} | {total['seconds'] / len(seeds):.2f} |")
    if args.no_quiet:
        return
    quiet = quiet_sites(args.sensors, seeds, args.methods)
    print(f"sites (tier-2 reports) on {len(seeds)} scenes per sensor without any mine (5 jumps, 4 "
          "consolidating buildings settling 30–80 mm each): "
          + ", ".join(f"{s}/{m} {n[0]} ({n[1]})" for (s, m), n in quiet.items()))
    if args.json:
        for (sensor, method), n in quiet.items():
            rows.setdefault(f"village/{sensor}/{method}", {})["sites_without_mines"] = n[0]
            rows[f"village/{sensor}/{method}"]["tier2_without_mines"] = n[1]
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, default=float)


if __name__ == "__main__":
    main()
