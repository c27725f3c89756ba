#!/usr/bin/env bash
# The README's first command (`npm run demo`): installs what the built-in trainer needs on a fresh Debian machine
# (PyTorch for /usr/bin/python3, as scripts/test.sh does), then runs the loop on the bundled demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! /usr/bin/python3 -c "import torch, PIL" >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "[loupe demo] installing PyTorch for the built-in trainer: apt-get install python3-torch python3-pil"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-torch python3-pil \
      || echo "[loupe demo] could not install PyTorch; the demo will say what is missing"
  fi
fi
exec node "$ROOT/bin/loupe.mjs" demo "$@"
