#!/usr/bin/env python3
"""Loupe's built-in trainer. Usage: python3 loupe_train.py --job job.json

Needs Python 3 + PyTorch ≥ 1.13, numpy and Pillow; nothing else, no network. Speaks the JSON-lines trainer
protocol on stdout (see loupe_trainer/protocol.py); SIGTERM saves a checkpoint and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description="Loupe built-in detector trainer")
    parser.add_argument("--job", required=True, help="path of the JSON job file")
    args = parser.parse_args(argv)

    from loupe_trainer.protocol import StopFlag, emit, read_job

    stop = StopFlag().install()
    try:
        job = read_job(args.job)
        import torch  # noqa: F401  (imported here so a missing torch becomes a protocol error)
        from loupe_trainer.train import run

        return run(job, stop)
    except Exception as e:  # noqa: BLE001 — every failure must become an `error` line
        traceback.print_exc(file=sys.stderr)
        emit("error", message=f"{type(e).__name__}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
