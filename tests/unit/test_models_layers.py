"""Building blocks: CoT is local, SENetV2 is x + x·s, SegNet unpools with
the encoder's indices, backbones keep their output stride."""
import pytest

torch = pytest.importorskip("torch")

from torch import nn  # noqa: E402

from minewatch.models.backbones import MobileNetV2, ResNet50  # noqa: E402
from minewatch.models.layers_cot import CoTBlock  # noqa: E402
from minewatch.models.layers_senet import SENetV2Block  # noqa: E402
from minewatch.models.segnet import SegNet  # noqa: E402


def cot_block(channels=32, k=3):
    torch.manual_seed(0)
    block = CoTBlock(channels, k).eval()
    # non-trivial BN statistics, so eval mode is not an identity
    for m in block.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    return block


def test_cot_keeps_shape():
    block = cot_block(64)
    with torch.no_grad():
        assert block(torch.randn(2, 64, 20, 28)).shape == (2, 64, 20, 28)
    assert sum(p.numel() for p in CoTBlock(256).parameters()) < 450_000  # ≈ +0.4 M in DeepLab


def test_cot_aggregation_is_a_kxk_window():
    block = cot_block(32, k=3)
    v = torch.randn(1, 32, 16, 16)
    w = torch.randn(1, 9 * 32 // 8, 16, 16)
    base = block.aggregate(v, w)
    far, near = v.clone(), v.clone()
    far[..., 8, 10] += 5.0  # two pixels from (8, 8): outside its 3×3 window
    near[..., 8, 9] += 5.0  # inside it
    assert torch.equal(block.aggregate(far, w)[..., 8, 8], base[..., 8, 8])
    assert not torch.allclose(block.aggregate(near, w)[..., 8, 8], base[..., 8, 8])
    # one set of k² weights per group of 8 channels
    w1 = w.clone()
    w1[:, :9] += 1.0  # head 0 → channels 0-7 only
    changed = (block.aggregate(v, w1) != base).flatten(2).any(-1)[0]
    assert changed[:8].all() and not changed[8:].any()


def test_cot_is_local_apart_from_its_two_sample_statistics(monkeypatch):
    """With the GroupNorm of the attention weights and the SK fusion weights
    (the two per-sample global statistics CoTNet has) held fixed, an output
    pixel depends only on the inputs in its k×k window (K1, the attention
    weights and the values all come from it) — unlike a softmax over all
    H·W positions."""
    block = cot_block(32, k=3)
    block.attn_embed[-1] = nn.Identity()
    monkeypatch.setattr(block, "fusion_weights",
                        lambda k1, k2: torch.full((k1.shape[0], 2, k1.shape[1], 1, 1), 0.5))
    x = torch.randn(1, 32, 24, 24)
    with torch.no_grad():
        base = block(x)
        far = x.clone()
        far[..., 12, 14] += 3.0  # 2 px away: outside the 3×3 window of (12, 12)
        near = x.clone()
        near[..., 11, 13] += 3.0  # a corner of that window
        assert torch.equal(block(far)[..., 12, 12], base[..., 12, 12])
        assert not torch.allclose(block(near)[..., 12, 12], base[..., 12, 12])
        assert not torch.allclose(block(far)[..., 12, 13], base[..., 12, 13])


def test_cot_full_block_moving_far_content_leaves_a_pixel_unchanged():
    """The unmodified block: swapping two blobs far from a pixel permutes the
    neighbourhoods, leaving the global statistics and that pixel unchanged."""
    block = cot_block(32, k=3)
    x = torch.zeros(1, 32, 32, 32) + torch.randn(1, 32, 1, 1)
    a, b = torch.randn(32, 3, 3), torch.randn(32, 3, 3)
    x1, x2 = x.clone(), x.clone()
    x1[0, :, 4:7, 22:25], x1[0, :, 24:27, 4:7] = a, b
    x2[0, :, 4:7, 22:25], x2[0, :, 24:27, 4:7] = b, a
    with torch.no_grad():
        y1, y2 = block(x1), block(x2)
    torch.testing.assert_close(y1[..., 16, 16], y2[..., 16, 16], atol=1e-5, rtol=1e-5)
    assert not torch.allclose(y1[..., 5, 23], y2[..., 5, 23])


def test_senetv2_is_residual_channel_scaling():
    torch.manual_seed(0)
    block = SENetV2Block(48, reduction=8, cardinality=4).eval()
    assert len(block.branches) == 4 and block.branches[0][0].out_features == 6
    assert block.excite[0].in_features == 24
    x = torch.randn(2, 48, 10, 12)
    with torch.no_grad():
        s = block.scale(x)
        assert s.shape == (2, 48, 1, 1) and ((s > 0) & (s < 1)).all()
        torch.testing.assert_close(block(x), x + x * s)
        # excitation off → identity: the residual keeps the input
        nn.init.zeros_(block.excite[0].weight)
        nn.init.constant_(block.excite[0].bias, -30.0)
        torch.testing.assert_close(block(x), x)


def test_segnet_unpools_with_the_encoders_indices():
    torch.manual_seed(0)
    net = SegNet(3, 2).eval()
    pooled, unpooled = [], []
    net.pool.register_forward_hook(lambda m, args, out: pooled.append(out[1]))
    net.unpool.register_forward_pre_hook(lambda m, args, kwargs: unpooled.append(args[1]), with_kwargs=True)
    with torch.no_grad():
        out = net(torch.randn(1, 3, 70, 90))
    assert out.shape == (1, 2, 70, 90)
    assert len(pooled) == len(unpooled) == 4
    for enc, dec in zip(pooled, reversed(unpooled)):
        assert dec is enc and dec.dtype == torch.int64


def test_segnet_unpooling_puts_values_at_the_max_positions():
    net = SegNet(1, 2)
    x = torch.rand(1, 1, 8, 8)
    y, idx = net.pool(x)
    up = net.unpool(y, idx, output_size=x.shape[-2:])
    assert int((up != 0).sum()) == 16
    assert torch.equal(up.flatten()[idx.flatten()], y.flatten())


@pytest.mark.parametrize("os_", [8, 16, 32])
def test_mobilenetv2_output_stride_and_taps(os_):
    net = MobileNetV2(4, output_stride=os_).eval()
    with torch.no_grad():
        f = net(torch.randn(1, 4, 128, 128))
    assert net.channels == {"low": 24, "s8": 32, "s16": 96, "out": 320}
    assert f["low"].shape[-2:] == (32, 32)
    assert f["out"].shape[-2:] == (128 // os_, 128 // os_)
    dilations = {m.dilation[0] for m in net.modules() if isinstance(m, nn.Conv2d)}
    # strides past the output stride become dilation: 2 at 16, 4 at 8
    assert max(dilations) == 32 // os_


def test_resnet50_output_stride_16_by_dilating_layer4():
    net = ResNet50(3, output_stride=16).eval()
    with torch.no_grad():
        f = net(torch.randn(1, 3, 128, 128))
    assert net.channels == {"low": 256, "s8": 512, "s16": 1024, "out": 2048}
    assert [f[k].shape[-1] for k in ("low", "s8", "s16", "out")] == [32, 16, 8, 8]
    assert {m.dilation[0] for m in net.layers[3].modules() if isinstance(m, nn.Conv2d)} == {1, 2}
    assert {m.dilation[0] for m in net.layers[2].modules() if isinstance(m, nn.Conv2d)} == {1}
