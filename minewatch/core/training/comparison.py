"""Comparing architectures on one sample folder, as the paper's Table of
SE-COT-DL against its ablations and FCN, U-Net, PSPNet (torch via
:mod:`.trainer`, imported lazily).

Each architecture is trained with the same settings, seed and time budget,
saved as ``<output folder>/<architecture>.safetensors`` and scored on the
``test`` split (the ``val`` split when there is no test split, the
``train`` split as a last resort). One row per architecture:
:data:`COLUMNS` then ``iou_<class name>`` per class (spaces → ``_``).
Scores are fractions 0–1; None (empty in the CSV) when undefined.
"""
import csv
import dataclasses
import html
import io
import math
import os
from typing import Any, Dict, List, Optional, Sequence

from ..common.errors import Cancelled, MineWatchInputError, translatable
from ..common.html_report import html_page, html_table
from ..common.messages import Message, tell
from ..common.outputs import write_text
from ..common.progress import ScaledFeedback, as_feedback

PAPER_ARCHITECTURES = ("se_cot_deeplabv3plus", "se_deeplabv3plus", "cot_deeplabv3plus", "deeplabv3plus",
                       "fcn", "unet", "pspnet")
COLUMNS = ("architecture", "parameters_m", "train_seconds", "epochs_run", "best_epoch", "best_val_miou",
           "eval_split", "miou", "mrecall", "mprecision", "mdice", "overall_accuracy", "kappa", "model")
# HTML headings; the algorithm passes translated ones
HEADINGS = {
    "title": translatable("Segmentation model comparison"),
    "architecture": translatable("Architecture"),
    "parameters_m": translatable("Parameters (M)"),
    "train_seconds": translatable("Training time (s)"),
    "epochs_run": translatable("Epochs run"),
    "best_epoch": translatable("Best epoch"),
    "best_val_miou": translatable("Best validation MIoU"),
    "eval_split": translatable("Scored on"),
    "miou": translatable("MIoU"),
    "mrecall": translatable("Mean recall"),
    "mprecision": translatable("Mean precision"),
    "mdice": translatable("Mean Dice (F1)"),
    "overall_accuracy": translatable("Overall accuracy"),
    "kappa": translatable("Kappa"),
    "model": translatable("Model file"),
    "iou": translatable("IoU {name}"),
}


def _clean(x, digits=6):
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def iou_column(name):
    return "iou_" + name.replace(" ", "_")


def evaluation_split(samples):
    """The split models are scored on: test, else val, else train."""
    return next((s for s in ("test", "val") if samples.count(s) > 0), "train")


# the list of what a comparison wrote into its folder: a later comparison may
# replace those files, never any other (the folder may hold the user's models)
COMPARISON_RECORD = "minewatch_comparison.json"


