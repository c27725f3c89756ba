"""The network: a slimmed YOLOv8-n style anchor-free detector (TRAINER-NOTES.md §3).

Conv+BN+SiLU stem, widths 16/32/64/128/160 at strides 2/4/8/16/32, C2f blocks with one bottleneck, an FPN
top-down path plus one PAN step, and two decoupled heads at strides 8 and 16. Each anchor point (a grid-cell
centre) predicts l,t,r,b distances as softplus(raw)·stride — no DFL — and per-class logits.
About 1.2 M parameters.
"""

from __future__ import annotations

import math
from typing import Dict, List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDES = (8, 16)
WIDTHS = (16, 32, 64, 128, 160)
HEAD_WIDTH = 64
ARCH = "loupe-det-v1"


class Conv(nn.Module):
    """Conv2d (no bias) + BatchNorm + SiLU."""

    def __init__(self, c1: int, c2: int, k: int = 1, s: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c: int, shortcut: bool = True) -> None:
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """Split, one bottleneck on one half, concatenate all three, fuse with a 1×1 conv."""

    def __init__(self, c1: int, c2: int, shortcut: bool = True) -> None:
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.m = Bottleneck(self.c, shortcut)
        self.cv2 = Conv(3 * self.c, c2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a, b = self.cv1(x).chunk(2, dim=1)
        return self.cv2(torch.cat([a, b, self.m(b)], dim=1))


class Head(nn.Module):
    """Decoupled head for one stride: a 3×3 conv + 1×1 prediction for boxes, the same for classes."""

    def __init__(self, c: int, nc: int) -> None:
        super().__init__()
        self.box = nn.Sequential(Conv(c, HEAD_WIDTH, 3), nn.Conv2d(HEAD_WIDTH, 4, 1))
        self.cls = nn.Sequential(Conv(c, HEAD_WIDTH, 3), nn.Conv2d(HEAD_WIDTH, nc, 1))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.box(x), self.cls(x)


class Detector(nn.Module):
    """forward(images B×3×S×S, 0..1) → (box distances B×N×4 in px, class logits B×N×nc, anchors N×2, strides N×1)."""

    def __init__(self, nc: int) -> None:
        super().__init__()
        w = WIDTHS
        self.nc = nc
        self.stem = Conv(3, w[0], 3, 2)
        self.s4 = nn.Sequential(Conv(w[0], w[1], 3, 2), C2f(w[1], w[1]))
        self.s8 = nn.Sequential(Conv(w[1], w[2], 3, 2), C2f(w[2], w[2]))
        self.s16 = nn.Sequential(Conv(w[2], w[3], 3, 2), C2f(w[3], w[3]))
        self.s32 = nn.Sequential(Conv(w[3], w[4], 3, 2), C2f(w[4], w[4]))
        self.top4 = C2f(w[4] + w[3], w[3], shortcut=False)
        self.top3 = C2f(w[3] + w[2], w[2], shortcut=False)
        self.down3 = Conv(w[2], w[2], 3, 2)
        self.pan4 = C2f(w[2] + w[3], w[3], shortcut=False)
        self.heads = nn.ModuleList([Head(w[2], nc), Head(w[3], nc)])
        self.init_biases()

    def init_biases(self) -> None:
        """Class bias at prior 0.01; box bias so softplus(raw)·stride starts near 2 strides."""
        for head in self.heads:
            cls_out = head.cls[-1]
            box_out = head.box[-1]
            assert isinstance(cls_out, nn.Conv2d) and isinstance(box_out, nn.Conv2d)
            nn.init.constant_(cls_out.bias, -math.log((1 - 0.01) / 0.01))
            nn.init.constant_(box_out.bias, 1.0)

    def features(self, x: torch.Tensor) -> List[torch.Tensor]:
        p3 = self.s8(self.s4(self.stem(x)))
        p4 = self.s16(p3)
        p5 = self.s32(p4)
        n4 = self.top4(torch.cat([F.interpolate(p5, scale_factor=2.0, mode="nearest"), p4], dim=1))
        n3 = self.top3(torch.cat([F.interpolate(n4, scale_factor=2.0, mode="nearest"), p3], dim=1))
        o4 = self.pan4(torch.cat([self.down3(n3), n4], dim=1))
        return [n3, o4]

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        boxes, logits, anchors, strides = [], [], [], []
        for feat, head, stride in zip(self.features(x), self.heads, STRIDES):
            b, c = head(feat)
            n, _, h, w = b.shape
            boxes.append(F.softplus(b).flatten(2).transpose(1, 2) * stride)
            logits.append(c.flatten(2).transpose(1, 2))
            ys = torch.arange(h, dtype=x.dtype, device=x.device)
            xs = torch.arange(w, dtype=x.dtype, device=x.device)
            gy, gx = torch.meshgrid(ys, xs, indexing="ij")
            anchors.append((torch.stack([gx, gy], dim=-1).reshape(-1, 2) + 0.5) * stride)
            strides.append(torch.full((h * w, 1), float(stride), dtype=x.dtype, device=x.device))
        return torch.cat(boxes, 1), torch.cat(logits, 1), torch.cat(anchors, 0), torch.cat(strides, 0)


def distances_to_xyxy(dist: torch.Tensor, anchors: torch.Tensor) -> torch.Tensor:
    """l,t,r,b distances (…×N×4) around anchor points (N×2) → x1,y1,x2,y2."""
    return torch.cat([anchors - dist[..., :2], anchors + dist[..., 2:]], dim=-1)


class ExportHead(nn.Module):
    """The YOLOv8 layout the app consumes: images [1,3,H,W] → [1, 4+nc, N] (cx,cy,w,h px, sigmoid scores)."""

    def __init__(self, model: Detector) -> None:
        super().__init__()
        self.model = model

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        dist, logits, anchors, _ = self.model(images)
        lt, rb = dist[..., :2], dist[..., 2:]
        x1y1, x2y2 = anchors - lt, anchors + rb
        out = torch.cat([(x1y1 + x2y2) / 2, x2y2 - x1y1, torch.sigmoid(logits)], dim=-1)
        return out.transpose(1, 2)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def load_compatible(model: Detector, state: Dict[str, torch.Tensor]) -> List[str]:
    """Loads every tensor whose name and shape match (a warm start with another class count keeps all but the
    class predictions); returns the names that were skipped."""
    own = model.state_dict()
    usable = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    skipped = sorted(k for k in own if k not in usable)
    own.update(usable)
    model.load_state_dict(own)
    return skipped
