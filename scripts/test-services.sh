#!/usr/bin/env bash
# Installs and starts what the test suite needs beyond Python packages.
# Each part is idempotent: it does nothing when the service is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
for part in scripts/services.d/*.sh; do
  [ -e "$part" ] || continue
  bash "$part"
done
