#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when /usr/bin/chromium is missing (idempotent).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium present')"
