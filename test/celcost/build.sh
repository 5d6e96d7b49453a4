#!/usr/bin/env bash
# Builds test/celcost/bin/celcost: the CEL cost of the admission policies with the API server's own
# CEL environment (k8s.io/apiserver v0.37.2). Cached outside the repository in
#   ${CELCOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/celcost}/<hash>/
# where <hash> covers the Go version, go.mod, go.sum and main.go; a hit is hard-linked into bin/.
# The modules are those of test/apiserver/v1.37 (the same go.sum): a warm Go module cache builds it
# without a download.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v go >/dev/null 2>&1; then
  echo "celcost/build.sh: WARNING: 'go' is not on PATH, so the CEL cost tool is not built. Install Go >= 1.26." >&2
  exit 0
fi
export GOTOOLCHAIN=local
cache="${CELCOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/celcost}"
hash=$( { go env GOVERSION; cat go.mod go.sum main.go; } | sha256sum | cut -c1-16)
target="$cache/$hash/celcost"
if [ ! -x "$target" ]; then
  mkdir -p "$cache/$hash"
  go build -trimpath -o "$target.tmp.$$" . && mv "$target.tmp.$$" "$target"
fi
mkdir -p bin
ln -f "$target" bin/celcost.tmp.$$ 2>/dev/null || cp "$target" bin/celcost.tmp.$$
mv -f bin/celcost.tmp.$$ bin/celcost
echo "celcost/build.sh: bin/celcost ($hash)"
