#!/usr/bin/env bash
# Builds bin/apiserver-validate: kube-apiserver's own decode + create
# validation (k8s.io/kubernetes v1.27) as a standalone CLI for the tests.
# A cold build downloads ~70 modules and compiles a large part of
# k8s.io/kubernetes; later builds come from Go's module and build caches.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v go >/dev/null 2>&1; then
  # The tests then skip upstream validation and say so; on this project's machines Go is present.
  echo "build.sh: WARNING: 'go' is not on PATH, so the upstream validator is not built and the tests skip upstream API-server validation. Install Go >= 1.20 (tested with 1.26)." >&2
  exit 0
fi
# Build with the installed toolchain; never try to download another one.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

start=$(now)
# Dir is empty when the module is not in the cache yet (GOPROXY=off: no network).
if [ -n "$(GOPROXY=off go list -m -f '{{.Dir}}' k8s.io/kubernetes 2>/dev/null || true)" ]; then
  echo "build.sh: using modules from the Go module cache ($(go env GOMODCACHE))"
else
  echo "build.sh: first build: downloading modules, then compiling (takes a few minutes)"
fi
go mod download
downloaded=$(now)
go build -trimpath -buildvcs=false -o bin/apiserver-validate .
built=$(now)

echo "build.sh: built $(pwd)/bin/apiserver-validate ($(./bin/apiserver-validate --version | awk '{print $NF}'), $(go env GOVERSION))" \
  "in $(secs "$start" "$built")s (modules $(secs "$start" "$downloaded")s, compile $(secs "$downloaded" "$built")s)"
