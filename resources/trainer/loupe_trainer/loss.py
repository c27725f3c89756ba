"""Simplified task-aligned assignment (YOLOv8's TAL) and the detection loss (TRAINER-NOTES.md §3).

Candidates are anchor points inside a ground-truth box; alignment = score^0.5 × IoU^6; the top 10 per box are
positives; an anchor claimed by several boxes goes to the one with the highest IoU; class targets are the
normalised alignment. Loss = 0.5 · BCE(logits, soft targets) / Σtargets + 7.5 · Σ(1 − GIoU)·weight / Σtargets.
"""

from __future__ import annotations

from typing import Dict, Tuple

import torch
import torch.nn.functional as F

TOPK = 10
ALPHA = 0.5
BETA = 6.0
CLS_WEIGHT = 0.5
BOX_WEIGHT = 7.5
EPS = 1e-9


def box_iou_pairs(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """IoU of boxes a (…×4) and b (…×4), broadcast elementwise, xyxy."""
    lt = torch.maximum(a[..., :2], b[..., :2])
    rb = torch.minimum(a[..., 2:], b[..., 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_a = (a[..., 2:] - a[..., :2]).clamp(min=0).prod(-1)
    area_b = (b[..., 2:] - b[..., :2]).clamp(min=0).prod(-1)
    return inter / (area_a + area_b - inter + EPS)


def giou_pairs(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Generalised IoU of paired boxes (K×4 each)."""
    iou = box_iou_pairs(a, b)
    lt = torch.minimum(a[..., :2], b[..., :2])
    rb = torch.maximum(a[..., 2:], b[..., 2:])
    hull = (rb - lt).clamp(min=0).prod(-1)
    lt_i = torch.maximum(a[..., :2], b[..., :2])
    rb_i = torch.minimum(a[..., 2:], b[..., 2:])
    inter = (rb_i - lt_i).clamp(min=0).prod(-1)
    union = (a[..., 2:] - a[..., :2]).prod(-1) + (b[..., 2:] - b[..., :2]).prod(-1) - inter
    return iou - (hull - union) / (hull + EPS)


@torch.no_grad()
def assign(
    scores: torch.Tensor,
    pred_xyxy: torch.Tensor,
    anchors: torch.Tensor,
    gt_labels: torch.Tensor,
    gt_xyxy: torch.Tensor,
    gt_mask: torch.Tensor,
) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Returns (target boxes B×N×4, target scores B×N×nc, foreground mask B×N).

    scores: B×N×nc sigmoid scores; pred_xyxy: B×N×4; anchors: N×2; gt_*: B×M (labels), B×M×4, B×M (mask)."""
    b, n, nc = scores.shape
    m = gt_labels.shape[1]
    # anchor centres inside each GT box: B×M×N
    ax, ay = anchors[:, 0].view(1, 1, n), anchors[:, 1].view(1, 1, n)
    inside = (
        (ax > gt_xyxy[..., 0:1]) & (ax < gt_xyxy[..., 2:3]) & (ay > gt_xyxy[..., 1:2]) & (ay < gt_xyxy[..., 3:4])
    ) & gt_mask.unsqueeze(-1)
    ious = box_iou_pairs(gt_xyxy.unsqueeze(2), pred_xyxy.unsqueeze(1)) * inside  # B×M×N
    cls_scores = torch.gather(scores.transpose(1, 2), 1, gt_labels.unsqueeze(-1).expand(b, m, n))  # B×M×N
    align = cls_scores.pow(ALPHA) * ious.pow(BETA) * inside
    k = min(TOPK, n)
    top_idx = align.topk(k, dim=-1).indices
    topk_mask = torch.zeros_like(align, dtype=torch.bool).scatter_(-1, top_idx, True)
    pos = topk_mask & inside & (align > 0)
    # an anchor claimed by several GTs goes to the GT with the highest IoU
    multi = pos.sum(1, keepdim=True) > 1
    if multi.any():
        best = ious.argmax(1, keepdim=True)
        one_hot = torch.zeros_like(pos).scatter_(1, best, True)
        pos = torch.where(multi.expand_as(pos), one_hot & pos.any(1, keepdim=True), pos)
    fg = pos.any(1)  # B×N
    gt_idx = pos.float().argmax(1)  # B×N
    batch_idx = torch.arange(b).view(b, 1).expand(b, n)
    target_boxes = gt_xyxy[batch_idx, gt_idx]  # B×N×4
    target_labels = gt_labels[batch_idx, gt_idx]  # B×N
    # soft scores: alignment normalised per GT so its best anchor gets the GT's best IoU
    align_pos = align * pos
    max_align = align_pos.amax(-1, keepdim=True)
    max_iou = (ious * pos).amax(-1, keepdim=True)
    norm = (align_pos * max_iou / (max_align + EPS)).amax(1)  # B×N
    target_scores = torch.zeros(b, n, nc, dtype=scores.dtype)
    target_scores.scatter_(-1, target_labels.unsqueeze(-1), 1.0)
    target_scores = target_scores * (norm * fg).unsqueeze(-1)
    return target_boxes, target_scores, fg


def detection_loss(
    dist: torch.Tensor,
    logits: torch.Tensor,
    anchors: torch.Tensor,
    gt_labels: torch.Tensor,
    gt_xyxy: torch.Tensor,
    gt_mask: torch.Tensor,
) -> Tuple[torch.Tensor, Dict[str, float]]:
    """Total loss and its parts {box, cls} for one batch."""
    pred_xyxy = torch.cat([anchors - dist[..., :2], anchors + dist[..., 2:]], dim=-1)
    target_boxes, target_scores, fg = assign(
        logits.detach().sigmoid(), pred_xyxy.detach(), anchors, gt_labels, gt_xyxy, gt_mask
    )
    norm = target_scores.sum().clamp(min=1.0)
    loss_cls = F.binary_cross_entropy_with_logits(logits, target_scores, reduction="sum") / norm
    if fg.any():
        weight = target_scores.sum(-1)[fg]
        loss_box = ((1.0 - giou_pairs(pred_xyxy[fg], target_boxes[fg])) * weight).sum() / norm
    else:
        loss_box = pred_xyxy.sum() * 0.0
    total = CLS_WEIGHT * loss_cls + BOX_WEIGHT * loss_box
    return total, {"box": float(loss_box.detach()), "cls": float(loss_cls.detach())}
