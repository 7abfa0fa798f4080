"""Wrap a torch segmentation model as a ``predict`` callable for
:mod:`.engine` (numpy float32 N × B × T × T in, class
probabilities N × K × T × T out). Kept apart so the engine never imports
torch.
"""
from typing import Any, Callable


def torch_predictor(model: Any, device: Any = "cpu", channels_last: bool = True, softmax: bool = True,
                    precision: str = "fp32") -> Callable[[Any], Any]:
    """Return ``predict(batch) -> probs`` running ``model`` in eval mode
    under ``torch.inference_mode`` on ``device``. The model returns logits
    N × K × T × T (or a dict with ``"out"``, as torchvision's models do);
    ``softmax`` False when it already returns probabilities.
    ``channels_last`` memory format is faster for convolutions on CPU.
    ``precision`` "bf16" runs the network under bfloat16 autocast (see
    :func:`..common.device.resolve_precision`); the softmax is float32."""
    import torch

    from ..common.device import autocast

    device = torch.device(device)
    model = model.to(device).eval()
    memory_format = torch.channels_last if channels_last else torch.contiguous_format
    if channels_last:
        model = model.to(memory_format=memory_format)

    def predict(batch):
        with torch.inference_mode():
            x = torch.from_numpy(batch).to(device).contiguous(memory_format=memory_format)
            with autocast(precision, device):
                out = model(x)
            if isinstance(out, dict):
                out = out["out"]
            if softmax:
                out = torch.softmax(out.float(), dim=1)
            # the engine blends plane by plane: hand back N × K × T × T C-order
            return out.float().contiguous().cpu().numpy()

    return predict
