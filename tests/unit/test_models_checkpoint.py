"""Checkpoint format: round trips exactly, refuses anything else without
executing it (CheckpointError with a useful message)."""
import json
import os
import pickle
import struct
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

from minewatch.models import safetensors_io  # noqa: E402
from minewatch.models.checkpoint import load_checkpoint, read_metadata, save_checkpoint  # noqa: E402
from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES, class_fields  # noqa: E402
from minewatch.models.errors import CheckpointError  # noqa: E402
from minewatch.models.metadata import FORMAT_VERSION, ModelMetadata  # noqa: E402
from minewatch.models.registry import ARCHITECTURES, build_model  # noqa: E402

BANDS = ["blue", "green", "red", "nir"]


def metadata_for(net, classes=LAND_DAMAGE_CLASSES, **extra):
    fields = dict(classes=classes, band_names=BANDS, band_mean=[310.0, 420.5, 380.0, 1500.0],
                  band_std=[90.0, 110.0, 120.0, 400.0], gsd_m=2.0, tile_size=512,
                  training={"epochs": 3, "miou": 0.5, "classes_weighted": True})
    fields.update(extra)
    return ModelMetadata.for_model(net, **fields)


def trained_like(name, classes=8, **kwargs):
    """A model whose BN running statistics are no longer the defaults."""
    torch.manual_seed(1)
    net = build_model(name, 4, classes, **kwargs)
    with torch.no_grad():
        net.train()(torch.randn(2, 4, 64, 64))
    return net.eval()


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    net = trained_like("se_cot_deeplabv3plus")
    path = str(tmp_path_factory.mktemp("ckpt") / "model.safetensors")
    save_checkpoint(path, net, metadata_for(net))
    return path, net


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_round_trip_gives_identical_outputs(tmp_path, name):
    classes = BUILDING_CLASSES if name == "segnet" else LAND_DAMAGE_CLASSES
    net = trained_like(name, len(classes))
    meta = metadata_for(net, classes)
    path = tmp_path / "m.safetensors"
    save_checkpoint(path, net, meta)
    loaded, meta2 = load_checkpoint(path)
    assert not loaded.training and meta2 == meta
    x = torch.randn(1, 4, 64, 80)
    with torch.inference_mode():
        assert torch.equal(net(x), loaded(x))
    for (k, a), (k2, b) in zip(net.state_dict().items(), loaded.state_dict().items()):
        assert k == k2 and a.dtype == b.dtype and torch.equal(a, b)


def test_round_trip_keeps_arch_kwargs(tmp_path):
    net = trained_like("pspnet", 8, output_stride=16, bins=(1, 3))
    save_checkpoint(tmp_path / "p.safetensors", net, metadata_for(net))
    loaded, meta = load_checkpoint(tmp_path / "p.safetensors")
    assert meta.arch_kwargs == {"output_stride": 16, "bins": [1, 3]}
    assert loaded.minewatch_arch == net.minewatch_arch


def test_half_precision_halves_the_file_and_loads_as_float32(tmp_path):
    net = trained_like("se_cot_deeplabv3plus", aspp_channels=128, decoder_channels=128)
    full, half = tmp_path / "full.safetensors", tmp_path / "half.safetensors"
    save_checkpoint(full, net, metadata_for(net))
    save_checkpoint(half, net, metadata_for(net), half_precision=True)
    assert os.path.getsize(half) < 0.55 * os.path.getsize(full)
    loaded, meta = load_checkpoint(half)
    assert meta.arch_kwargs == {"aspp_channels": 128, "decoder_channels": 128}
    assert all(t.dtype == torch.float32 for t in loaded.parameters())
    x = torch.randn(1, 4, 64, 64)
    with torch.inference_mode():
        a, b = net(x).softmax(1), loaded(x).softmax(1)
    assert float((a - b).abs().max()) < 5e-3


def test_metadata_fields(saved):
    meta = read_metadata(saved[0])
    assert meta.format_version == FORMAT_VERSION and meta.architecture == "se_cot_deeplabv3plus"
    assert meta.class_names[7] == "tailings pond" and meta.class_names_zh[1] == "露天采场"
    assert meta.damage_types == ["none", "excavation", "excavation", "none", "occupation", "occupation",
                                 "occupation", "occupation"]
    assert meta.band_names == BANDS and meta.band_std[3] == 400.0 and meta.gsd_m == 2.0
    assert meta.training["epochs"] == 3 and meta.plugin_version and meta.created.endswith("+00:00")
    assert meta.class_table()[6].color == LAND_DAMAGE_CLASSES[6].color


