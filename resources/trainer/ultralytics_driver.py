#!/usr/bin/env python3
"""Loupe's Ultralytics driver: trains through Ultralytics' Python API and speaks Loupe's trainer protocol.

Usage: python3 ultralytics_driver.py --job job.json    (same job file as the built-in trainer)

- Offline: the adapter sets YOLO_OFFLINE=True and a YOLO_CONFIG_DIR inside the run folder; `plots=False` avoids
  the font download; the initial model must be a local file (a .pt) or an architecture .yaml (from scratch).
- Data: a fresh data.yaml with absolute paths is written into the run folder, and stale `*.cache` label caches
  are removed (Ultralytics keys its cache on the sum of file sizes, so an edited label can keep a stale cache).
- Callbacks → protocol: on_train_start → start; on_train_batch_end → step (throttled) and the cancel check;
  on_train_epoch_end → train losses; on_fit_epoch_end → epoch. Ultralytics fires on_fit_epoch_end once more after
  training with the metrics of best.pt and the same epoch number: that duplicate is not a new epoch; its metrics
  become the final metrics.
- Export: ONNX WITHOUT baked-in NMS (`nms=False`), so low-confidence candidates reach Loupe's uncertainty
  sampling; `simplify=False` (onnxslim may be absent and must not be auto-installed offline).
- SIGTERM: the next batch end saves last.pt (trainer.save_model) and exits with a `stopped` message.

Ultralytics is AGPL-3.0. This driver only calls the package the user installed; it ships none of its code.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
import traceback
from typing import Any, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from loupe_trainer.datayaml import read_data_yaml  # noqa: E402
from loupe_trainer.protocol import Job, StopFlag, emit, log, read_job  # noqa: E402

STEP_MESSAGE_EVERY_S = 1.0

METRIC_NAMES = {
    "metrics/precision(B)": "precision",
    "metrics/recall(B)": "recall",
    "metrics/mAP50(B)": "mAP50",
    "metrics/mAP50-95(B)": "mAP50_95",
}


class StoppedByRequest(BaseException):
    """Raised from a callback to leave Ultralytics' training loop after a SIGTERM (not an Exception on purpose)."""


