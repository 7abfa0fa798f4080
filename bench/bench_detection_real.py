"""Suspect-site detection on REAL PS series with planted mining bowls
(issue 13: real noise, atmosphere residuals and seasonal signals that no
simulator has).

Input: EGMS files as they come (``--egms``: L2b "Basic" CSVs, line of
sight in mm, negative = away from the satellite, many non-date numeric
columns, 6- and 12-day spacing mixed), read by MineWatch's own PS reader.
For each seed, ``--bowls`` shallow mining bowls are added to the real
series: centres at PS ≥ 450 m apart with ≥ 3 PS within 25 m (a bowl where
no PS lies cannot be seen by any method), depth 6–30 m, panel half-width
10–25 m, W0 0.1–0.4 m, mined over 9–21 months inside the series, progress
linear or S-shaped (half each), projected on the line of sight with each
PS's ``los_up``. No licence areas: every site counts as unlicensed.

Scored as in ``bench_detection.py``: a site is right within 60 m of a
planted bowl's centre, a bowl is found if one site is; period errors in
acquisitions. The unaltered series (no bowl planted) give the false sites
on stable ground.

Tune on ``--tune-seeds`` of one file, report on fresh ``--seeds``:

    .venv/bin/python bench/bench_detection_real.py --egms EGMS_L2b_*.csv
"""
import argparse
import csv
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)  # the repository root: minewatch/, devkit/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_detection import METHODS, RIGHT_WITHIN_M, score, summary  # noqa: E402

MIN_PS_NEAR_CENTRE = 3


def read_egms(path):
    """(xy m, settlement (N, T) mm positive = settlement along the line of
    sight, dates, los_up per PS)."""
    from minewatch.core.insar.reader import read_ps_file
    from minewatch.core.insar.series import to_settlement

    table = read_ps_file(path)
    settlement = to_settlement(table.values, "mm", "negative")
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        column = header.index("los_up")
        los_up = {row[0]: float(row[column]) for row in rows}
    up = np.array([los_up[str(p)] for p in table.pid])
    return table.xy, settlement, table.dates.dates, up


def plant_bowls(xy, dates, n_bowls, seed):
    """``n_bowls`` shallow bowls for this seed (see the module doc)."""
    from scipy.spatial import cKDTree

    from devkit.insar_sim.ps_simulator import MiningBowl

    rng = np.random.default_rng([seed, 1313])
    tree = cKDTree(xy)
    crowded = np.array([len(n) for n in tree.query_ball_point(xy, 25.0)]) >= MIN_PS_NEAR_CENTRE
    span = int((dates[-1] - dates[0]).astype(int))
    bowls = []
    for i in rng.permutation(np.flatnonzero(crowded)):
        if len(bowls) == n_bowls:
            break
        if any(np.hypot(*(xy[i] - (b.x, b.y))) < 450 for b in bowls):
            continue
        length = int(rng.uniform(9, 21) * 30.44)
        start = dates[0] + np.timedelta64(int(rng.uniform(0.02, 0.98) * (span - length)), "D")
        bowls.append(MiningBowl(
            x=float(xy[i, 0]), y=float(xy[i, 1]), start=start,
            end=start + np.timedelta64(length, "D"), half_x=rng.uniform(10, 25),
            half_y=rng.uniform(10, 25), depth_m=rng.uniform(6, 30), tan_beta=rng.uniform(1.5, 2.5),
            thickness_m=rng.uniform(0.1, 0.4) / 0.6, subsidence_factor=0.6,
            progress_shape=str(rng.choice(["linear", "s-curve"]))))
    return bowls


def with_bowls(settlement, xy, dates, los_up, bowls):
    """A copy of ``settlement`` with the bowls' subsidence on the line of
    sight added."""
    out = settlement.copy()
    for bowl in bowls:
        near = np.flatnonzero(np.hypot(xy[:, 0] - bowl.x, xy[:, 1] - bowl.y) < bowl.reach_m())
        final = bowl.final_mm(xy[near, 0], xy[near, 1]) * los_up[near]
        out[near] += (final[:, None] * bowl.progress(dates)[None, :]).astype(np.float32)
    return out


def structure_per_ps(xy, half_m=0.5):
    """A 1 m square "building" around each PS: these exports come without
    footprints, and a PS is a hard scatterer (a roof, a wall, a pylon), so
    each is taken as standing on its own structure (the engine and the
    patent's cascade work on PS on buildings)."""
    from minewatch.core.insar.detection import Polygons

    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], float) * half_m
    return Polygons(np.arange(len(xy)), [[p + corners] for p in xy])


def run(data, seeds, methods, n_bowls, min_score=None):
    xy, settlement, dates, los_up = data
    buildings = structure_per_ps(xy)
    table = {}
    for method in methods:
        options = {"min_score": min_score} if method == "robust" and min_score is not None else {}
        total = {"sites": 0, "right": 0, "bowls": 0, "found": 0, "period_errors": [],
                 "s_curve_errors": []}
        for seed in seeds:
            bowls = plant_bowls(xy, dates, n_bowls, seed)
            series = with_bowls(settlement, xy, dates, los_up, bowls)
            sites = METHODS[method](xy, series, dates, buildings, None, 55.5, **options)
            one = score(tuple(np.asarray(a)[np.asarray(sites[6]) == 1] for a in sites), bowls,
                        dates)
            for key in ("sites", "right", "bowls", "found"):
                total[key] += one[key]
            total["period_errors"] += one["period_errors"]
            total["s_curve_errors"] += one["s_curve_errors"]
        stable = METHODS[method](xy, settlement, dates, buildings, None, 55.5, **options)
        total["stable_sites"] = int((np.asarray(stable[6]) == 1).sum())
        table[method] = total
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--egms", nargs="+", required=True, help="EGMS L2b CSV files")
    parser.add_argument("--seeds", nargs="+", type=int, default=list(range(100, 110)))
    parser.add_argument("--bowls", type=int, default=4, help="bowls planted per seed")
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--min-score", type=float, help="the robust method's MIN_SCORE "
                        "(default: its default)")
    args = parser.parse_args()
    print(f"{len(args.seeds)} seeds ({args.seeds[0]}…{args.seeds[-1]}) × {args.bowls} bowls per "
          f"file; a site is right within {RIGHT_WITHIN_M:.0f} m of a planted bowl")
    print("| file | PS × dates | method | sites | right | bowls | found | precision | "
          "detection rate | F1 | median period error, acquisitions (S-shaped bowls) | sites on "
          "the real series alone |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for path in args.egms:
        data = read_egms(path)
        for method, total in run(data, args.seeds, args.methods, args.bowls,
                                 args.min_score).items():
            precision, recall, f1, period = summary(total)
            print(f"| {os.path.basename(path)} | {data[1].shape[0]} × {data[1].shape[1]} | "
                  f"{method} | {total['sites']} | {total['right']} | {total['bowls']} | "
                  f"{total['found']} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {period:.1f} "
                  f"({np.median(total['s_curve_errors']) if total['s_curve_errors'] else np.nan:.1f})"
                  " | "
                  f"{total['stable_sites']} |")


if __name__ == "__main__":
    main()
