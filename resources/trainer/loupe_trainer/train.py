"""The training loop: schedule by optimiser steps, AdamW + warm-up + cosine, an EMA of the weights, batch
augmentation, validation each epoch, checkpoints, warm start, SIGTERM → checkpoint → exit.

Defaults (TRAINER-NOTES.md §3, §6, §8): from scratch lr 2e-3 with a 100-step warm-up and EMA τ 300 steps;
warm start lr 5e-4 with a 30-step warm-up and a fresh EMA (τ 100), so a short fine-tune is not ignored.
"""

from __future__ import annotations

import copy
import math
import os
import random
import time
from typing import Dict, List, Optional

import numpy as np
import torch
import torch.nn as nn

from . import __version__
from .data import augment_batch, build_cache, list_images, pad_targets
from .evaluate import evaluate, predict
from .export import export_onnx
from .loss import detection_loss
from .model import ARCH, Detector, count_params, load_compatible
from .protocol import Job, StopFlag, emit, log

CHECKPOINT_FORMAT = "loupe-builtin-checkpoint"
# Validations (each with a checkpoint) in a run whose job does not say `valEvery`.
VALIDATIONS_PER_RUN = 10
STEP_MESSAGE_EVERY_S = 1.0


class ModelEMA:
    """Exponential moving average of the weights (and BN buffers); decay ramps up as 0.999·(1 − e^(−updates/τ))."""

    def __init__(self, model: nn.Module, tau: float, decay: float = 0.999) -> None:
        self.ema = copy.deepcopy(model).eval()
        for p in self.ema.parameters():
            p.requires_grad_(False)
        self.updates = 0
        self.tau = tau
        self.decay = decay

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        own = model.state_dict()
        for k, v in self.ema.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(own[k].detach(), alpha=1 - d)
            else:
                v.copy_(own[k])


def seed_everything(seed: int) -> torch.Generator:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def param_groups(model: nn.Module, weight_decay: float) -> List[Dict[str, object]]:
    """Weight decay on conv weights only; none on BN parameters and biases."""
    decay, no_decay = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            (decay if name == "weight" and isinstance(module, nn.Conv2d) else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def lr_at(step: int, total: int, warmup: int, lr0: float) -> float:
    """Linear warm-up, then cosine decay to 5 % of lr0."""
    if step < warmup:
        return lr0 * (step + 1) / warmup
    t = (step - warmup) / max(1, total - warmup)
    return lr0 * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))


def save_checkpoint(path: str, ema: ModelEMA, job: Job, epoch: int, step: int, metrics: Dict[str, object]) -> str:
    """EMA weights plus what a warm start needs. Written to a temp file, then renamed (never half a file)."""
    state = {
        "format": CHECKPOINT_FORMAT,
        "arch": ARCH,
        "trainer_version": __version__,
        "names": job.names,
        "imgsz": job.imgsz,
        "epoch": epoch,
        "step": step,
        "metrics": metrics,
        "model": {k: v.detach().clone() for k, v in ema.ema.state_dict().items()},
    }
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)
    return path


def load_init(model: Detector, path: str) -> List[str]:
    """Warm start from one of OUR checkpoints (torch.load unpickles, so never point it at foreign files)."""
    state = torch.load(path, map_location="cpu")
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path}: not a checkpoint of Loupe's built-in trainer")
    if state.get("arch") != ARCH:
        raise ValueError(f"{path}: checkpoint architecture {state.get('arch')} is not {ARCH}")
    return load_compatible(model, state["model"])