def test_file_is_plain_safetensors(saved):
    with open(saved[0], "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    assert n % 8 == 0
    assert json.loads(header["__metadata__"]["minewatch"])["num_classes"] == 8
    entry = header["backbone.stem.0.weight"]
    assert entry["dtype"] == "F32" and entry["shape"] == [32, 4, 3, 3]


def test_read_metadata_needs_no_torch(saved):
    code = ("import sys; "
            "from minewatch.models.checkpoint import read_metadata; "
            "m = read_metadata(sys.argv[1]); print(m.num_classes, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, saved[0]], capture_output=True, text=True, check=True,
                         cwd=__file__.rsplit("/tests/", 1)[0]).stdout
    assert out.split() == ["8", "False"]


def expect_error(path, *words):
    for reader in (read_metadata, load_checkpoint):
        with pytest.raises(CheckpointError) as info:
            reader(path)
        message = str(info.value)
        assert str(path) in message or "metadata" in message
        for word in words:
            assert word in message, message
    return message


@pytest.mark.parametrize("keep", [0, 5, 8, 200, -1000, -1])
def test_truncated_file(saved, tmp_path, keep):
    data = open(saved[0], "rb").read()
    path = tmp_path / "cut.safetensors"
    path.write_bytes(data[:keep])
    words = ("truncated",) if keep >= 200 or keep < 0 else ("not a MineWatch model file",)
    expect_error(path, *words)


def test_flipped_weight_bytes_and_nan_weights_are_refused(saved, tmp_path):
    """A model file whose framing is intact but whose weights are not the
    ones saved (a flipped byte, random bytes) fails its checksum; weights
    that are NaN (a diverged training) are refused too."""
    data = bytearray(open(saved[0], "rb").read())
    data[-10] ^= 0x5A
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(bytes(data))
    read_metadata(str(damaged))  # the header is intact
    with pytest.raises(CheckpointError, match="checksum"):
        load_checkpoint(str(damaged))
    net = trained_like("unet", base_width=4, depth=2)
    with torch.no_grad():
        next(iter(net.parameters())).fill_(float("nan"))
    path = tmp_path / "nan.safetensors"
    save_checkpoint(str(path), net, metadata_for(net))
    with pytest.raises(CheckpointError, match="not numbers"):
        load_checkpoint(str(path))


def test_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("This is not a model.\nIt is a text file.\n")
    expect_error(path, "not a MineWatch model file")


def test_geotiff(tmp_path):
    path = tmp_path / "image.tif"
    path.write_bytes(b"II*\x00\x08\x00\x00\x00" + bytes(200))
    expect_error(path, "GeoTIFF")


def test_missing_file(tmp_path):
    expect_error(tmp_path / "nope.safetensors", "Cannot open")


class Malicious:
    """Unpickling this creates a marker file: it stands for arbitrary code."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_payload_really_runs_when_unpickled(tmp_path):
    control = tmp_path / "control"
    pickle.loads(pickle.dumps(Malicious(str(control))))
    assert control.exists()


@pytest.mark.parametrize("writer", ["pickle", "torch.save", "torch.save legacy"])
def test_pickle_is_refused_without_running_it(tmp_path, writer):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.pt"
    payload = {"state_dict": {"w": torch.zeros(2)}, "evil": Malicious(str(marker))}
    if writer == "pickle":
        path.write_bytes(pickle.dumps(payload, protocol=4))
    else:
        torch.save(payload, path, _use_new_zipfile_serialization=writer == "torch.save")
    message = expect_error(path, "pickle", "not accepted")
    assert "safety" in message
    assert not marker.exists()


def write_raw(path, tensors, metadata):
    safetensors_io.write_file(str(path), tensors, metadata)


def good_metadata_dict(saved):
    return json.loads(read_metadata(saved[0]).to_json())


@pytest.mark.parametrize("field", ["band_std", "class_names", "architecture", "format_version"])
def test_missing_metadata_field(saved, tmp_path, field):
    meta = good_metadata_dict(saved)
    del meta[field]
    path = tmp_path / "m.safetensors"
    write_raw(path, [], {"minewatch": json.dumps(meta)})
    expect_error(path, "lacks the field", field)


@pytest.mark.parametrize("field,value,words", [
    ("class_names", ["a", "b"], "list of 8"),
    ("class_colors", [[0, 0, 0]] * 7 + [[0, 0, 300]], "0–255"),
    ("damage_types", ["none"] * 7 + ["boom"], "damage types"),
    ("band_std", [1.0, 1.0, 0.0, 1.0], "positive"),
    ("band_mean", [1.0, 2.0], "list of 4"),
    ("gsd_m", -2, "metres"),
    ("num_classes", True, "an integer from 2 to 255"),
    ("architecture", "resnet9000", "not a known architecture"),
    ("format_version", FORMAT_VERSION + 1, "Update the MineWatch plugin"),
])
def test_invalid_metadata_field(saved, tmp_path, field, value, words):
    meta = good_metadata_dict(saved)
    meta[field] = value
    path = tmp_path / "m.safetensors"
    write_raw(path, [], {"minewatch": json.dumps(meta)})
    expect_error(path, words)


def test_metadata_not_json_and_not_minewatch(tmp_path):
    path = tmp_path / "a.safetensors"
    write_raw(path, [], {"minewatch": "{not json"})
    expect_error(path, "not valid JSON")
    write_raw(path, [("w", "F32", [2], bytes(8))], {"format": "pt"})
    expect_error(path, "not a MineWatch model")


def test_weights_that_do_not_match_the_architecture(saved, tmp_path):
    meta = good_metadata_dict(saved)
    meta["num_classes"] = 2
    meta.update(class_fields(BUILDING_CLASSES))
    path = tmp_path / "m.safetensors"
    write_raw(path, [("classifier.weight", "F32", [8, 256, 1, 1], bytes(8 * 256 * 4))],
              {"minewatch": json.dumps(meta)})
    with pytest.raises(CheckpointError, match="does not match the architecture"):
        load_checkpoint(path)


def test_damaged_header(saved, tmp_path):
    data = bytearray(open(saved[0], "rb").read())
    n = struct.unpack("<Q", data[:8])[0]
    data[8 + n // 2] = ord("\x01")
    path = tmp_path / "bad.safetensors"
    path.write_bytes(bytes(data))
    expect_error(path, "damaged header")
    path.write_bytes(open(saved[0], "rb").read() + b"junk")
    expect_error(path, "unexpected bytes")


def test_save_refuses_metadata_that_does_not_describe_the_model(tmp_path):
    net = build_model("unet", 4, 8)
    meta = metadata_for(net, arch_kwargs={"base_width": 16})
    with pytest.raises(ValueError, match="metadata describes"):
        save_checkpoint(tmp_path / "m.safetensors", net, meta)
    # a model made without the registry is checked against a rebuilt one
    from minewatch.models.unet import UNet

    with pytest.raises(ValueError, match="does not match its metadata"):
        save_checkpoint(tmp_path / "m.safetensors", UNet(4, 8, base_width=8), metadata_for(net))
    assert not os.listdir(tmp_path)


def test_channels_last_model_round_trips(tmp_path):
    net = trained_like("deeplabv3plus").to(memory_format=torch.channels_last)
    save_checkpoint(tmp_path / "m.safetensors", net, metadata_for(net))
    loaded, _ = load_checkpoint(tmp_path / "m.safetensors")
    x = torch.randn(1, 4, 64, 64)
    with torch.inference_mode():
        torch.testing.assert_close(net(x), loaded(x))


def test_interrupted_save_leaves_the_old_file(saved, tmp_path, monkeypatch):
    path = tmp_path / "m.safetensors"
    old = open(saved[0], "rb").read()
    path.write_bytes(old)
    net = build_model("fcn", 4, 8)

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(safetensors_io.os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, net, metadata_for(net))
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["m.safetensors"]


def test_checkpoint_error_is_a_value_error():
    assert issubclass(CheckpointError, ValueError)


def test_class_tables():
    assert [c.name for c in LAND_DAMAGE_CLASSES] == ["background", "open pit", "water", "vegetation",
                                                     "living area", "industrial site", "waste dump",
                                                     "tailings pond"]
    assert [c.name_zh for c in LAND_DAMAGE_CLASSES][4:] == ["生活区", "工业广场", "堆放场", "尾矿库"]
    assert [c.name for c in BUILDING_CLASSES] == ["other", "building"]
    colors = [c.color for c in LAND_DAMAGE_CLASSES]
    assert len(set(colors)) == 8 and all(len(c) == 3 and all(0 <= v <= 255 for v in c) for c in colors)


@pytest.mark.parametrize("field,value,message", [
    ("tile_size", 100_000, "from 16 to 8192"),
    ("arch_kwargs", {"base_width": -4}, "outside 0"),
    ("arch_kwargs", {"base_width": 10**9}, "outside 0"),
    ("arch_kwargs", {"bins": list(range(500))}, "at most 64"),
    ("num_classes", 100_000, "from 2 to 255"),
])
def test_absurd_metadata_is_refused_with_limits(field, value, message):
    data = metadata_for(build_model("unet", 4, 8)).to_dict()
    data[field] = value
    with pytest.raises(CheckpointError, match=message) as err:
        ModelMetadata.from_dict(data)
    assert field in str(err.value)


def test_absurd_architecture_options_are_refused_before_building():
    with pytest.raises(ValueError, match="out of bounds"):
        build_model("unet", 4, 8, base_width=-8)


def test_temporary_files_of_killed_saves_are_cleaned(saved, tmp_path):
    path = tmp_path / "m.safetensors"
    stale = tmp_path / ".m.safetensors.0123456789ab.tmp"
    stale.write_bytes(b"half a model")
    model, meta = load_checkpoint(saved[0])
    save_checkpoint(str(path), model, meta)
    assert not stale.exists() and path.exists()
