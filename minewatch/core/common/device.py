"""Choosing the torch device for inference from the user's setting.

``auto`` takes the first CUDA GPU when torch sees one, else the CPU;
``cuda`` insists on a GPU (a clear error when torch has none, e.g. a
CPU-only torch build); ``cpu`` always works.
"""
from typing import Tuple

from .errors import MineWatchInputError, translatable

DEVICE_CHOICES = ("auto", "cpu", "cuda")
# arithmetic of a network's forward (and backward) pass: "auto" takes
# bfloat16 autocast on a CPU with bf16 units (AVX512-BF16, AMX), where it is
# faster (bench/bench_bf16.py), and float32 everywhere else
PRECISION_CHOICES = ("auto", "fp32", "bf16")


def resolve_device(choice="auto"):
    """``(device, description)``: the torch device string to use and a line
    for the log naming it (GPU model, or CPU threads)."""
    import torch

    choice = (choice or "auto").lower()
    if choice not in DEVICE_CHOICES:
        raise MineWatchInputError(translatable(
            "Unknown device '{device}'; use auto, cpu or cuda."), device=choice)
    has_cuda = torch.cuda.is_available()
    if choice == "cuda" and not has_cuda:
        raise MineWatchInputError(translatable(
            "The device 'cuda' was asked for, but torch {version} sees no CUDA GPU "
            "(a CPU-only torch build, or no usable NVIDIA driver). Choose 'auto' or "
            "'cpu', or install a CUDA build of torch."), version=torch.__version__)
    if choice == "cuda" or (choice == "auto" and has_cuda):
        return "cuda", f"cuda ({torch.cuda.get_device_name(0)})"
    return "cpu", f"cpu ({torch.get_num_threads()} threads)"


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bfloat16 in hardware (AVX512-BF16 or AMX);
    emulated bf16 is slower than float32."""
    import torch

    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    cpu = getattr(torch._C, "_cpu", None)
    for name in probes:
        probe = getattr(cpu, name, None)
        try:
            if probe is not None and probe():
                return True
        except RuntimeError:
            pass
    try:
        with open("/proc/cpuinfo") as info:
            flags = next((line for line in info if line.startswith("flags")), "").split()
        return "avx512_bf16" in flags or "amx_bf16" in flags
    except OSError:
        return False


def resolve_precision(choice: str = "auto", device: str = "cpu") -> str:
    """``"bf16"`` or ``"fp32"``: the arithmetic for ``device`` (see
    :data:`PRECISION_CHOICES`); "bf16" asked for where the hardware lacks it
    falls back to fp32 (emulated bf16 would only be slower)."""
    choice = (choice or "auto").lower()
    if choice not in PRECISION_CHOICES:
        raise MineWatchInputError(translatable(
            "Unknown arithmetic '{precision}'; use auto, fp32 or bf16."), precision=choice)
    if choice == "fp32":
        return "fp32"
    if str(device).startswith("cuda"):
        import torch

        return "bf16" if choice == "bf16" and torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if cpu_has_bf16() else "fp32"


def resolve_compute(device_choice: str = "auto", precision_choice: str = "auto") -> Tuple[str, str, str]:
    """``(device, precision, description)``: :func:`resolve_device` and
    :func:`resolve_precision` together, the log's line naming both."""
    device, text = resolve_device(device_choice)
    precision = resolve_precision(precision_choice, device)
    return device, precision, text + (", bfloat16" if precision == "bf16" else "")


def autocast(precision, device="cpu"):
    """The torch autocast context of ``precision`` on ``device`` (a no-op
    for fp32)."""
    import torch

    return torch.autocast("cuda" if str(device).startswith("cuda") else "cpu",
                          dtype=torch.bfloat16, enabled=precision == "bf16")
