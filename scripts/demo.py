"""``make demo``: classify a sample scene with the shipped default model
through ``qgis_process.bin`` and write a PNG quick-look beside it.

The sample scene is synthetic (devkit/scenes/mine.py, a seed no training
scene used), 4-band uint16 at 2 m, with its true labels, so the demo also
reports how well the demonstration model did on it.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from qgis_runner import REPO_ROOT, QgisProcess  # noqa: E402

sys.path.insert(0, REPO_ROOT)

DEMO_SEED = 2024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=os.path.join(REPO_ROOT, "demo_output"))
    parser.add_argument("--size", type=int, default=1024, help="scene size, px (2 m pixels)")
    parser.add_argument("--readme-image", help="also copy the quick-look here")
    parser.add_argument("--readme-change-image", help="also write the change quick-look here")
    args = parser.parse_args(argv)

    from devkit.quicklook import write_quicklook
    from devkit.scenes.mine import generate_mine_scene
    from minewatch.models.classes import LAND_DAMAGE_CLASSES

    out = os.path.abspath(args.folder)
    os.makedirs(out, exist_ok=True)
    scene = os.path.join(out, "sample_scene.tif")
    truth = os.path.join(out, "sample_scene_labels.tif")
    if not (os.path.exists(scene) and os.path.exists(truth)):
        generate_mine_scene(scene, truth, size=args.size, seed=DEMO_SEED, gsd_m=2.0,
                            origin=(700000.0, 4200000.0))
    qp = QgisProcess(os.path.join(REPO_ROOT, "build", "qgis-profile"))
    classes = os.path.join(out, "land_damage.tif")
    polygons = os.path.join(out, "land_damage_polygons.gpkg")
    stats = os.path.join(out, "land_damage_statistics.html")
    results = qp.run("minewatch:classifylanddamage", INPUT=scene, OUTPUT=classes,
                     OUTPUT_POLYGONS=polygons, OUTPUT_STATS=stats)
    report = os.path.join(out, "evaluation_against_true_labels.html")
    scores = qp.run("minewatch:evaluatesegmentation", PREDICTION=classes, REFERENCE=truth,
                    OUTPUT_REPORT=report)
    quicklook = write_quicklook(scene, os.path.join(out, "sample_scene_quicklook.png"),
                                class_path=classes, classes=LAND_DAMAGE_CLASSES)
    if args.readme_image:
        # a smaller copy for the README (the full one is several MB)
        write_quicklook(scene, args.readme_image, class_path=classes, classes=LAND_DAMAGE_CLASSES,
                        max_size=400)
    print()
    print("MineWatch demo — Classify Land Damage with the shipped demonstration model")
    print(f"  input scene      {scene} (synthetic, 4 bands, 2 m)")
    print(f"  class map        {classes} (styled: {os.path.splitext(classes)[0]}.qml)")
    print(f"  polygons         {polygons}")
    print(f"  area statistics  {stats}")
    print(f"  quick-look       {quicklook}")
    print(f"  evaluation       {report}: MIoU {float(scores.get('MIOU', 'nan')):.3f} against the "
          "scene's true labels")
    areas = json.loads(results.get("CLASS_AREAS_M2", "{}") or "{}")
    if areas:
        print("  areas, km²       " + ", ".join(f"{k} {v / 1e6:.2f}" for k, v in areas.items()))
    suspect_sites(qp, out)
    suspect_model(qp, out)
    yearly_change(qp, out, min(args.size, 768), args.readme_change_image)


def yearly_change(qp, out, size, readme_image=None):
    """The shipped model "Annual land-damage monitoring" on two dates of a
    synthetic scene (a pit that grows, a tailings pond extended, a dump
    reclaimed, a new dump, gain/offset/haze and clouds on the later date),
    with new and restored area per damage type beside the truth."""
    import numpy as np
    import rasterio

    from devkit.scenes.mine_pair import generate_mine_pair
    from minewatch.core.landdamage.change import (
        NEW_DAMAGE,
        RESTORED,
        measure_change,
        write_transitions,
    )
    from minewatch.models.classes import LAND_DAMAGE_CLASSES

    folder = os.path.join(out, "two_dates")
    pair = generate_mine_pair(folder, size=size, seed=DEMO_SEED)
    change = os.path.join(out, "land_damage_change.tif")
    report = os.path.join(out, "land_damage_change_report.html")
    qp.run("minewatch:Annual land-damage monitoring", earlier=pair["earlier"],
           later=pair["later"], **{"change:change_OUTPUT": change,
                                   "change:change_OUTPUT_POLYGONS":
                                   os.path.join(out, "land_damage_change.gpkg"),
                                   "change:change_OUTPUT_REPORT": report})
    found = measure_change(change, LAND_DAMAGE_CLASSES)
    truth = measure_change(write_transitions(pair["earlier_labels"], pair["later_labels"],
                                             os.path.join(folder, "true_change.tif"),
                                             LAND_DAMAGE_CLASSES), LAND_DAMAGE_CLASSES)
    from devkit.quicklook import write_change_quicklook

    picture = write_change_quicklook(pair["earlier"], pair["later"], change,
                                     os.path.join(out, "land_damage_change.png"),
                                     LAND_DAMAGE_CLASSES)
    if readme_image:
        write_change_quicklook(pair["earlier"], pair["later"], change, readme_image,
                               LAND_DAMAGE_CLASSES, max_size=384)
    with rasterio.open(pair["later_clouds"]) as ds:
        clouds = float(np.mean(ds.read(1) > 0))
    print()
    print("MineWatch demo — Annual land-damage monitoring on two dates (synthetic)")
    print(f"  earlier, later   {pair['earlier']}, {pair['later']} (later: {clouds:.0%} cloud or "
          "shadow, other gain and haze)")
    print(f"  change map       {change} (quick-look {picture})")
    print(f"  report           {report}")
    print("  km², found (truth):")
    for damage in sorted(set(found.by_type) | set(truth.by_type)):
        cells = []
        for kind in (NEW_DAMAGE, RESTORED):
            cells.append(f"{kind} {found.by_type.get(damage, {}).get(kind, 0.0):.4f} "
                         f"({truth.by_type.get(damage, {}).get(kind, 0.0):.4f})")
        print(f"    {damage:<11} " + ", ".join(cells))


def suspect_sites(qp, out):
    """Detect Subsidence Anomalies on a simulated village (C-band, 12-day,
    two unlicensed shallow mines, a licensed deep one, unwrapping jumps and
    consolidating new buildings) and write the inspector's report."""
    from devkit.insar_sim.detection_scenes import detection_scene
    from devkit.insar_sim.ps_simulator import write_gpkg

    village = os.path.join(out, "ps_village.gpkg")
    scene, settlement, truth = detection_scene("C12", DEMO_SEED, n_shallow=2)
    if not os.path.exists(village):
        write_gpkg(scene, village, settlement=settlement)
    report = os.path.join(out, "suspect_sites_report.html")
    sites = os.path.join(out, "suspect_sites.gpkg")
    results = qp.run("minewatch:detectsubsidenceanomalies", PS_POINTS=f"{village}|layername=ps",
                     BUILDINGS=f"{village}|layername=buildings",
                     LICENCE_AREAS=f"{village}|layername=licences",
                     OUTPUT_POINTS=os.path.join(out, "suspect_ps.gpkg"),
                     OUTPUT_BUILDINGS=os.path.join(out, "suspect_buildings.gpkg"),
                     OUTPUT_SITES=sites, OUTPUT_REPORT=report)
    print()
    print("MineWatch demo — Detect Subsidence Anomalies on a simulated village (PS-InSAR)")
    print(f"  PS and buildings {village} ({len(scene.x)} PS × {len(scene.dates)} dates, "
          f"{len(truth.unlicensed)} unlicensed mines planted)")
    print(f"  suspected sites  {sites}: {results.get('N_SITES', '?')}")
    print(f"  report           {report}")


