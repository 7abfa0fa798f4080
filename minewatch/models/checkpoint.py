"""MineWatch model files: tensors plus JSON metadata in a safetensors
container, never pickle.

``save_checkpoint(path, model, metadata)`` writes atomically;
``load_checkpoint(path)`` rebuilds the architecture named in the metadata
and loads the weights (eval mode); ``read_metadata(path)`` reads only the
metadata. Metadata is a :class:`~.metadata.ModelMetadata`, stored as one
JSON string under ``__metadata__["minewatch"]``. Any unusable file —
truncated, damaged, not a checkpoint, a pickle (``torch.save`` output) —
raises :class:`~.errors.CheckpointError`; nothing in it is executed.

torch is imported inside the functions that need it, so
``read_metadata`` works where torch is not installed.
"""
import sys
from typing import Any, Tuple

from ..core.common.errors import translatable
from .errors import CheckpointError
from .metadata import FORMAT_NAME, ModelMetadata
from .registry import build_model
from .safetensors_io import read_header, tensors_digest, write_file

METADATA_KEY = "minewatch"
# SHA-256 of the tensors (names, dtypes, shapes, bytes), written by
# save_checkpoint and checked on load; files saved before it have none
DIGEST_KEY = "minewatch_tensors_sha256"

_TO_TORCH = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
             "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool"}


def _check_byteorder():
    # the format is little-endian and tensors are written/read as raw memory
    if sys.byteorder != "little":
        raise CheckpointError(translatable("MineWatch model files can only be used on little-endian computers."))


def _open(path):
    try:
        return open(path, "rb")
    except OSError as exc:
        raise CheckpointError(translatable("Cannot open the model file {path}: {error}. Check the path."),
                              path=str(path), error=exc.strerror or str(exc)) from None


def _read(path, with_header=False):
    """(open file, tensor table, data start, metadata) of a checked file;
    ``with_header`` adds the header's metadata dict."""
    f = _open(path)
    try:
        tensors, header_meta, data_start = read_header(f, str(path))
        if METADATA_KEY not in header_meta:
            raise CheckpointError(translatable("The file {path} is a safetensors file but not a MineWatch model: it has "
                                  "no MineWatch metadata (class names, bands, normalisation). Save the "
                                  "model with MineWatch's save_checkpoint."), path=str(path))
        try:
            metadata = ModelMetadata.from_json(header_meta[METADATA_KEY])
        except CheckpointError as exc:
            raise CheckpointError("The model file {path} has unusable metadata. " + exc.template,
                                  path=str(path), **exc.values) from None
    except BaseException:
        f.close()
        raise
    if with_header:
        return f, tensors, data_start, metadata, header_meta
    return f, tensors, data_start, metadata


def read_metadata(path: str) -> ModelMetadata:
    """The validated :class:`ModelMetadata` of a model file (reads the header only)."""
    f, _, _, metadata = _read(path)
    f.close()
    return metadata


def save_checkpoint(path: str, model: Any, metadata: ModelMetadata, half_precision: bool = False) -> None:
    """Write ``model``'s state dict and ``metadata`` to ``path`` (conventionally
    ``*.safetensors``), replacing any file there only once fully written.

    The metadata must describe the model: rebuilding its architecture from
    the metadata must give the same tensor names and shapes.
    ``half_precision``: store float32 weight tensors of 2 or more dimensions
    (convolution kernels) as float16, halving the file for shipping;
    biases and normalisation statistics stay float32. Loading converts back
    to float32."""
    import torch

    _check_byteorder()
    if not isinstance(metadata, ModelMetadata):
        raise TypeError("metadata must be a ModelMetadata, got %s" % type(metadata).__name__)
    metadata.validate()
    arch = getattr(model, "minewatch_arch", None)
    described = {"architecture": metadata.architecture, "arch_kwargs": metadata.arch_kwargs,
                 "in_channels": metadata.in_channels, "num_classes": metadata.num_classes}
    if arch is not None and arch != described:
        raise ValueError("the metadata describes %s but the model was built as %s; "
                         "use ModelMetadata.for_model(model, ...)" % (described, arch))
    state = model.state_dict()
    # shapes only: building on the meta device allocates nothing
    with torch.device("meta"):
        reference = build_model(metadata.architecture, metadata.in_channels, metadata.num_classes,
                                **metadata.arch_kwargs).state_dict()
    _compare(state, {k: (list(v.shape)) for k, v in reference.items()}, "metadata", path)
    entries = []
    for name, tensor in state.items():
        tensor = tensor.detach().to("cpu").contiguous()
        if half_precision and tensor.dtype == torch.float32 and tensor.dim() >= 2:
            tensor = tensor.half()
        dtype = next((k for k, v in _TO_TORCH.items() if getattr(torch, v) == tensor.dtype), None)
        if dtype is None:
            raise ValueError("tensor %r has dtype %s, which the format cannot store" % (name, tensor.dtype))
        data = tensor.reshape(-1).view(torch.uint8).numpy() if tensor.numel() else b""
        entries.append((name, dtype, list(tensor.shape), data))
    write_file(str(path), entries, {"format": "pt", "minewatch_format": FORMAT_NAME,
                                    METADATA_KEY: metadata.to_json(),
                                    DIGEST_KEY: tensors_digest(entries)})


