"""Choosing the torch device for inference from the user's setting.

``auto`` takes the first CUDA GPU when torch sees one, else the CPU;
``cuda`` insists on a GPU (a clear error when torch has none, e.g. a
CPU-only torch build); ``cpu`` always works.
"""
from .errors import MineWatchInputError, translatable

DEVICE_CHOICES = ("auto", "cpu", "cuda")


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
