"""The README's Extract Buildings figure: a crop of a real held-out image with
the reference footprints and the outlines Extract Buildings drew (development
only; the image must be openly licensed, its attribution goes in the caption).

    python scripts/building_example_figure.py IMAGE OUTLINES.gpkg FOOTPRINTS.gpkg OUT.png \
        [--window COL ROW WIDTH HEIGHT] [--title TEXT]
"""
import argparse


def polygons(path, transform):
    """Exterior rings of the layer's polygons in pixel (col, row) units."""
    from osgeo import ogr

    inverse = ~transform
    rings = []
    data = ogr.Open(path)
    for feature in data.GetLayer(0):
        geometry = feature.GetGeometryRef()
        parts = [geometry] if geometry.GetGeometryCount() and geometry.GetGeometryName() == "POLYGON" \
            else [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())]
        for part in parts:
            ring = part.GetGeometryRef(0) if part.GetGeometryName() == "POLYGON" else part
            if ring is None or ring.GetPointCount() == 0:
                continue
            rings.append([inverse * ring.GetPoint_2D(i) for i in range(ring.GetPointCount())])
    return rings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("image")
    parser.add_argument("outlines")
    parser.add_argument("footprints")
    parser.add_argument("out")
    parser.add_argument("--window", nargs=4, type=int, metavar=("COL", "ROW", "WIDTH", "HEIGHT"))
    parser.add_argument("--title", default="")
    parser.add_argument("--credit", default="", help="attribution printed under the map")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(args.image) as ds:
        col, row, width, height = args.window or (0, 0, ds.width, ds.height)
        rgb = np.transpose(ds.read([1, 2, 3], window=Window(col, row, width, height)), (1, 2, 0))
        transform = ds.transform
    figure, axes = plt.subplots(figsize=(8, 8 * height / width), dpi=110)
    axes.imshow(rgb, extent=(col, col + width, row + height, row))
    for path, colour, label in ((args.footprints, "#00e5ff", "OpenStreetMap footprints"),
                                (args.outlines, "#ff3b30", "Extract Buildings")):
        first = True
        for ring in polygons(path, transform):
            xs, ys = zip(*ring)
            axes.plot(xs, ys, color=colour, linewidth=1.2, label=label if first else None)
            first = False
    axes.set_xlim(col, col + width)
    axes.set_ylim(row + height, row)
    axes.set_axis_off()
    axes.legend(loc="lower right", fontsize=8, framealpha=0.8)
    if args.title:
        axes.set_title(args.title, fontsize=10)
    figure.tight_layout()
    if args.credit:
        figure.subplots_adjust(bottom=0.06)
        figure.text(0.01, 0.01, args.credit, fontsize=7)
    figure.savefig(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
