"""Write a synthetic mining scene, its land-damage labels and a quick look:
``scene.tif`` (4-band uint16 DN: blue, green, red, NIR), ``scene_labels.tif``
(uint8 classes 0–7) and ``scene_quicklook.png`` (image | classes).

    python scripts/make_sample_scene.py --out-dir /tmp/scene --size 2048 --seed 0
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "build", "plugins"))

from minewatch.core.quicklook import write_quicklook  # noqa: E402
from minewatch.core.synthetic_mine import generate_mine_scene  # noqa: E402
from minewatch.models.classes import LAND_DAMAGE_CLASSES  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", required=True, help="output folder (created)")
    parser.add_argument("--size", type=int, default=2048, help="scene size, px (default 2048)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--gsd", type=float, default=2.0, help="pixel size, metres (default 2)")
    parser.add_argument("--max-size", type=int, default=1024, help="quick-look panel size, px")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    image = os.path.join(args.out_dir, "scene.tif")
    labels = os.path.join(args.out_dir, "scene_labels.tif")
    start = time.perf_counter()
    info = generate_mine_scene(image, labels, size=args.size, seed=args.seed, gsd_m=args.gsd)
    elapsed = time.perf_counter() - start
    png = write_quicklook(image, os.path.join(args.out_dir, "scene_quicklook.png"), labels,
                          max_size=args.max_size)
    total = sum(info["class_pixels"])
    print(f"{image}: {args.size}² px at {args.gsd} m, seed {args.seed}, {elapsed:.1f} s")
    for c, n in zip(LAND_DAMAGE_CLASSES, info["class_pixels"]):
        print(f"  {c.index} {c.name:<16} {100.0 * n / total:5.1f} %")
    print(png)


if __name__ == "__main__":
    main()