def comparison_files(folder: str) -> set:
    """Names of the files in ``folder`` that an earlier comparison wrote
    (its record and the models it lists); empty without a readable record."""
    import json

    try:
        with open(os.path.join(folder, COMPARISON_RECORD), encoding="utf-8") as f:
            models = json.load(f).get("models", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {COMPARISON_RECORD} | {os.path.basename(str(m)) for m in models}


def check_comparison_folder(folder: str) -> None:
    """Refuse an output folder that holds anything but an earlier
    comparison's files (as Create Training Samples refuses a folder holding
    more than an earlier sample set), before anything is trained."""
    if not os.path.exists(folder):
        return
    if not os.path.isdir(folder):
        raise MineWatchInputError(translatable(
            "The output folder {folder} is a file. Give a folder (new or empty) for the "
            "models."), folder=folder)
    others = sorted(set(os.listdir(folder)) - comparison_files(folder))
    if others:
        shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
        raise MineWatchInputError(translatable(
            "The output folder {folder} holds files that an earlier comparison did not write "
            "({files}). Models are written only into a new or empty folder, or over an "
            "earlier comparison's models. Choose another folder."), folder=folder, files=shown)


def _record_models(folder, names):
    import json

    write_text(os.path.join(folder, COMPARISON_RECORD),
               json.dumps({"models": sorted(names)}, indent=1))


def compare_architectures(samples_folder: str, architectures: Sequence[str], output_folder: str,
                          base_config: Any = None, feedback: Any = None,
                          arch_kwargs: Optional[Dict[str, dict]] = None) -> List[dict]:
    """Train and score each of ``architectures`` (registered names) and
    return one row dict per architecture (see module doc).

    ``base_config``: a :class:`.trainer.TrainingConfig` whose settings all
    runs share (its architecture/arch_kwargs/init_model are replaced);
    ``arch_kwargs``: optional {architecture: constructor options}. Raises
    :class:`Cancelled` when the user stops; models finished by then stay."""
    from .trainer import (
        TrainingConfig,
        check_config,
        evaluate_model_on_samples,
        fresh_model,
        open_samples,
        train_segmentation_model,
    )

    architectures = list(dict.fromkeys(architectures))
    if not architectures:
        raise MineWatchInputError(translatable("Choose at least one architecture to compare."))
    base = base_config or TrainingConfig()
    arch_kwargs = dict(arch_kwargs or {})
    unused = sorted(set(arch_kwargs) - set(architectures))
    if unused:
        raise MineWatchInputError(translatable(
            "Architecture options are given for {names}, which are not compared. Give options "
            "only for the chosen architectures."), names=", ".join(unused))
    configs = [dataclasses.replace(base, architecture=name, arch_kwargs=dict(arch_kwargs.get(name, {})),
                                   init_model="") for name in architectures]
    samples = open_samples(samples_folder)
    for config in configs:  # refuse a bad name or option before training anything
        check_config(config)
        fresh_model(config, samples.in_channels, samples.num_classes)
    split = evaluation_split(samples)
    names = [c.name for c in samples.class_table()]
    if split != "test":
        tell(feedback, Message(translatable(
            "The sample folder has no test patches; the models are scored on the '{split}' "
            "patches, which also chose the best epoch, so the scores are optimistic."),
            split=split), warning=True)
    check_comparison_folder(output_folder)
    os.makedirs(output_folder, exist_ok=True)
    # recorded before training: a cancelled run's models are still its own
    _record_models(output_folder, {c.architecture + ".safetensors" for c in configs}
                   | comparison_files(output_folder) - {COMPARISON_RECORD})
    feedback = as_feedback(feedback)
    share = 100.0 / len(configs)
    rows = []
    for i, config in enumerate(configs):
        tell(feedback, Message(translatable("— {name} ({k}/{n}) —"), name=config.architecture,
            k=i + 1, n=len(configs)))
        path = os.path.join(output_folder, config.architecture + ".safetensors")
        result = train_segmentation_model(samples_folder, path, config,
                                          ScaledFeedback(feedback, i * share, 0.9 * share))
        if result.cancelled:
            raise Cancelled("cancelled during the comparison")
        scores = evaluate_model_on_samples(path, samples_folder, split, config.device, config.batch_size,
                                           ScaledFeedback(feedback, (i + 0.9) * share, 0.1 * share))
        row = {"architecture": config.architecture, "parameters_m": round(result.parameters / 1e6, 4),
               "train_seconds": round(result.seconds, 1), "epochs_run": result.epochs_run,
               "best_epoch": result.best_epoch, "best_val_miou": _clean(result.best_val_miou),
               "eval_split": split, "miou": _clean(scores.miou), "mrecall": _clean(scores.mrecall),
               "mprecision": _clean(scores.mprecision), "mdice": _clean(scores.mdice),
               "overall_accuracy": _clean(scores.overall_accuracy), "kappa": _clean(scores.kappa),
               "model": path}
        row.update({iou_column(n): _clean(v) for n, v in zip(names, scores.iou)})
        rows.append(row)
        tell(feedback, Message(translatable(
            "{name}: {split} MIoU {miou}, OA {oa}, kappa {kappa}; {params:.2f} M parameters, "
            "{seconds:.0f} s."), name=config.architecture, split=split, miou=_shown(row["miou"]),
            oa=_shown(row["overall_accuracy"]), kappa=_shown(row["kappa"]),
            params=row["parameters_m"], seconds=row["train_seconds"]))
    feedback.setProgress(100.0)
    return rows


def _shown(value):
    return "–" if value is None else "%.4f" % value


def best_architecture(rows: Sequence[dict]) -> str:
    """Name of the row with the highest MIoU ('' when none is defined)."""
    scored = [r for r in rows if r.get("miou") is not None]
    return max(scored, key=lambda r: r["miou"])["architecture"] if scored else ""


def write_comparison(path: str, rows: Sequence[dict], class_names: Sequence[str],
                     headings: Optional[Dict[str, str]] = None, notes: Sequence[str] = ()) -> Any:
    """Write the rows as CSV (UTF-8 with BOM) or, for .htm/.html, an HTML
    page with one table; ``notes`` are lines shown above the table."""
    columns = list(COLUMNS) + [iou_column(n) for n in class_names]
    if os.path.splitext(path)[1].lower() in (".htm", ".html"):
        h = dict(HEADINGS, **(headings or {}))
        header = [h[c] for c in COLUMNS] + [h["iou"].format(name=n) for n in class_names]
        cells = [[_cell(r.get(c), c) for c in columns] for r in rows]
        body = "".join(f"<p>{html.escape(str(n))}</p>\n" for n in notes) + html_table(header, cells)
        return write_text(path, html_page(h["title"], body))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: ("" if r.get(c) is None else r[c]) for c in columns} for r in rows)
    return write_text(path, "\ufeff" + out.getvalue())


def _cell(value, column):
    if value is None:
        return "–"
    if isinstance(value, float) and column not in ("parameters_m", "train_seconds"):
        return "%.4f" % value  # a score
    return value
