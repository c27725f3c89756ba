"""Validation by the app's own rules, so the trainer's mAP is the number Loupe's evaluator gives the exported model.

Predictions follow the app's inference path (src-main/core/decode/yolo-v8.ts, nms.ts, geometry/letterbox.ts):
the best class per anchor, kept when its score is > 0.001 (EVAL_CONF_THRESHOLD), class-wise greedy NMS that
suppresses a box overlapping a kept box of its class with IoU > 0.7 (ties in score keep anchor order), at most
30,000 candidates and 300 detections per image, boxes mapped back through the letterbox (Ultralytics'
`scale_boxes` offsets) and clipped to the original image.

Metrics are COCO's (pycocotools' COCOeval, bbox, area "all", maxDets 100 per image and class, 101 recall points),
computed in the original image's px against the label files: mAP50 = COCO AP@0.5, mAP50_95 = COCO AP@[.5:.95],
per class AP@0.5, means over the classes that have ground truth.

Earlier versions used VOC all-point AP, a 0.005 threshold, NMS at 0.6, every class of an anchor and 100
detections per image; on the same model that read about 0.01 higher than the app (README, "Training").
"""

from __future__ import annotations

from typing import Dict, List

import numpy as np
import torch

from .data import CachedSet
from .model import Detector, distances_to_xyxy

CONF = 0.001
NMS_IOU = 0.7
MAX_CANDIDATES = 30_000
MAX_DET = 300
COCO_MAX_DETS = 100
IOU_THRESHOLDS = np.linspace(0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1, endpoint=True)
RECALL_THRESHOLDS = np.linspace(0.0, 1.00, int(np.round((1.00 - 0.0) / 0.01)) + 1, endpoint=True)


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in a (K×4) with every box in b (L×4), xyxy, continuous px (no +1)."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(inter > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def nms(boxes: np.ndarray, scores: np.ndarray, classes: np.ndarray, iou: float, max_det: int) -> np.ndarray:
    """Class-wise greedy NMS as the app runs it: in descending score order (ties by index), a box is kept unless a
    kept box of its class overlaps it with IoU > `iou`; at most `max_det` kept. Each kept box is compared, with 1-D
    array operations, only with the later boxes of its class that are still alive."""
    order = np.argsort(-scores, kind="stable")[:MAX_CANDIDATES]
    b = boxes[order].astype(np.float64)
    x1, y1, x2, y2 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    area = (x2 - x1) * (y2 - y1)
    cls = classes[order]
    by_class = {int(c): np.flatnonzero(cls == c) for c in np.unique(cls)}
    alive = np.ones(len(order), dtype=bool)
    keep: List[int] = []
    start = 0
    while start < len(order) and len(keep) < max_det:
        i = start + int(np.argmax(alive[start:]))
        if not alive[i]:
            break
        keep.append(i)
        same = by_class[int(cls[i])]
        rest = same[np.searchsorted(same, i + 1):]
        rest = rest[alive[rest]]
        if rest.size:
            w = np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest])
            h = np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest])
            inter = np.where((w > 0) & (h > 0), w * h, 0.0)
            union = area[i] + area[rest] - inter
            alive[rest[inter > iou * np.where(union > 0, union, np.inf)]] = False
        start = i + 1
    return order[np.array(keep, dtype=np.int64)]


def to_original(xyxy: np.ndarray, w0: int, h0: int, size: int) -> np.ndarray:
    """Letterboxed px → original px, clipped to the image (letterbox.ts `mapBoxesToImage`)."""
    r = min(size / h0, size / w0)
    ox = round((size - w0 * r) / 2 - 0.1)
    oy = round((size - h0 * r) / 2 - 0.1)
    out = np.empty_like(xyxy, dtype=np.float64)
    out[:, [0, 2]] = np.clip((xyxy[:, [0, 2]].astype(np.float64) - ox) / r, 0, w0)
    out[:, [1, 3]] = np.clip((xyxy[:, [1, 3]].astype(np.float64) - oy) / r, 0, h0)
    return out


@torch.no_grad()
def predict(model: Detector, data: CachedSet, batch: int = 16) -> List[np.ndarray]:
    """Per image an array of (x1, y1, x2, y2, score, class) in original px, by the app's inference rules."""
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
            cls = s.argmax(axis=1)  # first of equal maxima, as the app's decoder
            conf = s[np.arange(len(s)), cls]
            idx = np.nonzero(conf > CONF)[0]
            if not idx.size:
                out.append(np.zeros((0, 6), np.float64))
                continue
            keep = nms(xyxy[i][idx], conf[idx], cls[idx], NMS_IOU, MAX_DET)
            k = idx[keep]
            w0, h0 = (int(v) for v in data.sizes[start + i])
            boxes = to_original(xyxy[i][k], w0, h0, size)
            out.append(np.concatenate([boxes, conf[k, None].astype(np.float64), cls[k, None].astype(np.float64)], axis=1))
    return out


