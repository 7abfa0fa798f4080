"""Training at several scales: each train batch is resized by a random
factor, so a model learns objects at more than one apparent size (images
of other pixel sizes than the samples', e.g. 0.3 m and 1 m tiles for a
model trained at 0.6 m). Image bilinear, labels nearest (255 stays the
ignore label); sizes rounded to a multiple of 16 px, the encoders'
output stride."""
import math

# the multiple every resized side is rounded to (output stride 16)
SIZE_MULTIPLE = 16
# the default range of factors, drawn log-uniformly: as likely to halve
# the apparent size as to double it
DEFAULT_SCALE_RANGE = (0.5, 2.0)


def draw_scale(rng, scale_range=DEFAULT_SCALE_RANGE):
    """A factor in ``scale_range`` (low, high), log-uniform; 1.0 for an
    empty range."""
    if not scale_range:
        return 1.0
    low, high = (float(v) for v in scale_range)
    return float(math.exp(rng.uniform(math.log(low), math.log(high))))


def rescale_batch(images, labels, factor):
    """``images`` (N, C, H, W float tensor) and ``labels`` (N, H, W int64
    tensor) resized by ``factor`` (each side rounded to a multiple of
    :data:`SIZE_MULTIPLE`, at least one multiple); unchanged when the size
    does not change."""
    import torch.nn.functional as functional

    height, width = images.shape[-2:]
    size = tuple(max(SIZE_MULTIPLE, int(round(side * factor / SIZE_MULTIPLE)) * SIZE_MULTIPLE)
                 for side in (height, width))
    if size == (height, width):
        return images, labels
    images = functional.interpolate(images, size=size, mode="bilinear", align_corners=False)
    labels = functional.interpolate(labels[:, None].float(), size=size, mode="nearest")
    return images, labels[:, 0].long()
