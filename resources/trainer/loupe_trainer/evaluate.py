"""Validation: predictions on the cached val split, class-wise greedy NMS, VOC all-point AP.

Reports mAP@0.5 (the number the trainer streams each epoch), mAP@0.5:0.95 (mean over IoU 0.50..0.95 of the same
VOC AP; close to, not equal to, COCO's 101-point numbers) and AP@0.5 per class. The app recomputes its official
metrics on the exported ONNX; these are the trainer's own progress figures.
"""

from __future__ import annotations

from typing import Dict, List

import numpy as np
import torch

from .data import CachedSet
from .model import Detector, distances_to_xyxy

CONF = 0.005
NMS_IOU = 0.6
MAX_CANDIDATES = 1000
MAX_DET = 100
IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in a (K×4) with every box in b (L×4), xyxy."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.clip(rb - lt, 0, None).prod(-1)
    area_a = np.clip(a[:, 2:] - a[:, :2], 0, None).prod(-1)
    area_b = np.clip(b[:, 2:] - b[:, :2], 0, None).prod(-1)
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-9)


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> np.ndarray:
    """Greedy NMS; returns kept indices in descending score order."""
    order = np.argsort(-scores, kind="stable")
    keep: List[int] = []
    while order.size:
        i = int(order[0])
        keep.append(i)
        if order.size == 1 or len(keep) >= MAX_DET:
            break
        rest = order[1:]
        ious = iou_matrix(boxes[i:i + 1], boxes[rest])[0]
        order = rest[ious <= iou]
    return np.array(keep, dtype=np.int64)


@torch.no_grad()
def predict(model: Detector, data: CachedSet, batch: int = 16) -> List[np.ndarray]:
    """Per image an array of (x1, y1, x2, y2, score, class) after class-wise NMS."""
    model.eval()
    out: List[np.ndarray] = []
    size = data.images.shape[-1]
    for start in range(0, len(data.images), batch):
        imgs = data.images[start:start + batch].float().div_(255.0).contiguous(memory_format=torch.channels_last)
        dist, logits, anchors, _ = model(imgs)
        xyxy = distances_to_xyxy(dist, anchors).numpy()
        scores = logits.sigmoid().numpy()
        for i in range(len(imgs)):
            s = scores[i]
            idx, cls = np.nonzero(s > CONF)
            conf = s[idx, cls]
            if conf.size > MAX_CANDIDATES:
                top = np.argpartition(-conf, MAX_CANDIDATES)[:MAX_CANDIDATES]
                idx, cls, conf = idx[top], cls[top], conf[top]
            b = np.clip(xyxy[i][idx], 0, size)
            keep = nms(b + cls[:, None] * (size * 4.0), conf, NMS_IOU) if conf.size else np.zeros(0, np.int64)
            out.append(np.concatenate([b[keep], conf[keep, None], cls[keep, None].astype(np.float32)], axis=1))
    return out


def voc_ap(tp: np.ndarray, scores: np.ndarray, n_gt: int) -> float:
    """VOC all-point interpolated AP of detections (tp flags) ranked by score."""
    if n_gt == 0:
        return float("nan")
    if tp.size == 0:
        return 0.0
    order = np.argsort(-scores, kind="stable")
    tps = np.cumsum(tp[order])
    fps = np.cumsum(1 - tp[order])
    recall = tps / n_gt
    precision = tps / np.maximum(tps + fps, 1e-9)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[1.0], precision, [0.0]])
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    change = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[change + 1] - mrec[change]) * mpre[change + 1]))


def evaluate(preds: List[np.ndarray], truths: List[np.ndarray], nc: int, names: List[str]) -> Dict[str, object]:
    """mAP50, mAP50_95 and per-class AP50 over classes that have ground truth."""
    tps: List[List[np.ndarray]] = [[] for _ in range(nc)]
    confs: List[List[np.ndarray]] = [[] for _ in range(nc)]
    n_gt = np.zeros(nc, dtype=np.int64)
    for det, gt in zip(preds, truths):
        for c in range(nc):
            g = gt[gt[:, 0] == c][:, 1:5] if len(gt) else np.zeros((0, 4), np.float32)
            d = det[det[:, 5] == c] if len(det) else np.zeros((0, 6), np.float32)
            n_gt[c] += len(g)
            if not len(d):
                continue
            d = d[np.argsort(-d[:, 4], kind="stable")]
            tp = np.zeros((len(d), len(IOU_THRESHOLDS)), dtype=np.float64)
            if len(g):
                ious = iou_matrix(d[:, :4], g)
                for t, thr in enumerate(IOU_THRESHOLDS):
                    used = np.zeros(len(g), dtype=bool)
                    for k in range(len(d)):
                        cand = np.where(~used & (ious[k] >= thr), ious[k], -1.0)
                        j = int(np.argmax(cand))
                        if cand[j] >= 0:
                            used[j] = True
                            tp[k, t] = 1.0
            tps[c].append(tp)
            confs[c].append(d[:, 4])
    ap = np.full((nc, len(IOU_THRESHOLDS)), np.nan)
    for c in range(nc):
        if n_gt[c] == 0:
            continue
        tp = np.concatenate(tps[c]) if tps[c] else np.zeros((0, len(IOU_THRESHOLDS)))
        sc = np.concatenate(confs[c]) if confs[c] else np.zeros(0)
        for t in range(len(IOU_THRESHOLDS)):
            ap[c, t] = voc_ap(tp[:, t] if len(tp) else np.zeros(0), sc, int(n_gt[c]))
    present = n_gt > 0
    map50 = float(np.nanmean(ap[present, 0])) if present.any() else 0.0
    map5095 = float(np.nanmean(ap[present].mean(1))) if present.any() else 0.0
    per_class = {names[c]: float(ap[c, 0]) for c in range(nc) if present[c]}
    return {"mAP50": map50, "mAP50_95": map5095, "ap50PerClass": per_class, "valImages": len(truths)}
