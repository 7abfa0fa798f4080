"""Registry and networks: every architecture builds, runs and keeps the input size."""
import json
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

from minewatch.models.registry import (  # noqa: E402
    ARCHITECTURES,
    DEFAULT_ARCHITECTURE,
    build_model,
    list_architectures,
)

NAMES = list(ARCHITECTURES)
_CACHE = {}


def model(name, in_channels=4, num_classes=8, **kwargs):
    """Eval-mode model, built once per test session (building is the slow part)."""
    key = (name, in_channels, num_classes, json.dumps(kwargs, sort_keys=True))
    if key not in _CACHE:
        torch.manual_seed(0)
        _CACHE[key] = build_model(name, in_channels, num_classes, **kwargs).eval()
    return _CACHE[key]


def run(net, n, c, h, w):
    with torch.inference_mode():
        return net(torch.randn(n, c, h, w))


def test_list_architectures_names_and_descriptions():
    archs = list_architectures()
    # new architectures are appended: the algorithms' ARCHITECTURE enum indexes this order
    assert list(archs) == ["se_cot_deeplabv3plus", "se_deeplabv3plus", "cot_deeplabv3plus", "deeplabv3plus",
                           "fcn", "unet", "pspnet", "segnet", "se_cot_deeplabv3plus_lite0",
                           "deeplabv3plus_lite0", "unet_lite0"]
    # the paper's network is listed first; training defaults to it on the
    # ImageNet-pretrained encoder (issue 26)
    assert DEFAULT_ARCHITECTURE == "se_cot_deeplabv3plus_lite0"
    assert all(isinstance(d, str) and len(d) > 20 for d in archs.values())


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_forward_256_and_odd_size(name):
    classes = 2 if name == "segnet" else 8
    net = model(name, 4, classes)
    assert run(net, 2, 4, 256, 256).shape == (2, classes, 256, 256)
    out = run(net, 1, 4, 250, 300)
    assert out.shape == (1, classes, 250, 300)
    assert torch.isfinite(out).all()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_forward_512(name):
    classes = 2 if name == "segnet" else 8
    out = run(model(name, 4, classes), 1, 4, 512, 512)
    assert out.shape == (1, classes, 512, 512)
    assert torch.isfinite(out).all()


@pytest.mark.parametrize("name,kwargs", [("deeplabv3plus", {"backbone": "resnet50"}),
                                         ("segnet", {"depth": "vgg16"}),
                                         ("pspnet", {"output_stride": 16}),
                                         ("unet", {"base_width": 16})])
@pytest.mark.slow
def test_architecture_options(name, kwargs):
    net = model(name, 3, 5, **kwargs)
    assert run(net, 1, 3, 256, 256).shape == (1, 5, 256, 256)
    assert run(net, 1, 3, 97, 131).shape == (1, 5, 97, 131)


@pytest.mark.parametrize("bands", [1, 3, 7])
def test_any_band_count(bands):
    assert run(model(DEFAULT_ARCHITECTURE, bands, 3), 1, bands, 64, 96).shape == (1, 3, 64, 96)


@pytest.mark.parametrize("name", NAMES)
def test_trains_with_batch_one(name):
    # batch 1 is common on a CPU; BN on a 1×1 pooled map would fail here
    torch.manual_seed(0)
    net = build_model(name, 4, 3).train()
    x = torch.randn(1, 4, 64, 64)
    target = torch.randint(0, 3, (1, 64, 64))
    loss = torch.nn.functional.cross_entropy(net(x), target)
    loss.backward()
    grads = [p.grad for p in net.parameters() if p.requires_grad]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)


@pytest.mark.slow
def test_parameter_counts_are_cpu_sized():
    def params(name, classes=8, **kw):
        return sum(p.numel() for p in model(name, 4, classes, **kw).parameters()) / 1e6

    assert 5.5 < params("deeplabv3plus") < 6.2
    # CoT + SENetV2 cost about 0.4 M parameters (methods §1)
    assert 0.3 < params("se_cot_deeplabv3plus") - params("deeplabv3plus") < 0.5
    assert 2.2 < params("segnet", 2) < 2.6
    assert 29 < params("segnet", 2, depth="vgg16") < 30
    assert 39 < params("deeplabv3plus", backbone="resnet50") < 42


def test_variants_are_one_class_with_switches():
    from minewatch.models.layers_cot import CoTBlock
    from minewatch.models.layers_senet import SENetV2Block

    for name, se, cot in [("deeplabv3plus", False, False), ("se_deeplabv3plus", True, False),
                          ("cot_deeplabv3plus", False, True), ("se_cot_deeplabv3plus", True, True)]:
        net = model(name)
        assert type(net).__name__ == "DeepLabV3Plus"
        assert isinstance(net.low_attention, SENetV2Block) == se
        assert isinstance(net.context, CoTBlock) == cot
        assert net.minewatch_arch == {"architecture": name, "arch_kwargs": {}, "in_channels": 4,
                                      "num_classes": 8}


def test_arch_kwargs_are_json_round_tripped():
    net = build_model("pspnet", 3, 4, bins=(1, 2, 4), output_stride=16)
    assert net.minewatch_arch["arch_kwargs"] == {"bins": [1, 2, 4], "output_stride": 16}
    json.dumps(net.minewatch_arch)


@pytest.mark.parametrize("call,words", [
    (lambda: build_model("nope", 3, 2), "unknown architecture"),
    (lambda: build_model("unet", 3, 2, widht=3), "options are"),
    (lambda: build_model("se_deeplabv3plus", 3, 2, use_cot=True), "variant"),
    (lambda: build_model("unet", 3, 2, base_width=object()), "JSON"),
    (lambda: build_model("unet", 0, 2), "in_channels"),
    (lambda: build_model("deeplabv3plus", 3, 2, backbone="vgg"), "backbone"),
])
def test_build_model_errors(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_package_registry_and_metadata_import_without_torch():
    code = ("import sys; import minewatch.models, "
            "minewatch.models.registry, minewatch.models.metadata, minewatch.models.classes, "
            "minewatch.models.checkpoint; "
            "print(sorted(m for m in ('torch', 'qgis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__file__.rsplit("/tests/", 1)[0]).stdout
    assert out.strip() == "[]"


def test_training_builds_the_deeplab_family_at_the_cpu_width_unless_told_otherwise():
    from minewatch.models.registry import TRAINING_DEEPLAB_WIDTH, training_arch_kwargs

    for name in ("se_cot_deeplabv3plus", "se_deeplabv3plus", "cot_deeplabv3plus", "deeplabv3plus"):
        assert training_arch_kwargs(name) == TRAINING_DEEPLAB_WIDTH == {"aspp_channels": 128,
                                                                       "decoder_channels": 128}
    # an option given replaces only its own default
    assert training_arch_kwargs("deeplabv3plus", {"backbone": "resnet50"}) == {
        "aspp_channels": 128, "decoder_channels": 128, "backbone": "resnet50"}
    paper = {"aspp_channels": 256, "decoder_channels": 256}
    assert training_arch_kwargs("se_cot_deeplabv3plus", paper) == paper
    assert training_arch_kwargs("unet") == {} and training_arch_kwargs("unet", {"depth": 2}) == {"depth": 2}
    # the defaults are not shared state
    training_arch_kwargs("deeplabv3plus")["aspp_channels"] = 1
    assert TRAINING_DEEPLAB_WIDTH["aspp_channels"] == 128
