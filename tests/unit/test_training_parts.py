"""The training run's parts, each without a network (issue 31): early
stopping on a schedule plan, the validation split's verdict, the keeper of
the best epoch."""
import numpy as np

from minewatch.core.training.checkpoint_keeper import CheckpointKeeper
from minewatch.core.training.schedule_plan import SchedulePlan
from minewatch.core.training.validation import (
    EARLY_STOP_PATIENCE,
    EarlyStopping,
    epoch_record,
    validation_verdict,
)


def test_early_stopping_shortens_the_plan_once_after_the_patience():
    plan = SchedulePlan.for_epochs(per_epoch=10, epochs=100)
    early = EarlyStopping(True)
    for epoch in range(1, 6):
        early.record(epoch, 0.05)  # gains until epoch 5
    early.record(6, 0.001)  # below the gain that counts
    patience = max(EARLY_STOP_PATIENCE, 25)  # a quarter of the 100 planned epochs
    plan.steps_done = (5 + patience - 1) * 10
    assert early.check(5 + patience - 1, plan, best_epoch=5) is None
    plan.steps_done = (5 + patience) * 10
    message = early.check(5 + patience, plan, best_epoch=5)
    assert message is not None and early.stopping
    assert plan.epochs < 100 and plan.epochs == 5 + patience + 3  # anneal over ceil(0.1 × 30)
    assert early.check(5 + patience + 1, plan, best_epoch=5) is None  # said once


def test_early_stopping_disabled_never_stops():
    plan = SchedulePlan.for_epochs(per_epoch=10, epochs=100)
    early = EarlyStopping(False)
    plan.steps_done = 900
    assert early.check(90, plan, best_epoch=1) is None and plan.epochs == 100


class Samples:
    def __init__(self, pixels, blocks=None):
        self.pixels, self.manifest = pixels, {"blocks": {"val": blocks} if blocks else {}}

    def class_pixels(self, split):
        return self.pixels


def test_a_small_validation_split_does_not_choose_the_epoch():
    assert validation_verdict(Samples([400_000, 200_000], 3), "val", 500_000, 2) == (True, None)
    chosen, why = validation_verdict(Samples([100_000, 50_000], 3), "val", 500_000, 2)
    assert not chosen and "150000 labelled pixels in 3 block(s)" in why.render()
    chosen, why = validation_verdict(Samples([400_000, 200_000], 1), "val", 500_000, 2)
    assert not chosen and why is not None
    # without validation patches the train split scores, but never chooses
    assert validation_verdict(Samples([10]), "train", 500_000, 2) == (False, None)


def test_the_keeper_takes_the_best_epoch_or_every_epoch():
    keeper = CheckpointKeeper("unused.safetensors")
    assert keeper.take(0.4, 1, True) and keeper.gain(0.5) > 0.09
    assert not keeper.take(0.3, 2, True) and keeper.best_epoch == 1
    assert keeper.take(0.2, 3, False) and keeper.best_epoch == 3  # the schedule's end is kept


def test_an_epoch_record_is_json_safe():
    class Scores:
        miou, iou = float("nan"), np.array([0.5, np.nan])

    record = epoch_record(4, [1.0, 2.0], Scores(), 1.23456)
    assert record == {"epoch": 4, "train_loss": 1.5, "val_miou": None,
                      "val_per_class_iou": [0.5, None], "seconds": 1.235}