def run(job: Job, stop: StopFlag) -> int:
    """Trains, validates, exports; emits the protocol messages. Returns the process exit code."""
    threads = job.threads if job.threads > 0 else (os.cpu_count() or 1)
    torch.set_num_threads(threads)
    if job.device != "cpu":
        # The built-in trainer is sized for CPUs (TRAINER-NOTES); GPU training is the Ultralytics adapter's job.
        log(f"the built-in trainer runs on the CPU; device '{job.device}' is ignored", "warn")
    gen = seed_everything(job.seed)
    nc = len(job.names)
    os.makedirs(job.out, exist_ok=True)
    t_start = time.time()

    train_paths = list_images(job.data, "train")
    val_paths = list_images(job.data, "val")
    if not train_paths:
        raise ValueError(f"{job.data}: the train split has no images")
    log(f"caching {len(train_paths)} train and {len(val_paths)} val images at {job.imgsz} px")
    train = build_cache(train_paths, job.imgsz, nc)
    val = build_cache(val_paths, job.imgsz, nc)
    if len(train.images) == 0:
        names = ", ".join(train.skipped[:3]) + (f" and {len(train.skipped) - 3} more" if len(train.skipped) > 3 else "")
        raise ValueError(f"{job.data}: no train image could be read ({names})")
    if train.skipped or val.skipped:
        log(f"{len(train.skipped)} train and {len(val.skipped)} val images could not be read and were left out", "warn")

    model = Detector(nc)
    warm = job.init is not None
    if job.init:
        skipped = load_init(model, job.init)
        log(f"warm start from {job.init}" + (f" (re-initialised: {', '.join(skipped)})" if skipped else ""))
    model = model.to(memory_format=torch.channels_last)
    ema = ModelEMA(model, tau=100.0 if warm else 300.0)

    n = len(train.images)
    batch = max(1, min(job.batch, n))
    steps_per_epoch = math.ceil(n / batch)
    epochs = max(1, job.epochs)
    if job.steps:
        epochs = max(epochs, math.ceil(job.steps / steps_per_epoch))
    total = epochs * steps_per_epoch
    lr0 = job.lr or (5e-4 if warm else 2e-3)
    warmup = max(1, min(30 if warm else 100, total // 5))
    optimizer = torch.optim.AdamW(param_groups(model, 5e-4), lr=lr0, betas=(0.9, 0.999))
    channel_shuffle = bool(job.extra.get("channelShuffle", False))
    # Validation (and the checkpoint written with it) costs about as much as a few steps: on a small set, where an epoch
    # is a handful of steps, validating every epoch would double the run. By default a run validates about ten times.
    val_every = max(1, int(job.extra.get("valEvery", math.ceil(epochs / VALIDATIONS_PER_RUN))))

    ckpt_path = os.path.join(job.out, "last.pt")
    initial_metrics: Dict[str, object] = {}
    initial_eval_seconds: Optional[float] = None
    if job.extra.get("evalBefore") and len(val.images):
        # The starting point on val (an untrained or warm-start model), reported on the start message; its time
        # tells the app's time-left estimate what a validation costs before the first epoch ends.
        t_eval = time.time()
        initial_metrics = evaluate(predict(ema.ema, val), val.gt, nc, job.names)
        initial_eval_seconds = time.time() - t_eval
    emit(
        "start",
        trainer="builtin",
        version=__version__,
        arch=ARCH,
        params=count_params(model),
        epochs=epochs,
        steps=total,
        stepsPerEpoch=steps_per_epoch,
        batch=batch,
        imgsz=job.imgsz,
        trainImages=n,
        valImages=len(val.images),
        warmStart=warm,
        threads=threads,
        device="cpu",
        torch=torch.__version__,
        initialMetrics=initial_metrics,
        initialEvalSeconds=initial_eval_seconds,
        valEvery=val_every,
    )

    step = 0
    metrics: Dict[str, object] = {}
    last_step_msg = time.time()
    for epoch in range(1, epochs + 1):
        t_epoch = time.time()
        model.train()
        perm = torch.randperm(n, generator=gen)
        sums = {"box": 0.0, "cls": 0.0, "total": 0.0}
        seen = 0
        for b in range(steps_per_epoch):
            idx = perm[b * batch:(b + 1) * batch]
            if len(idx) == 0:
                continue
            lr = lr_at(step, total, warmup, lr0)
            for g in optimizer.param_groups:
                g["lr"] = lr
            imgs = train.images[idx].float().div_(255.0)
            imgs, boxes = augment_batch(imgs, [train.boxes[int(i)] for i in idx], gen, channel_shuffle)
            labels, xyxy, mask = pad_targets(boxes)
            dist, logits, anchors, _ = model(imgs.contiguous(memory_format=torch.channels_last))
            loss, parts = detection_loss(dist, logits, anchors, labels, xyxy, mask)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            optimizer.step()
            ema.update(model)
            step += 1
            seen += 1
            sums["box"] += parts["box"]
            sums["cls"] += parts["cls"]
            sums["total"] += float(loss.detach())
            now = time.time()
            if now - last_step_msg >= STEP_MESSAGE_EVERY_S:
                last_step_msg = now
                emit("step", epoch=epoch, epochs=epochs, step=step, steps=total, loss=float(loss.detach()), lr=lr)
            if stop.requested:
                save_checkpoint(ckpt_path, ema, job, epoch - 1, step, metrics)
                emit("stopped", checkpoint=ckpt_path, epoch=epoch, step=step, steps=total,
                     reason="stop requested (SIGTERM)")
                return 0
        losses = {k: v / max(1, seen) for k, v in sums.items()}
        train_seconds = time.time() - t_epoch
        validated = len(val.images) > 0 and (epoch % val_every == 0 or epoch == epochs)
        val_seconds = 0.0
        if validated:
            t_val = time.time()
            metrics = evaluate(predict(ema.ema, val), val.gt, nc, job.names)
            val_seconds = time.time() - t_val
        saved = validated or epoch % val_every == 0 or epoch == epochs
        if saved:
            save_checkpoint(ckpt_path, ema, job, epoch, step, metrics)
        emit(
            "epoch",
            epoch=epoch,
            epochs=epochs,
            step=step,
            steps=total,
            losses=losses,
            metrics=metrics if validated else {},
            seconds=time.time() - t_epoch,
            trainSeconds=train_seconds,
            valSeconds=val_seconds,
            lr=lr_at(step - 1, total, warmup, lr0),
        )
        if stop.requested:
            if not saved:
                save_checkpoint(ckpt_path, ema, job, epoch, step, metrics)
            emit("stopped", checkpoint=ckpt_path, epoch=epoch, step=step, steps=total,
                 reason="stop requested (SIGTERM)")
            return 0

    emit("log", level="info", message="exporting ONNX")
    sample: Optional[torch.Tensor] = None
    source = val if len(val.images) else train
    sample = source.images[0:1].float().div(255.0)
    onnx_path, parity = export_onnx(
        ema.ema, job.names, job.imgsz, os.path.join(job.out, "model.onnx"), sample,
        f"Loupe built-in {ARCH} trained on {job.data}",
    )
    emit(
        "done",
        onnx=onnx_path,
        checkpoint=ckpt_path,
        metrics=metrics,
        epochs=epochs,
        steps=step,
        seconds=time.time() - t_start,
        parity=parity,
        names=job.names,
        imgsz=job.imgsz,
    )
    return 0
