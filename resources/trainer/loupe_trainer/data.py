"""Dataset reading (YOLO format), letterboxing, the in-RAM image cache and augmentation on batch tensors.

Only PIL, numpy and torch are used; data.yaml is read by datayaml.py (no PyYAML).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

from .datayaml import read_data_yaml
from .protocol import emit

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}
PAD_VALUE = 114


def _resolve(root: str, p: str) -> str:
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(root, p))


def list_images(yaml_path: str, split: str) -> List[str]:
    """Image paths of a split: a folder (searched recursively), a .txt list, or a list of either."""
    data = read_data_yaml(yaml_path)
    root = str(data.get("path") or os.path.dirname(os.path.abspath(yaml_path)))
    root = _resolve(os.path.dirname(os.path.abspath(yaml_path)), root)
    entry = data.get(split)
    if entry is None:
        return []
    entries = entry if isinstance(entry, list) else [entry]
    images: List[str] = []
    for e in entries:
        p = _resolve(root, str(e))
        if os.path.isdir(p):
            for dirpath, _dirs, files in os.walk(p):
                for name in files:
                    if os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES:
                        images.append(os.path.join(dirpath, name))
        elif p.endswith(".txt") and os.path.isfile(p):
            with open(p, "r", encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if line:
                        images.append(_resolve(root, line))
        else:
            raise FileNotFoundError(f"{yaml_path}: the {split} entry '{e}' is neither a folder nor a .txt list")
    return sorted(images)


def label_path(image_path: str) -> str:
    """YOLO rule: the last /images/ becomes /labels/ and the extension becomes .txt."""
    head, sep, tail = image_path.rpartition(os.sep + "images" + os.sep)
    base = head + os.sep + "labels" + os.sep + tail if sep else image_path
    return os.path.splitext(base)[0] + ".txt"


def read_labels(path: str, nc: int) -> np.ndarray:
    """Rows of (class, cx, cy, w, h) normalised; a missing file is a background image. Bad rows are skipped."""
    if not os.path.isfile(path):
        return np.zeros((0, 5), dtype=np.float32)
    rows = []
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 5:
                continue
            try:
                c, cx, cy, w, h = int(float(parts[0])), *map(float, parts[1:])
            except ValueError:
                continue
            if 0 <= c < nc and w > 0 and h > 0:
                rows.append((c, cx, cy, w, h))
    return np.array(rows, dtype=np.float32).reshape(-1, 5)


def letterbox_params(w0: int, h0: int, size: int) -> Tuple[float, int, int, int, int]:
    """Ultralytics' centre letterbox: gain, new width, new height, left pad, top pad (round half to even)."""
    r = min(size / h0, size / w0)
    nw, nh = int(round(w0 * r)), int(round(h0 * r))
    left = int(round((size - nw) / 2 - 0.1))
    top = int(round((size - nh) / 2 - 0.1))
    return r, nw, nh, left, top


