"""Detect Subsidence Anomalies on real PS/SBAS exports as they come
(issue 28), through ``qgis_process.bin`` with every default: what the
user sees (sites, tier-2 reports, the log's unit, band and reading lines).

Each export is given as a file QGIS reads (a StaMPS export CSV, a vendor
shapefile, a GeoPackage, a CSV with coordinates). These exports come
without building footprints, and a PS is a hard scatterer (a roof, a wall),
so each PS is given its own 1 m square "building" in the local UTM zone;
no licence areas. Options after the path (``path::KEY=VALUE,KEY=VALUE``)
are passed to the algorithm, e.g. ``UNITS=2`` (centimetres).

    .venv/bin/python bench/bench_detection_exports.py \\
        .../Maoxian_PS.csv .../Sentinel_Asc.shp .../Sentinel_Asc.shp::UNITS=2

Nothing is written beside the inputs: outputs go to ``--out``
(default build/bench/exports).
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
sys.path.insert(0, os.path.join(REPO, "scripts"))

from qgis_runner import QgisProcess  # noqa: E402

ALG = "minewatch:detectsubsidenceanomalies"
# log lines a user reads to know how the file was taken
TOLD = ("unit", "Radar band", "StaMPS", "WGS 84", "PS ×", "lie on", "Window", "suspected")


def positions_lonlat(path):
    """(N, 2) lon/lat of the export's PS, read as the plugin's engine reads them."""
    from osgeo import ogr, osr

    from minewatch.core.insar.reader import read_ps_file
    from minewatch.core.insar.stamps_export import convert_stamps_export, is_stamps_export

    if path.lower().endswith(".csv") and is_stamps_export(path):
        with tempfile.TemporaryDirectory() as folder:
            plain = os.path.join(folder, "ps.csv")
            convert_stamps_export(path, plain)
            return read_ps_file(plain, positions_only=True).xy
    table = read_ps_file(path, positions_only=True)
    ds = ogr.Open(path)
    srs = ds.GetLayer(0).GetSpatialRef() if ds is not None else None
    if srs is None or srs.IsGeographic():
        return table.xy
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    for ref in (srs, wgs84):
        ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_lonlat = osr.CoordinateTransformation(srs, wgs84)
    return np.array([to_lonlat.TransformPoint(float(x), float(y))[:2] for x, y in table.xy])


def structures(lonlat, path, half_m=0.5):
    """A GeoPackage of a 1 m square around each PS in its UTM zone; its
    EPSG code."""
    from osgeo import ogr, osr
    from rasterio.crs import CRS
    from rasterio.warp import transform

    lon, lat = np.nanmedian(lonlat, axis=0)
    epsg = (32600 if lat >= 0 else 32700) + int((lon + 180) // 6) + 1
    xs, ys = transform(CRS.from_epsg(4326), CRS.from_epsg(epsg), lonlat[:, 0], lonlat[:, 1])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer("buildings", srs, ogr.wkbPolygon)
    for x, y in zip(xs, ys):
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
            ring.AddPoint_2D(float(x) + dx * half_m, float(y) + dy * half_m)
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
    ds = None
    return epsg


def sites_of(path):
    """(tier, score, n_ps, max_settlement_mm) of each site in the output."""
    from osgeo import ogr

    ds = ogr.Open(path)
    if ds is None:
        return []
    return [(f.GetField("tier"), f.GetField("score"), f.GetField("n_ps"),
             f.GetField("max_settlement_mm")) for f in ds.GetLayer(0)]


def run_export(qp, spec, out):
    path, _, extra = spec.partition("::")
    options = dict(kv.split("=", 1) for kv in extra.split(",") if kv)
    name = os.path.splitext(os.path.basename(path))[0] + ("_" + "_".join(
        f"{k}{v}" for k, v in options.items()) if options else "")
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    buildings = os.path.join(folder, "structures.gpkg")
    if os.path.exists(buildings):
        os.remove(buildings)
    lonlat = positions_lonlat(path)
    epsg = structures(lonlat, buildings)
    sites = os.path.join(folder, "sites.gpkg")
    start = time.perf_counter()
    code, results, proc = qp.run_json(
        ALG, PS_POINTS=path, BUILDINGS=buildings, OUTPUT_POINTS=os.path.join(folder, "p.gpkg"),
        OUTPUT_BUILDINGS=os.path.join(folder, "b.gpkg"), OUTPUT_SITES=sites,
        OUTPUT_REPORT=os.path.join(folder, "report.html"), **options)
    seconds = time.perf_counter() - start
    log = [line.strip() for line in (proc.stdout + proc.stderr).splitlines()
           if any(word in line for word in TOLD)]
    found = sites_of(sites) if code == 0 else []
    return {"export": path, "options": options, "ps": int(len(lonlat)), "utm_epsg": epsg,
            "returncode": code, "seconds": round(seconds, 1),
            "sites": sum(1 for s in found if s[0] == 1),
            "tier2": sum(1 for s in found if s[0] == 2), "found": found, "log": log,
            "error": "" if code == 0 else (proc.stdout + proc.stderr)[-800:]}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exports", nargs="+", help="path[::KEY=VALUE,…]")
    parser.add_argument("--out", default=os.path.join(REPO, "build", "bench", "exports"))
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args()
    qp = QgisProcess(os.path.join(args.out, "qgis-profile"))
    rows = [run_export(qp, spec, args.out) for spec in args.exports]
    print("| export | options | PS | sites (tier 1) | tier-2 reports | s |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        options = ", ".join(f"{k}={v}" for k, v in row["options"].items()) or "defaults"
        print(f"| {os.path.basename(row['export'])} | {options} | {row['ps']} | {row['sites']} | "
              f"{row['tier2']} | {row['seconds']} |")
    for row in rows:
        print(f"\n{os.path.basename(row['export'])} ({row['options'] or 'defaults'}):")
        for line in row["log"]:
            print("  " + line)
        if row["error"]:
            print("  FAILED: " + row["error"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
