#!/usr/bin/env bash
# Spark tests need Java 17 and pyspark (the optional extra 'spark'); install whichever is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if [ -x .venv/bin/python ] && ! .venv/bin/python -c "import pyspark, pandas" >/dev/null 2>&1; then
  .venv/bin/python -m pip install --disable-pip-version-check -q -c constraints.txt -e '.[spark]'
fi
