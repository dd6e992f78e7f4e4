#!/usr/bin/env bash
# SBOM (CycloneDX JSON) of the packages installed for PYTHON (default: this python):
#   scripts/sbom.sh [PYTHON] [OUT]       OUT default: test-artifacts/sbom.cdx.json
# For the SBOM of exactly what runs, pass the python of the runtime venv (the offline install test
# does this with its fresh venv from the wheelhouse, which holds requirements.txt and nothing else).
set -euo pipefail
cd "$(dirname "$0")/.."
py="$(command -v "${1:-python}")"
out="${2:-test-artifacts/sbom.cdx.json}"
mkdir -p "$(dirname "$out")"
python -m cyclonedx_py environment --pyproject pyproject.toml --mc-type application \
  --output-reproducible --of JSON -o "$out" "$py"
echo "SBOM: $out"
