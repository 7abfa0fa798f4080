"""torch_predictor: a torch model as the engine's predict callable."""
import sys

import numpy as np
import pytest
from tiled_testlib import MEAN, STD, smooth_image, write_raster

torch = pytest.importorskip("torch")

from minewatch.core.inference.network_run import classify_raster  # noqa: E402
from minewatch.core.inference.settings import Tiling  # noqa: E402
from minewatch.core.inference.torch_predict import torch_predictor  # noqa: E402
from minewatch.core.inference.writers import RasterOutputs  # noqa: E402


def small_net(bands=4, classes=3):
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(bands, 8, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(8, classes, 1))


class DictOutput(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return {"out": self.net(x)}


@pytest.mark.parametrize("channels_last", [True, False])
def test_predictor_returns_probabilities(channels_last):
    net = small_net()
    predict = torch_predictor(net, "cpu", channels_last=channels_last)
    batch = np.random.default_rng(0).normal(size=(2, 4, 16, 16)).astype(np.float32)
    probs = predict(batch)
    assert probs.dtype == np.float32 and probs.shape == (2, 3, 16, 16)
    assert probs.flags.c_contiguous
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    with torch.no_grad():
        expected = torch.softmax(net(torch.from_numpy(batch)), 1).numpy()
    np.testing.assert_allclose(probs, expected, atol=1e-5)
    np.testing.assert_allclose(torch_predictor(DictOutput(net))(batch), expected, atol=1e-5)


def test_engine_never_imports_torch():
    import subprocess

    code = ("import sys; "
            "import minewatch.core.inference.network_run; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=__file__.rsplit("/tests/", 1)[0], check=True).stdout
    assert out.strip() == "False"


def test_classify_with_a_torch_model(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(50, 60))
    result = classify_raster(path, torch_predictor(small_net()), MEAN, STD,
                             RasterOutputs(str(tmp_path / "c.tif")), tiling=Tiling(32, 8))
    assert result.class_counts.sum() == 50 * 60 and result.n_classes == 3