def _match(d: np.ndarray, g: np.ndarray) -> np.ndarray:
    """pycocotools' evaluateImg matching for one image and class: detections (sorted by score) against ground truth,
    at every IoU threshold; returns T×D booleans (matched). A detection takes the unmatched GT of highest IoU
    ≥ the threshold (the last one on ties, as pycocotools' `<` comparison)."""
    t_n = len(IOU_THRESHOLDS)
    matched = np.zeros((t_n, len(d)), dtype=bool)
    if not len(g) or not len(d):
        return matched
    ious = iou_matrix(d[:, :4], g)
    used = np.zeros((t_n, len(g)), dtype=bool)
    limit = np.minimum(IOU_THRESHOLDS, 1 - 1e-10)[:, None]
    rev = slice(None, None, -1)
    for k in range(len(d)):
        row = ious[k]
        if row.max() < IOU_THRESHOLDS[0]:
            continue
        cand = np.where(~used & (row[None, :] >= limit), row[None, :], -1.0)
        last = len(g) - 1 - np.argmax(cand[:, rev], axis=1)  # the last index of the maximum
        ok = cand[np.arange(t_n), last] >= 0
        used[np.arange(t_n)[ok], last[ok]] = True
        matched[ok, k] = True
    return matched


def _ap_101(matched: np.ndarray, scores: np.ndarray, n_gt: int) -> np.ndarray:
    """pycocotools' accumulate for one class: precision at 101 recall points per IoU threshold, averaged → T APs."""
    order = np.argsort(-scores, kind="mergesort")
    tps = np.cumsum(matched[:, order], axis=1).astype(np.float64)
    fps = np.cumsum(~matched[:, order], axis=1).astype(np.float64)
    ap = np.zeros(len(IOU_THRESHOLDS))
    for t in range(len(IOU_THRESHOLDS)):
        tp, fp = tps[t], fps[t]
        if not tp.size:
            continue
        rc = tp / n_gt
        pr = tp / (fp + tp + np.spacing(1))
        pr = np.maximum.accumulate(pr[::-1])[::-1]
        inds = np.searchsorted(rc, RECALL_THRESHOLDS, side="left")
        q = np.zeros(len(RECALL_THRESHOLDS))
        valid = inds < len(pr)
        q[valid] = pr[inds[valid]]
        ap[t] = q.mean()
    return ap


def evaluate(preds: List[np.ndarray], truths: List[np.ndarray], nc: int, names: List[str]) -> Dict[str, object]:
    """COCO mAP50, mAP50_95 and per-class AP50 over classes that have ground truth; `preds` and `truths` per image
    in the same px (original), truths as (class, x1, y1, x2, y2)."""
    matched: List[List[np.ndarray]] = [[] for _ in range(nc)]
    confs: List[List[np.ndarray]] = [[] for _ in range(nc)]
    n_gt = np.zeros(nc, dtype=np.int64)
    for det, gt in zip(preds, truths):
        for c in range(nc):
            g = gt[gt[:, 0] == c][:, 1:5] if len(gt) else np.zeros((0, 4))
            n_gt[c] += len(g)
            d = det[det[:, 5] == c] if len(det) else np.zeros((0, 6))
            if not len(d):
                continue
            d = d[np.argsort(-d[:, 4], kind="mergesort")][:COCO_MAX_DETS]
            matched[c].append(_match(d, g))
            confs[c].append(d[:, 4])
    ap = np.full((nc, len(IOU_THRESHOLDS)), np.nan)
    for c in range(nc):
        if n_gt[c] == 0:
            continue
        if not confs[c]:
            ap[c] = 0.0
            continue
        ap[c] = _ap_101(np.concatenate(matched[c], axis=1), np.concatenate(confs[c]), int(n_gt[c]))
    present = n_gt > 0
    map50 = float(ap[present, 0].mean()) if present.any() else 0.0
    map5095 = float(ap[present].mean()) if present.any() else 0.0
    per_class = {names[c]: float(ap[c, 0]) for c in range(nc) if present[c]}
    return {"mAP50": map50, "mAP50_95": map5095, "ap50PerClass": per_class, "valImages": len(truths)}