def fresh_data_yaml(job: Job) -> str:
    """A data.yaml with absolute paths in the run folder; removes stale label caches next to the dataset."""
    data = read_data_yaml(job.data)
    base = os.path.dirname(os.path.abspath(job.data))
    root = str(data.get("path") or base)
    root = root if os.path.isabs(root) else os.path.normpath(os.path.join(base, root))

    def absolute(entry: object) -> str:
        p = str(entry)
        return p if os.path.isabs(p) else os.path.normpath(os.path.join(root, p))

    for cache in glob.glob(os.path.join(root, "**", "*.cache"), recursive=True):
        try:
            os.remove(cache)
        except OSError:
            pass
    lines = [f"path: '{root}'", f"train: '{absolute(data.get('train'))}'", f"val: '{absolute(data.get('val') or data.get('train'))}'"]
    lines.append("names:")
    for i, name in enumerate(job.names):
        quoted = "'" + name.replace("'", "''") + "'"  # quoted: YAML would turn yes/no/on/off into booleans
        lines.append(f"  {i}: {quoted}")
    path = os.path.join(job.out, "data.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _float(v: Any) -> Optional[float]:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class ProtocolCallbacks:
    """Maps Ultralytics trainer callbacks onto protocol messages."""

    def __init__(self, stop: StopFlag) -> None:
        self.stop = stop
        self.emitted_epochs: set = set()
        self.final_metrics: Dict[str, Optional[float]] = {}
        self.losses: Dict[str, Optional[float]] = {}
        self.epoch_started = time.time()
        self.batches_done = 0
        self.last_step_msg = 0.0

    @staticmethod
    def _batches(trainer: Any) -> int:
        try:
            return len(trainer.train_loader)
        except TypeError:
            return 0

    def on_train_start(self, trainer: Any) -> None:
        nb = self._batches(trainer)
        emit("start", trainer="ultralytics", epochs=int(trainer.epochs), steps=int(trainer.epochs) * nb,
             stepsPerEpoch=nb, saveDir=str(trainer.save_dir))

    def on_train_epoch_start(self, trainer: Any) -> None:
        self.epoch_started = time.time()

    def on_train_batch_end(self, trainer: Any) -> None:
        self.batches_done += 1
        if self.stop.requested:
            try:
                trainer.save_model()
                checkpoint: Optional[str] = str(trainer.last)
            except Exception as e:  # noqa: BLE001
                log(f"could not save a checkpoint on stop: {e}", "warn")
                checkpoint = str(trainer.last) if os.path.isfile(str(trainer.last)) else None
            emit("stopped", checkpoint=checkpoint, epoch=int(trainer.epoch) + 1, step=self.batches_done,
                 reason="stop requested (SIGTERM)")
            raise StoppedByRequest()
        now = time.time()
        if now - self.last_step_msg >= STEP_MESSAGE_EVERY_S:
            self.last_step_msg = now
            nb = self._batches(trainer)
            loss = None
            try:
                loss = float(trainer.tloss.sum()) if hasattr(trainer.tloss, "sum") else float(sum(trainer.tloss))
            except (TypeError, ValueError, AttributeError):
                pass
            emit("step", epoch=int(trainer.epoch) + 1, epochs=int(trainer.epochs), step=self.batches_done,
                 steps=int(trainer.epochs) * nb, loss=loss)

    def on_train_epoch_end(self, trainer: Any) -> None:
        # Runs BEFORE validation: only the training losses of this epoch are current here.
        items = trainer.label_loss_items(trainer.tloss, prefix="train")
        self.losses = {k.split("/", 1)[-1].replace("_loss", ""): _float(v) for k, v in dict(items).items()}
        values = [v for v in self.losses.values() if v is not None]
        self.losses["total"] = sum(values) if values else None

    def on_fit_epoch_end(self, trainer: Any) -> None:
        epoch = int(trainer.epoch) + 1
        metrics = {METRIC_NAMES.get(k, k): _float(v) for k, v in dict(trainer.metrics or {}).items()}
        if epoch in self.emitted_epochs:
            # The extra call after training (final validation of best.pt): not a new epoch.
            self.final_metrics = metrics
            return
        self.emitted_epochs.add(epoch)
        self.final_metrics = metrics
        nb = self._batches(trainer)
        emit("epoch", epoch=epoch, epochs=int(trainer.epochs), step=epoch * nb, steps=int(trainer.epochs) * nb,
             losses=self.losses, metrics=metrics, seconds=time.time() - self.epoch_started)


def export_onnx(yolo: Any, weights: str, imgsz: int) -> str:
    """ONNX without baked-in NMS, so low-confidence candidates survive for uncertainty sampling.

    Versions before the `nms` export argument existed never baked NMS in, and reject the unknown argument (with a
    SyntaxError from their argument check): retry without it."""
    args: Dict[str, Any] = dict(format="onnx", imgsz=imgsz, nms=False, simplify=False, dynamic=False, half=False)
    try:
        return str(yolo(weights).export(**args))
    except (SyntaxError, TypeError, KeyError) as e:
        if "nms" not in str(e):
            raise
        args.pop("nms")
        return str(yolo(weights).export(**args))


def run(job: Job, stop: StopFlag) -> int:
    os.makedirs(job.out, exist_ok=True)
    from ultralytics import YOLO  # imported late: a missing package becomes a protocol error

    data_yaml = fresh_data_yaml(job)
    weights = job.init or job.model or "yolo11n.yaml"
    if weights.endswith(".pt") and not os.path.isfile(weights):
        raise FileNotFoundError(f"{weights}: initial weights not found (offline: Loupe never downloads weights)")
    log(f"ultralytics: model {weights}, data {data_yaml}")
    model = YOLO(weights)
    cb = ProtocolCallbacks(stop)
    for event in ("on_train_start", "on_train_epoch_start", "on_train_batch_end", "on_train_epoch_end", "on_fit_epoch_end"):
        model.add_callback(event, getattr(cb, event))
    args: Dict[str, Any] = dict(
        data=data_yaml,
        epochs=job.epochs,
        imgsz=job.imgsz,
        batch=job.batch,
        device=job.device,
        seed=job.seed,
        deterministic=True,
        workers=0,
        project=os.path.abspath(job.out),
        name="train",
        exist_ok=True,
        plots=False,
        patience=0,  # no early stop: Loupe decides when to stop
        verbose=False,
    )
    if job.lr:
        args["lr0"] = job.lr
    try:
        model.train(**args)
    except StoppedByRequest:
        return 0
    trainer = model.trainer
    best = str(trainer.best) if os.path.isfile(str(trainer.best)) else str(trainer.last)
    log(f"exporting {best} to ONNX (no NMS)")
    onnx = export_onnx(YOLO, best, job.imgsz)
    emit("done", onnx=os.path.abspath(str(onnx)), checkpoint=os.path.abspath(best), metrics=cb.final_metrics)
    return 0


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description="Loupe driver for Ultralytics training")
    parser.add_argument("--job", required=True)
    args = parser.parse_args(argv)
    stop = StopFlag().install()
    try:
        return run(read_job(args.job), stop)
    except Exception as e:  # noqa: BLE001
        traceback.print_exc(file=sys.stderr)
        hint = " (install it: python3 -m pip install ultralytics)" if isinstance(e, ImportError) else ""
        emit("error", message=f"{type(e).__name__}: {e}{hint}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
