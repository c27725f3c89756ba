"""Loupe's built-in trainer: a compact anchor-free detector in plain PyTorch (no torchvision, no downloads).

Modules:
  protocol   JSON-lines messages on stdout, the job file, SIGTERM handling
  data       data.yaml reading, letterboxing, the in-RAM image cache, batch augmentation
  model      the network (a slimmed YOLOv8-n style detector) and the ONNX export head
  loss       task-aligned assignment and the box/class loss
  evaluate   NMS and VOC-style mAP@0.5 (and mAP@0.5:0.95) on the val split
  export     ONNX export with metadata_props and the parity reference files
  train      the training loop: schedule by steps, AdamW, EMA, checkpoints, warm start
"""

__version__ = "1.0.0"
