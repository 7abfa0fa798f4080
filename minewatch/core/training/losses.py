"""Segmentation losses for training (torch, imported lazily).

Every loss takes logits N × K × H × W and integer targets N × H × W,
skips pixels whose target is ``ignore_index`` (255: unlabelled/nodata),
weights classes by ``weights`` (a length-K sequence, 0 = class not
trained) and returns a scalar that is 0 — not NaN — for a batch without
one counted pixel.

* ``ce``: class-weighted cross-entropy, averaged over the weights of the
  counted pixels (torch's convention).
* ``focal``: focal loss (Lin et al. 2017), γ = 2, with the class weights
  as α; the mean over counted pixels.
* ``ce_dice``: weighted cross-entropy + soft Dice loss (1 − mean Dice
  over the classes present in the batch's targets).
"""

from ..common.constants import IGNORE_LABEL

LOSSES = ("ce", "focal", "ce_dice")
FOCAL_GAMMA = 2.0
DICE_SMOOTH = 1.0


def make_loss(name, weights, ignore_index=IGNORE_LABEL):
    """``loss(logits, target) -> scalar tensor`` for loss ``name``."""
    import torch
    import torch.nn.functional as F  # noqa: N812 - torch convention

    if name not in LOSSES:
        raise ValueError("unknown loss %r; choose one of %s" % (name, ", ".join(LOSSES)))
    class_weight = torch.as_tensor(list(weights), dtype=torch.float32)

    def weighted_ce(logits, target, valid):
        weight = class_weight.to(logits.device)
        # the weighted mean is NaN when no counted pixel has weight > 0
        denominator = (weight[target.clamp(max=len(weight) - 1)] * valid).sum()
        if denominator <= 0:
            return logits.sum() * 0.0
        total = F.cross_entropy(logits, target, weight=weight, ignore_index=ignore_index,
                                reduction="sum")
        return total / denominator

    def focal(logits, target, valid):
        if not valid.any():
            return logits.sum() * 0.0
        safe = torch.where(valid, target, torch.zeros_like(target))
        log_p = F.log_softmax(logits.float(), dim=1).gather(1, safe[:, None]).squeeze(1)
        alpha = class_weight.to(logits.device)[safe]
        loss = -alpha * (1.0 - log_p.exp()) ** FOCAL_GAMMA * log_p
        return loss[valid].mean()

    def dice(logits, target, valid):
        if not valid.any():
            return logits.sum() * 0.0
        k = logits.shape[1]
        probs = F.softmax(logits.float(), dim=1) * valid[:, None]
        safe = torch.where(valid, target, torch.zeros_like(target))
        onehot = F.one_hot(safe, k).permute(0, 3, 1, 2).float() * valid[:, None]
        inter = (probs * onehot).sum(dim=(0, 2, 3))
        sizes = probs.sum(dim=(0, 2, 3)) + onehot.sum(dim=(0, 2, 3))
        present = onehot.sum(dim=(0, 2, 3)) > 0
        score = (2 * inter + DICE_SMOOTH) / (sizes + DICE_SMOOTH)
        return 1.0 - score[present].mean()

    def loss(logits, target):
        target = target.long()
        valid = target != ignore_index
        if name == "ce":
            return weighted_ce(logits, target, valid)
        if name == "focal":
            return focal(logits, target, valid)
        return weighted_ce(logits, target, valid) + dice(logits, target, valid)

    return loss
