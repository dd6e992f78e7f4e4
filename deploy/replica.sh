#!/bin/sh
# One Streamlit replica of O.7 Planer: the one command line used by deploy/cluster.py and by the Containerfile.
#   deploy/replica.sh PORT            (from the checkout; O7_REPLICA names the replica, e.g. r1)
# Environment:
#   O7_ADDRESS                    address to listen on (default 127.0.0.1; 0.0.0.0 in the container)
#   O7_REPLICA                    name of this replica = the balancer's cookie value (r1, r2, ...)
#   STREAMLIT_SERVER_COOKIE_SECRET  the same secret on every replica (signed cookies, st.login)
# All other settings come from .streamlit/config.toml (upload size, XSRF, no usage statistics).
set -eu
cd "$(dirname "$0")/.."
PORT="${1:?Aufruf: deploy/replica.sh PORT}"
exec "${PYTHON:-python3}" -m streamlit run app.py \
  --server.address "${O7_ADDRESS:-127.0.0.1}" \
  --server.port "$PORT" \
  --server.headless true \
  --server.fileWatcherType none \
  --browser.gatherUsageStats false
