"""Reading and writing the safetensors container, without torch or pickle.

Layout (https://huggingface.co/docs/safetensors): 8-byte little-endian
header length n, n bytes of JSON header {tensor name: {"dtype", "shape",
"data_offsets": [begin, end]}, "__metadata__": {str: str}} padded with
spaces to a multiple of 8, then the raw little-endian tensor bytes, the
offsets relative to the end of the header and covering it without gaps.
Nothing in a file is ever executed: it is parsed as JSON and raw bytes.
"""
import json
import os
import struct
from typing import Any, Dict, Iterable, Sequence, Tuple

from ..core.common.errors import translatable
from ..core.common.outputs import hidden_temp_path, remove_files, remove_stale_temps
from .errors import CheckpointError

DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
               "U8": 1, "BOOL": 1}
MAX_HEADER = 100 * 1024 * 1024  # the reference implementation's limit too

_SAVE_AGAIN = " Save the model again with MineWatch (save_checkpoint)."
_PICKLE = ("The model file {path} is a pickled PyTorch checkpoint ({kind}). Pickled checkpoints are not "
           "accepted, for safety: opening one can run any code it contains. Export the model as a "
           "MineWatch checkpoint (.safetensors with metadata) with minewatch.models.checkpoint."
           "save_checkpoint from a trusted environment.")


def _sniff(head):
    """A description of a known non-checkpoint file type from its first bytes, or None."""
    if head.startswith(b"PK\x03\x04"):
        return "pickle", "a zip archive, as torch.save writes"
    if len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5:
        return "pickle", "a Python pickle stream"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "other", "a TIFF/GeoTIFF image"
    if head.startswith(b"\x89HDF"):
        return "other", "an HDF5 file (e.g. a Keras model)"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return "other", "a PNG/JPEG image"
    return None


def _not_checkpoint(path, what):
    return CheckpointError(translatable("The file {path} is not a MineWatch model file: it is {what}. Choose a "
                           "model file (.safetensors) written by MineWatch."), path=path, what=what)


def read_header(f, path):
    """Parse and check the header of the open binary file ``f``.

    Returns (tensors {name: (dtype, shape, begin, end)}, metadata {str: str},
    data_start). Raises CheckpointError for anything that is not a complete,
    consistent safetensors file."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    head = f.read(16)
    n = struct.unpack("<Q", head[:8])[0] if len(head) >= 8 else None
    # a real header starts with "{" and fits; test that before sniffing, since a
    # header length can begin with the same bytes as a pickle
    plausible = n is not None and 2 <= n <= MAX_HEADER and head[8:9] == b"{"
    if not plausible:
        kind = _sniff(head)
        if kind and kind[0] == "pickle":
            raise CheckpointError(_PICKLE, path=path, kind=kind[1])
        if kind:
            raise _not_checkpoint(path, kind[1])
        if size == 0:
            raise _not_checkpoint(path, "empty")
        raise _not_checkpoint(path, "not in the safetensors format (text or another binary format)")
    if 8 + n > size:
        raise CheckpointError(translatable("The model file {path} is truncated: its header needs {need} bytes but the "
                              "file has {size}. It was cut off while copying or saving: copy it again, or save "
                              "the model again with MineWatch (save_checkpoint)."), path=path, need=8 + n, size=size)
    f.seek(8)
    raw = f.read(n)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CheckpointError("The model file {path} has a damaged header (not valid JSON)." + _SAVE_AGAIN,
                              path=path) from None
    if not isinstance(header, dict):
        raise CheckpointError("The model file {path} has a damaged header (not a JSON object)."
                              + _SAVE_AGAIN, path=path)
    metadata = header.pop("__metadata__", {}) or {}
    if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                 for k, v in metadata.items()):
        raise CheckpointError("The model file {path} has a damaged header (__metadata__ must map text "
                              "to text)." + _SAVE_AGAIN, path=path)
    data_len = size - 8 - n
    tensors = {}
    for name, entry in header.items():
        tensors[name] = _check_entry(path, name, entry, data_len)
    spans = sorted((b, e) for _, _, b, e in tensors.values())
    end = 0
    for b, e in spans:
        if b != end:
            raise CheckpointError("The model file {path} is damaged: tensor data overlap or leave gaps."
                                  + _SAVE_AGAIN, path=path)
        end = e
    if end < data_len:
        raise CheckpointError("The model file {path} is damaged: {extra} unexpected bytes after the "
                              "tensor data." + _SAVE_AGAIN, path=path, extra=data_len - end)
    return tensors, metadata, 8 + n


def _check_entry(path, name, entry, data_len):
    def bad(problem):
        return CheckpointError("The model file {path} is damaged: tensor '{name}' " + problem + "."
                               + _SAVE_AGAIN, path=path, name=name)

    if not isinstance(entry, dict):
        raise bad("has no description")
    dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
    if dtype not in DTYPE_SIZES:
        raise bad("has an unsupported dtype")
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0
                                              for d in shape):
        raise bad("has an invalid shape")
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
            or not 0 <= offsets[0] <= offsets[1]):
        raise bad("has invalid data offsets")
    numel = 1
    for d in shape:
        numel *= d
    if offsets[1] - offsets[0] != numel * DTYPE_SIZES[dtype]:
        raise bad("has a byte size that does not match its shape")
    if offsets[1] > data_len:
        raise CheckpointError(translatable("The model file {path} is truncated: tensor '{name}' ends at byte {end} of "
                              "the data but the file holds only {have}. It was cut off while copying or "
                              "saving: copy it again, or save the model again with MineWatch "
                              "(save_checkpoint)."),
                              path=path, name=name, end=offsets[1], have=data_len)
    return dtype, list(shape), offsets[0], offsets[1]


def tensors_digest(items):
    """SHA-256 over (name, dtype, shape, bytes) of tensors, in name order:
    what a model file records and its reader checks."""
    import hashlib

    digest = hashlib.sha256()
    for name, dtype, shape, data in sorted(items, key=lambda item: item[0]):
        digest.update(f"{name}|{dtype}|{list(shape)}|".encode())
        digest.update(bytes(data))
    return digest.hexdigest()


def write_file(path: str, tensors: Iterable[Tuple[str, str, Sequence[int], Any]],
               metadata: Dict[str, str]) -> None:
    """Write ``tensors`` (iterable of (name, dtype, shape, bytes-like)) and
    ``metadata`` ({str: str}) atomically: a temporary file in the same
    folder, flushed to disk, then renamed over ``path``, so an interrupted
    save leaves either the old file or none, never a partial one."""
    tensors = list(tensors)
    header: Dict[str, Any] = {}
    offset = 0
    for name, dtype, shape, data in tensors:
        nbytes = memoryview(data).nbytes
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    header["__metadata__"] = dict(metadata)
    raw = json.dumps(header, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # keep the data 8-byte aligned
    tmp = hidden_temp_path(path, "tmp")
    # os.open with 0o666 honours the umask, unlike mkstemp's private 0o600
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(raw)))
            f.write(raw)
            for _, _, _, data in tensors:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        remove_stale_temps(path, "tmp")
    except BaseException:
        remove_files([tmp])
        raise
