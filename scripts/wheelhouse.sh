#!/usr/bin/env bash
# Offline install, step 1 (on a machine WITH access to the package index): every wheel that
# requirements.txt needs, with all its dependencies, once into a folder.
#   scripts/wheelhouse.sh [FOLDER] [pip download options]       (FOLDER default: wheelhouse/)
#   scripts/wheelhouse.sh wheelhouse --platform manylinux2014_x86_64 --python-version 3.11
#                                      (for a target machine other than this one)
# Step 2 (on the machine WITHOUT access), in a fresh virtual environment:
#   python -m pip install --no-index --find-links wheelhouse -r requirements.txt
# Only wheels are taken (--only-binary=:all:): nothing is compiled on the target machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-wheelhouse}"
shift || true
mkdir -p "$dest"
python -m pip download --disable-pip-version-check --only-binary=:all: -r requirements.txt -d "$dest" "$@"
cp requirements.txt "$dest/requirements.txt"
echo "wheelhouse: $(ls "$dest"/*.whl | wc -l) Wheels in $dest"