def load_letterboxed(path: str, size: int) -> Tuple[np.ndarray, float, int, int, int, int]:
    """Image as a size×size×3 uint8 array, padded with 114; returns it with (gain, left, top, w0, h0)."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        w0, h0 = im.size
        r, nw, nh, left, top = letterbox_params(w0, h0, size)
        if (nw, nh) != (w0, h0):
            im = im.resize((nw, nh), Image.BILINEAR)
        canvas = np.full((size, size, 3), PAD_VALUE, dtype=np.uint8)
        canvas[top:top + nh, left:left + nw] = np.asarray(im, dtype=np.uint8)
    return canvas, r, left, top, w0, h0


@dataclass
class CachedSet:
    """Letterboxed images (uint8, N×3×S×S) and their boxes: per image an array of (class, x1, y1, x2, y2) in
    letterboxed px (what training sees). Validation scores in the original image's px, as the app does, so each
    image also keeps its original size (w0, h0) and its boxes in original px (`gt`)."""

    images: torch.Tensor
    boxes: List[np.ndarray]
    paths: List[str]
    skipped: List[str]
    sizes: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    gt: List[np.ndarray] = field(default_factory=list)


def build_cache(paths: List[str], size: int, nc: int) -> CachedSet:
    """Decodes and letterboxes every image once. An image that cannot be read — missing, corrupt, or refused by
    Pillow as a decompression bomb — is skipped and named in a `log` line (level warn) and on stderr; the caller
    stops cleanly when nothing is left."""
    tensors: List[np.ndarray] = []
    boxes: List[np.ndarray] = []
    kept: List[str] = []
    skipped: List[str] = []
    sizes: List[Tuple[int, int]] = []
    gt: List[np.ndarray] = []
    last_note = time.time()
    for i, p in enumerate(paths):
        if time.time() - last_note >= 10.0:
            # a heartbeat, so the runner does not take a long caching phase for a hung trainer
            last_note = time.time()
            emit("log", level="info", message=f"cached {i}/{len(paths)} images")
        try:
            arr, r, left, top, w0, h0 = load_letterboxed(p, size)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, MemoryError) as e:
            # DecompressionBombError is not an OSError; without it one huge image ended the run with no file name
            message = f"skipping unreadable image {p}: {type(e).__name__}: {e}"
            print(message, file=sys.stderr)
            emit("log", level="warn", message=message)
            skipped.append(p)
            continue
        lab = read_labels(label_path(p), nc)
        b = np.zeros((len(lab), 5), dtype=np.float32)
        g = np.zeros((len(lab), 5), dtype=np.float64)
        if len(lab):
            g[:, 0] = lab[:, 0]
            g[:, 1] = (lab[:, 1].astype(np.float64) - lab[:, 3] / 2) * w0
            g[:, 2] = (lab[:, 2].astype(np.float64) - lab[:, 4] / 2) * h0
            g[:, 3] = (lab[:, 1].astype(np.float64) + lab[:, 3] / 2) * w0
            g[:, 4] = (lab[:, 2].astype(np.float64) + lab[:, 4] / 2) * h0
            b[:, 0] = lab[:, 0]
            b[:, 1] = (lab[:, 1] - lab[:, 3] / 2) * w0 * r + left
            b[:, 2] = (lab[:, 2] - lab[:, 4] / 2) * h0 * r + top
            b[:, 3] = (lab[:, 1] + lab[:, 3] / 2) * w0 * r + left
            b[:, 4] = (lab[:, 2] + lab[:, 4] / 2) * h0 * r + top
            b[:, 1:] = np.clip(b[:, 1:], 0, size)
        tensors.append(arr.transpose(2, 0, 1))
        boxes.append(b)
        gt.append(g)
        sizes.append((w0, h0))
        kept.append(p)
    images = torch.from_numpy(np.stack(tensors)) if tensors else torch.zeros((0, 3, size, size), dtype=torch.uint8)
    return CachedSet(images=images, boxes=boxes, paths=kept, skipped=skipped,
                     sizes=np.array(sizes, dtype=np.int64).reshape(-1, 2), gt=gt)


def augment_batch(
    imgs: torch.Tensor, boxes: List[np.ndarray], gen: torch.Generator, channel_shuffle: bool = False
) -> Tuple[torch.Tensor, List[torch.Tensor]]:
    """Random scale 0.6–1.6, translation ±20 %, h/v flips (one affine_grid/grid_sample call, pad 114),
    brightness/contrast jitter. `imgs` is float 0..1 (B×3×S×S); boxes (class, x1, y1, x2, y2) in px.
    A box keeping less than 40 % of its transformed area inside the image is dropped."""
    b, _, s, _ = imgs.shape
    rnd = lambda *shape: torch.rand(*shape, generator=gen)  # noqa: E731
    scale = 0.6 + rnd(b) * 1.0
    tx, ty = (rnd(b) - 0.5) * 0.4 * 2, (rnd(b) - 0.5) * 0.4 * 2  # normalised coords span 2
    fx = torch.where(rnd(b) < 0.5, -1.0, 1.0)
    fy = torch.where(rnd(b) < 0.5, -1.0, 1.0)
    # forward map (normalised): out = f·s·in + t  ⇒  affine_grid wants in = out/(f·s) − t/(f·s)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = 1.0 / (fx * scale)
    theta[:, 1, 1] = 1.0 / (fy * scale)
    theta[:, 0, 2] = -tx / (fx * scale)
    theta[:, 1, 2] = -ty / (fy * scale)
    grid = F.affine_grid(theta, list(imgs.shape), align_corners=False)
    pad = PAD_VALUE / 255.0
    out = F.grid_sample(imgs - pad, grid, mode="bilinear", padding_mode="zeros", align_corners=False) + pad
    # brightness / contrast jitter per image
    contrast = (0.75 + rnd(b) * 0.5).view(b, 1, 1, 1)
    bright = ((rnd(b) - 0.5) * 0.2).view(b, 1, 1, 1)
    mean = out.mean(dim=(1, 2, 3), keepdim=True)
    out = ((out - mean) * contrast + mean + bright).clamp_(0.0, 1.0)
    if channel_shuffle:
        perms = [torch.randperm(3, generator=gen) for _ in range(b)]
        out = torch.stack([out[i, p] for i, p in enumerate(perms)])
    new_boxes: List[torch.Tensor] = []
    for i in range(b):
        bx = torch.from_numpy(boxes[i]).clone() if len(boxes[i]) else torch.zeros((0, 5))
        if len(bx):
            sx, sy = float(fx[i] * scale[i]), float(fy[i] * scale[i])
            ox, oy = float(tx[i]), float(ty[i])
            xs = (bx[:, [1, 3]] / s * 2 - 1) * sx + ox
            ys = (bx[:, [2, 4]] / s * 2 - 1) * sy + oy
            xs, ys = (xs + 1) / 2 * s, (ys + 1) / 2 * s
            x1, x2 = xs.min(dim=1).values, xs.max(dim=1).values
            y1, y2 = ys.min(dim=1).values, ys.max(dim=1).values
            area = (x2 - x1) * (y2 - y1)
            cx1, cy1, cx2, cy2 = x1.clamp(0, s), y1.clamp(0, s), x2.clamp(0, s), y2.clamp(0, s)
            kept = (cx2 - cx1) * (cy2 - cy1)
            keep = (kept >= 0.4 * area) & (cx2 - cx1 >= 2) & (cy2 - cy1 >= 2)
            bx = torch.stack([bx[:, 0], cx1, cy1, cx2, cy2], dim=1)[keep]
        new_boxes.append(bx)
    return out, new_boxes


def pad_targets(boxes: List[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Stacks per-image boxes into (labels B×M long, boxes B×M×4, mask B×M bool), M ≥ 1."""
    m = max([1] + [len(b) for b in boxes])
    n = len(boxes)
    labels = torch.zeros(n, m, dtype=torch.long)
    xyxy = torch.zeros(n, m, 4)
    mask = torch.zeros(n, m, dtype=torch.bool)
    for i, b in enumerate(boxes):
        k = len(b)
        if k:
            labels[i, :k] = b[:, 0].long()
            xyxy[i, :k] = b[:, 1:5]
            mask[i, :k] = True
    return labels, xyxy, mask
