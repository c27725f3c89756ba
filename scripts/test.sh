#!/usr/bin/env bash
# The README's test command: installs what a fresh Debian machine lacks, then runs `npm test`.
# Idempotent and quick when everything is already there. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip   # onnxruntime-node's installer would try to download CUDA files
export LOUPE_SKIP_ELECTRON_NATIVE=1    # the Electron build of better-sqlite3 is not needed for tests

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi

apt_updated=0
apt_install() {  # apt_install [--no-install-recommends] pkg...
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  echo "[loupe test] installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}
# Chromium (with its recommended fonts) drives the renderer's end-to-end tests.
[ -x /usr/bin/chromium ] || apt_install chromium
# Debian's PyTorch for /usr/bin/python3 runs the built-in trainer; PIL decodes its images.
/usr/bin/python3 -c "import torch, PIL" >/dev/null 2>&1 || apt_install --no-install-recommends python3-torch python3-pil

# libjpeg-turbo's headers build Loupe's image addon (JPEG decoding and the letterbox pass in C) at npm ci.
[ -f /usr/include/jpeglib.h ] || apt_install --no-install-recommends libjpeg62-turbo-dev
# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[loupe test] npm ci"
  npm ci --no-audit --no-fund
fi

npm test
