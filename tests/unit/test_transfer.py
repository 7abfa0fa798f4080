"""Fine-tuning across bands and classes (core/training/transfer.py): shared
weights are kept, the first layer is matched band by band by name, the
class head is new but for classes both tables name."""
import pytest

torch = pytest.importorskip("torch")

from minewatch.core.training.transfer import band_sources, transfer_state  # noqa: E402
from minewatch.models.registry import build_model  # noqa: E402

OLD_BANDS = ["blue", "green", "red", "nir"]
OLD_CLASSES = ["background", "open pit", "water", "vegetation", "living area",
               "industrial site", "waste dump", "tailings pond"]


def models(new_bands, new_classes, arch="deeplabv3plus", **kw):
    torch.manual_seed(0)
    old = build_model(arch, len(OLD_BANDS), len(OLD_CLASSES), **kw)
    torch.manual_seed(1)
    new = build_model(arch, len(new_bands), len(new_classes), **kw)
    return old, new


def first_layer(state, n_bands):
    return next(k for k, v in state.items() if v.dim() == 4 and v.shape[1] == n_bands)


def test_a_4_band_model_initialises_an_rgb_model_with_other_classes():
    new_bands, new_classes = ["Red", "G", "b"], ["other", "building", "water"]
    old, new = models(new_bands, new_classes)
    state, report = transfer_state(old.state_dict(), new.state_dict(), OLD_BANDS, new_bands,
                                   OLD_CLASSES, new_classes)
    new.load_state_dict(state)
    old_state, new_state = old.state_dict(), new.state_dict()
    key = first_layer(new_state, 3)
    # bands by name, whatever their order and spelling
    for j, i in enumerate([2, 1, 0]):
        torch.testing.assert_close(new_state[key][:, j], old_state[key][:, i])
    assert report.bands == {"Red": "red", "G": "green", "b": "blue"}
    # every other tensor that fits is the old one
    same = [k for k in new_state if k in old_state and old_state[k].shape == new_state[k].shape]
    assert len(same) == report.copied > 100
    for k in same:
        torch.testing.assert_close(new_state[k], old_state[k])
    # the class head is new, except the row of the class both name (water)
    assert report.heads >= 1 and report.classes_kept == ["water"]
    head = next(k for k, v in new_state.items() if v.dim() and v.shape[0] == 3 and k.endswith("weight")
                and old_state[k].shape[0] == 8)
    torch.testing.assert_close(new_state[head][2], old_state[head][2])
    assert not torch.equal(new_state[head][0], old_state[head][0])


def test_a_panchromatic_band_takes_the_sum_of_the_visible_bands():
    old, new = models(["pan"], OLD_CLASSES, arch="unet", base_width=8, depth=2)
    state, report = transfer_state(old.state_dict(), new.state_dict(), OLD_BANDS, ["pan"],
                                   OLD_CLASSES, OLD_CLASSES)
    key = first_layer(state, 1)
    torch.testing.assert_close(state[key][:, 0], old.state_dict()[key][:, :3].sum(dim=1))
    assert report.bands == {"pan": "sum of visible"} and report.heads == 0


def test_band_sources():
    assert band_sources(OLD_BANDS, ["NIR", "red", "swir"]) == [3, 2, "mean"]


def test_training_starts_from_a_model_with_other_bands_and_classes(tmp_path):
    from sample_folder_lib import make_sample_folder

    from minewatch.core.training.samples import SampleSet
    from minewatch.core.training.trainer import TrainingConfig, build_training_model
    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import BUILDING_CLASSES
    from minewatch.models.metadata import ModelMetadata

    folder = make_sample_folder(tmp_path / "samples", n_train=4, n_val=2, n_test=2, patch=16)
    samples = SampleSet(folder)
    torch.manual_seed(3)
    init = build_model("unet", 3, 2, base_width=8, depth=2)
    path = str(tmp_path / "init.safetensors")
    save_checkpoint(path, init, ModelMetadata.for_model(
        init, BUILDING_CLASSES, band_names=["red", "green", "blue"], band_mean=[0.0] * 3,
        band_std=[1.0] * 3, gsd_m=1.0, tile_size=64))

    lines = []

    class Log:
        def pushInfo(self, text):  # noqa: N802
            lines.append(text)

    config = TrainingConfig(architecture="unet", init_model=path, device="cpu")
    model, arch, kwargs = build_training_model(config, samples, Log())
    assert arch == "unet" and kwargs == {"base_width": 8, "depth": 2}
    key = first_layer(model.state_dict(), samples.in_channels)
    names = [n.lower() for n in samples.band_names]
    for band, column in (("red", 0), ("green", 1), ("blue", 2)):
        if band in names:
            torch.testing.assert_close(model.state_dict()[key][:, names.index(band)],
                                       init.state_dict()[key][:, column])
    assert any("for other bands or classes" in line for line in lines)
