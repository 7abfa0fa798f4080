"""Benchmark of the segmentation networks on this CPU.

For each architecture: parameters (M), multiply-accumulates per tile
(GMAC, counted with forward hooks on Conv2d / ConvTranspose2d / Linear;
pooling, norms, activations, interpolation and CoT's unfold aggregation
are not counted), and the eager forward time per tile under
``torch.inference_mode()`` with ``channels_last`` at batch 1 and 2,
``--threads`` threads (2 by default, this machine's cores). Throughput in
megapixels per second (MP/s) is reported for every model; the issue's
target is ≥ 0.4 MP/s at 512² tiles for the default model
(se_cot_deeplabv3plus, MobileNetV2).

Example: python bench/bench_models.py --size 512 --threads 2
"""
import argparse
import json
import statistics
import time

import _common  # noqa: F401  (puts the repository root on sys.path)

TARGET_MPS = 0.4
DEFAULT = ("se_cot_deeplabv3plus", {})
CONFIGS = [
    ("se_cot_deeplabv3plus", {}), ("se_deeplabv3plus", {}), ("cot_deeplabv3plus", {}),
    ("deeplabv3plus", {}), ("deeplabv3plus", {"backbone": "resnet50"}),
    ("se_cot_deeplabv3plus", {"backbone": "resnet50"}),
    ("fcn", {}), ("unet", {}), ("pspnet", {}), ("segnet", {}), ("segnet", {"depth": "vgg16"}),
]


def label(name, kwargs):
    return name + ("[" + ",".join("%s=%s" % kv for kv in kwargs.items()) + "]" if kwargs else "")


def count_macs(model, x):
    """Multiply-accumulates of one forward pass per batch item."""
    import torch
    from torch import nn

    total = [0]

    def conv(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def deconv(m, inp, out):
        total[0] += inp[0].numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, inp, out):
        total[0] += out.numel() * m.in_features

    hooks = []
    for m in model.modules():
        hook = {nn.Conv2d: conv, nn.ConvTranspose2d: deconv, nn.Linear: linear}.get(type(m))
        if hook:
            hooks.append(m.register_forward_hook(hook))
    with torch.inference_mode():
        model(x)
    for h in hooks:
        h.remove()
    return total[0] / x.shape[0]


def time_forward(model, x, warmup, repeats):
    """Median seconds of one forward pass on ``x``."""
    import torch

    with torch.inference_mode():
        for _ in range(warmup):
            model(x)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_one(name, kwargs, args):
    import torch

    from minewatch.models.registry import build_model

    torch.manual_seed(0)
    classes = 2 if name == "segnet" else 8
    model = build_model(name, args.bands, classes, **kwargs).eval().to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in model.parameters()) / 1e6
    x1 = torch.randn(1, args.bands, args.size, args.size).contiguous(memory_format=torch.channels_last)
    gmac = count_macs(model, x1) / 1e9
    per_tile = {}
    for batch in args.batches:
        x = torch.randn(batch, args.bands, args.size, args.size).contiguous(memory_format=torch.channels_last)
        per_tile[batch] = time_forward(model, x, args.warmup, args.repeats) / batch
    best = min(per_tile.values())
    return {"arch": label(name, kwargs), "params_m": params, "gmac_per_tile": gmac,
            "s_per_tile": per_tile, "mp_per_s": args.size * args.size / best / 1e6}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=512, help="tile size in pixels (default 512)")
    parser.add_argument("--bands", type=int, default=4, help="input bands (default 4: B, G, R, NIR)")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default 2)")
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 2], help="batch sizes (default 1 2)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed passes per batch size")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per batch size (median)")
    parser.add_argument("--only", nargs="+", help="architecture names to run (default: all configs)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    configs = [c for c in CONFIGS if not args.only or c[0] in args.only]
    print("torch %s, %d threads, %d×%d tiles, %d bands, channels_last, inference_mode"
          % (torch.__version__, torch.get_num_threads(), args.size, args.size, args.bands))
    head = "%-44s %8s %8s" % ("architecture", "params M", "GMAC")
    head += "".join(" %9s" % ("s/tile b%d" % b) for b in args.batches) + " %7s" % "MP/s"
    print(head)
    print("-" * len(head))
    results = []
    for name, kwargs in configs:
        r = bench_one(name, kwargs, args)
        results.append(r)
        row = "%-44s %8.2f %8.1f" % (r["arch"], r["params_m"], r["gmac_per_tile"])
        row += "".join(" %9.3f" % r["s_per_tile"][b] for b in args.batches) + " %7.2f" % r["mp_per_s"]
        print(row, flush=True)
    default = next((r for r in results if r["arch"] == label(*DEFAULT)), None)
    if default:
        mps = default["mp_per_s"]
        verdict = "meets" if mps >= TARGET_MPS else "MISSES (by %.0f %%)" % (100 * (1 - mps / TARGET_MPS))
        print("\ndefault %s: %.2f MP/s at %d² (best batch) — %s the %.1f MP/s target"
              % (default["arch"], mps, args.size, verdict, TARGET_MPS))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"size": args.size, "threads": args.threads, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
