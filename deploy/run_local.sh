#!/bin/sh
# Start N replicas of O.7 Planer and HAProxy on 127.0.0.1 from the checkout (Strg+C stops all).
#   deploy/run_local.sh [--replicas 3] [--port 8080]
cd "$(dirname "$0")/.." && exec "${PYTHON:-python3}" deploy/cluster.py "$@"
