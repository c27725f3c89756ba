"""ONNX export in the YOLOv8 layout, with metadata_props, plus reference tensors for a parity check.

torch 1.13's exporter cannot write metadata_props and the `onnx` package is not a dependency, so the entries are
appended to the end of the file as serialised `ModelProto.metadata_props` fields (field 14, repeated
StringStringEntryProto {1: key, 2: value}); appending a repeated field is valid protobuf (TRAINER-NOTES §5).

There is no Python onnxruntime, so the trainer cannot run its own ONNX. Instead it writes one real input and the
PyTorch output of the export head for it (raw little-endian float32); the app checks the ONNX against them with
onnxruntime-node before it accepts the model (src-main/training/onnx-check.ts).
"""

from __future__ import annotations

import copy
import datetime
import os
import warnings
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from . import __version__
from .model import ARCH, STRIDES, Detector, ExportHead

OPSET = 17


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field_bytes(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field (wire type 2)."""
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def metadata_bytes(props: Dict[str, str]) -> bytes:
    """Serialised ModelProto.metadata_props entries (field 14), in insertion order."""
    out = b""
    for key, value in props.items():
        entry = _field_bytes(1, key.encode("utf-8")) + _field_bytes(2, value.encode("utf-8"))
        out += _field_bytes(14, entry)
    return out


def model_metadata(names: List[str], imgsz: int, description: str) -> Dict[str, str]:
    """The keys Ultralytics writes (each value as Python str()), so the app reads both the same way."""
    return {
        "description": description,
        "author": "Loupe built-in trainer",
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "version": __version__,
        "license": "MIT (Loupe project code)",
        "stride": str(max(STRIDES)),
        "task": "detect",
        "batch": "1",
        "imgsz": str([imgsz, imgsz]),
        "names": str({i: n for i, n in enumerate(names)}),
        "channels": "3",
        "end2end": str(False),
        "arch": ARCH,
    }


def export_onnx(
    model: Detector, names: List[str], imgsz: int, path: str, sample: Optional[torch.Tensor], description: str
) -> Tuple[str, Dict[str, object]]:
    """Exports `model` (EMA weights) in eval mode; writes parity tensors next to it. Returns (path, parity info)."""
    net = ExportHead(copy.deepcopy(model).float().to(memory_format=torch.contiguous_format)).eval()
    dummy = torch.zeros(1, 3, imgsz, imgsz)
    tmp = path + ".tmp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch 1.13: harmless "shape inference of prim::Constant" warnings
        torch.onnx.export(
            net,
            (dummy,),
            tmp,
            opset_version=OPSET,
            input_names=["images"],
            output_names=["output0"],
            do_constant_folding=True,
        )
    with open(tmp, "ab") as f:
        f.write(metadata_bytes(model_metadata(names, imgsz, description)))
    os.replace(tmp, path)

    x = sample if sample is not None else torch.rand(1, 3, imgsz, imgsz, generator=torch.Generator().manual_seed(0))
    x = x.float().reshape(1, 3, imgsz, imgsz).contiguous()
    with torch.no_grad():
        y = net(x)
    base = os.path.splitext(path)[0]
    parity = {
        "input": base + ".parity-input.bin",
        "output": base + ".parity-output.bin",
        "inputShape": list(x.shape),
        "outputShape": list(y.shape),
    }
    x.numpy().astype("<f4").tofile(parity["input"])
    y.numpy().astype("<f4").tofile(parity["output"])
    return path, parity