def suspect_model(qp, out):
    """The shipped graphical model "Suspect unlicensed mining" on one
    synthetic village: its optical image (0.5 m) → Extract Buildings with
    the shipped building model → Detect Subsidence Anomalies with PS on
    those roofs (two unlicensed mines planted) → sites and report."""
    from devkit.insar_sim.ps_simulator import write_gpkg
    from devkit.insar_sim.village_ps import village_ps_scene
    from devkit.scenes.village import generate_village_scene

    image, labels = (os.path.join(out, f"village{s}.tif") for s in ("", "_labels"))
    footprints, ps = os.path.join(out, "village.geojson"), os.path.join(out, "village_ps.gpkg")
    if not os.path.exists(ps):
        generate_village_scene(image, labels, size=768, seed=DEMO_SEED, gsd_m=0.5,
                               footprints_path=footprints)
        write_gpkg(village_ps_scene(footprints, seed=DEMO_SEED), ps)
    scene = village_ps_scene(footprints, seed=DEMO_SEED)
    sites = os.path.join(out, "village_sites.gpkg")
    report = os.path.join(out, "village_report.html")
    qp.run("minewatch:Suspect unlicensed mining", image=image, ps=f"{ps}|layername=ps",
           **{"subsidence:subsidence_OUTPUT_SITES": sites,
              "subsidence:subsidence_OUTPUT_REPORT": report,
              "subsidence:subsidence_OUTPUT_POINTS": os.path.join(out, "village_ps_out.gpkg"),
              "subsidence:subsidence_OUTPUT_BUILDINGS": os.path.join(out,
                                                                     "village_buildings.gpkg")})
    from osgeo import ogr

    dataset = ogr.Open(sites)  # kept referenced while its layer is read
    site_xy = [(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY())
               for f in dataset.GetLayer(0)]
    del dataset
    at_mines = sum(any(np.hypot(x - b.x, y - b.y) <= b.reach_m() for x, y in site_xy)
                   for b in scene.bowls)
    print()
    print("MineWatch demo — the shipped model 'Suspect unlicensed mining' on a synthetic village")
    print(f"  image, PS        {image}, {ps} ({len(scene.x)} PS × {len(scene.dates)} dates, "
          f"{len(scene.bowls)} unlicensed mines planted)")
    print(f"  suspected sites  {sites}: {len(site_xy)} ({at_mines} of the "
          f"{len(scene.bowls)} planted mines found)")
    print(f"  report           {report}")


if __name__ == "__main__":
    main()