def _compare(state, expected_shapes, source, path):
    """Raise when ``state`` does not have exactly the expected names and shapes."""
    missing = sorted(set(expected_shapes) - set(state))
    unexpected = sorted(set(state) - set(expected_shapes))
    wrong = sorted(k for k in set(state) & set(expected_shapes) if list(state[k].shape) != expected_shapes[k])
    if missing or unexpected or wrong:
        detail = "; ".join(part for part in (
            "missing " + ", ".join(missing[:5]) if missing else "",
            "unexpected " + ", ".join(unexpected[:5]) if unexpected else "",
            "other shape " + ", ".join(wrong[:5]) if wrong else "") if part)
        if source == "metadata":
            raise ValueError("the model does not match its metadata (architecture, arch_kwargs, "
                             "in_channels, num_classes): %s" % detail)
        raise CheckpointError(translatable("The model file {path} does not match the architecture its metadata names "
                              "({detail}). The file is damaged or was edited; save the model again."),
                              path=str(path), detail=detail)


def load_checkpoint(path: str, device: str = "cpu") -> Tuple[Any, ModelMetadata]:
    """(model in eval mode on ``device``, metadata) from a MineWatch model file."""
    import torch

    _check_byteorder()
    f, tensors, data_start, metadata, header = _read(path, with_header=True)
    items = []
    with f:
        try:
            model = build_model(metadata.architecture, metadata.in_channels, metadata.num_classes,
                                **metadata.arch_kwargs)
        except (TypeError, ValueError) as exc:
            raise CheckpointError(translatable("The model file {path} names architecture options this MineWatch cannot "
                                  "build ({error}). It may need a newer MineWatch."),
                                  path=str(path), error=str(exc)) from None
        expected = {k: list(v.shape) for k, v in model.state_dict().items()}

        class _Shape:  # what _compare needs from a tensor, before reading any bytes
            def __init__(self, shape):
                self.shape = shape

        _compare({k: _Shape(v[1]) for k, v in tensors.items()}, expected, "file", path)
        state = {}
        for name, (dtype, shape, begin, end) in tensors.items():
            buf = bytearray(end - begin)
            f.seek(data_start + begin)
            if f.readinto(buf) != len(buf):
                raise CheckpointError(translatable("The model file {path} is truncated; copy it again."), path=str(path))
            items.append((name, dtype, shape, buf))
            torch_dtype = getattr(torch, _TO_TORCH[dtype])
            if buf:
                state[name] = torch.frombuffer(buf, dtype=torch_dtype).reshape(shape)
            else:
                state[name] = torch.empty(shape, dtype=torch_dtype)
    recorded = header.get(DIGEST_KEY)
    if recorded is not None and tensors_digest(items) != recorded:
        raise CheckpointError(translatable("The model file {path} is damaged: its weights do not match the "
                              "checksum saved with them. Copy it again, or train it again."),
                              path=str(path))
    broken = [name for name, tensor in state.items()
              if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all())]
    if broken:
        raise CheckpointError(translatable("The model file {path} holds weights that are not numbers (NaN or "
                              "infinite, e.g. {names}): training diverged or the file is damaged. "
                              "Train the model again."), path=str(path), names=", ".join(broken[:3]))
    model.load_state_dict(state, strict=True)
    return model.to(device).eval(), metadata
