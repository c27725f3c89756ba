"""The trainer protocol (see DESIGN.md "Trainer protocol"): one JSON object per line on stdout.

Messages: start, epoch, step, log, done, stopped, error. Anything else a library prints goes to stderr (or to
stdout as plain text); the runner writes it to training_log.txt and never fails on it.
"""

from __future__ import annotations

import json
import math
import signal
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

PROTOCOL_VERSION = 1


def _clean(value: Any) -> Any:
    """JSON-safe copy: NaN/inf become None, tuples become lists, numpy/torch scalars become floats."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f if math.isfinite(f) else None


def emit(kind: str, **fields: Any) -> None:
    """Writes one protocol message as a single line on stdout and flushes it at once."""
    message = {"type": kind}
    message.update(_clean(fields))
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(message: str, level: str = "info") -> None:
    emit("log", level=level, message=message)


@dataclass
class Job:
    """The job file the runner writes (protocol.ts `trainerJobSchema`)."""

    data: str
    names: List[str]
    out: str
    epochs: int = 30
    steps: Optional[int] = None
    imgsz: int = 320
    batch: int = 16
    seed: int = 0
    device: str = "cpu"
    threads: int = 0
    init: Optional[str] = None
    lr: Optional[float] = None
    model: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict)


def read_job(path: str) -> Job:
    """Reads and checks the job file; raises ValueError naming the problem."""
    with open(path, "r", encoding="utf-8") as f:
        raw = json.load(f)
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: the job file must hold a JSON object")
    for key in ("data", "names", "out"):
        if key not in raw:
            raise ValueError(f"{path}: the job file has no '{key}'")
    names = raw["names"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{path}: 'names' must be a non-empty list of strings")
    known = set(Job.__dataclass_fields__.keys()) - {"extra"}
    extra = {k: v for k, v in raw.items() if k not in known}
    return Job(
        data=str(raw["data"]),
        names=list(names),
        out=str(raw["out"]),
        epochs=int(raw.get("epochs") or 30),
        steps=int(raw["steps"]) if raw.get("steps") else None,
        imgsz=int(raw.get("imgsz") or 320),
        batch=int(raw.get("batch") or 16),
        seed=int(raw.get("seed") or 0),
        device=str(raw.get("device") or "cpu"),
        threads=int(raw.get("threads") or 0),
        init=str(raw["init"]) if raw.get("init") else None,
        lr=float(raw["lr"]) if raw.get("lr") else None,
        model=str(raw["model"]) if raw.get("model") else None,
        extra=extra,
    )


class StopFlag:
    """Set by SIGTERM (and SIGINT): the loop finishes its current step, saves a checkpoint and exits."""

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> "StopFlag":
        def handler(signum: int, _frame: Any) -> None:
            self.requested = True

        signal.signal(signal.SIGTERM, handler)
        try:
            signal.signal(signal.SIGINT, handler)
        except ValueError:  # not the main thread
            pass
        return self
