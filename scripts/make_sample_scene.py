"""Write a synthetic scene, its labels and a quick look. ``--kind mine``
(default): ``scene.tif`` (4-band uint16 DN: blue, green, red, NIR),
``scene_labels.tif`` (uint8 land-damage classes 0–7); ``--kind village``:
``scene.tif`` (3-band uint8 red, green, blue, or with ``--bands pan`` 1-band
uint16), ``scene_labels.tif`` (uint8 0 other, 1 building) and
``scene_footprints.geojson`` (exact building polygons); both also
``scene_quicklook.png`` (image | classes).

    python scripts/make_sample_scene.py --out-dir /tmp/scene --size 2048 --seed 0
    python scripts/make_sample_scene.py --kind village --gsd 0.5 --out-dir /tmp/village
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the repository root: minewatch/, devkit/

from devkit.quicklook import write_quicklook  # noqa: E402
from devkit.scenes.mine import generate_mine_scene  # noqa: E402
from devkit.scenes.village import generate_village_scene  # noqa: E402
from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", required=True, help="output folder (created)")
    parser.add_argument("--size", type=int, default=2048, help="scene size, px (default 2048)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--kind", choices=("mine", "village"), default="mine", help="scene kind (default mine)")
    parser.add_argument("--gsd", type=float, default=None,
                        help="pixel size, metres (default 2 for a mine, 0.5 for a village)")
    parser.add_argument("--bands", choices=("rgb", "pan"), default="rgb", help="village bands (default rgb)")
    parser.add_argument("--max-size", type=int, default=1024, help="quick-look panel size, px")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    image = os.path.join(args.out_dir, "scene.tif")
    labels = os.path.join(args.out_dir, "scene_labels.tif")
    png_path = os.path.join(args.out_dir, "scene_quicklook.png")
    start = time.perf_counter()
    if args.kind == "village":
        gsd = 0.5 if args.gsd is None else args.gsd
        info = generate_village_scene(image, labels, size=args.size, seed=args.seed, gsd_m=gsd, bands=args.bands,
                                      footprints_path=os.path.join(args.out_dir, "scene_footprints.geojson"))
        classes, rgb = BUILDING_CLASSES, ((1, 2, 3) if args.bands == "rgb" else (1, 1, 1))
    else:
        gsd = 2.0 if args.gsd is None else args.gsd
        info = generate_mine_scene(image, labels, size=args.size, seed=args.seed, gsd_m=gsd)
        classes, rgb = LAND_DAMAGE_CLASSES, (3, 2, 1)
    elapsed = time.perf_counter() - start
    png = write_quicklook(image, png_path, labels, classes=classes, rgb_bands=rgb, max_size=args.max_size)
    total = sum(info["class_pixels"])
    print(f"{image}: {args.size}² px at {gsd} m, seed {args.seed}, {elapsed:.1f} s")
    if args.kind == "village":
        print(f"  {info['layout']}, {info['buildings']} buildings")
    for c, n in zip(classes, info["class_pixels"]):
        print(f"  {c.index} {c.name:<16} {100.0 * n / total:5.1f} %")
    print(png)


if __name__ == "__main__":
    main()
