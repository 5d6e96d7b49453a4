#!/usr/bin/env bash
# Builds the upstream validators, one per Kubernetes release:
#   bin/apiserver-validate-1.27  (k8s.io/kubernetes v1.27.16, module v1.27/)
#   bin/apiserver-validate-1.37  (k8s.io/kubernetes v1.37.2,  module v1.37/)
#   bin/apiserver-validate       (the 1.27 one, the name older callers use)
#
#   bash test/apiserver/build.sh [RELEASE...]      # default: 1.27 1.37
#
# Built binaries are cached outside the repository, in
#   ${APISERVER_VALIDATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/apiserver-validate}/<release>-<hash>/
# where <hash> covers the Go version, the module's go.mod, go.sum and Go
# sources, and the shared ones in validator/ (tests and the known-answer table
# excluded), so a fresh clone on a machine that built the same sources before
# just links them in.
# On a miss the module is built (a cold build downloads the modules and
# compiles a large part of k8s.io/kubernetes; later ones come from Go's module
# and build caches). Both releases share the Go module cache.
#
# APISERVER_VALIDATE_BUILD=parallel|sequential picks how two misses are built;
# parallel is the default: on the project's 2-core machine a cold build of both
# took 268 s in parallel and 548 s one after the other (see CONTRIBUTING.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v go >/dev/null 2>&1; then
  # The tests then fail with "not found; build it with ..."; on this project's machines Go is present.
  echo "build.sh: WARNING: 'go' is not on PATH, so the upstream validators are not built. Install Go >= 1.26." >&2
  exit 0
fi
# Build with the installed toolchain; never download another one.
export GOTOOLCHAIN=local

releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(1.27 1.37)
mode="${APISERVER_VALIDATE_BUILD:-parallel}"
case "$mode" in sequential | parallel) ;; *) echo "build.sh: APISERVER_VALIDATE_BUILD must be sequential or parallel" >&2; exit 2 ;; esac
cache="${APISERVER_VALIDATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/apiserver-validate}"
goversion=$(go env GOVERSION)

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# cache_key RELEASE: <release>-<sha256 of what the binary is built from>, 16 hex digits.
cache_key() {
  local hash f
  hash=$(
    {
      echo "$goversion"
      for f in $({ find "v$1" validator -path validator/knownanswers -prune -o -name '*.go' ! -name '*_test.go' -type f -print; echo "v$1/go.mod v$1/go.sum validator/go.mod"; } | tr ' ' '\n' | LC_ALL=C sort); do
        echo "== $f"
        cat "$f"
      done
    } | sha256sum | cut -c1-16
  )
  echo "$1-$hash"
}

# install_bin SRC DST: hard-link (else copy) SRC to DST, atomically.
install_bin() {
  [ "$1" -ef "$2" ] && return 0
  ln -f "$1" "$2.tmp" 2>/dev/null || cp -f "$1" "$2.tmp"
  mv -f "$2.tmp" "$2"
}

# build RELEASE: link the cached binary into bin/, building it on a miss.
build() {
  local release=$1 key entry start downloaded built tmp
  key=$(cache_key "$release")
  entry="$cache/$key/apiserver-validate"
  start=$(now)
  if [ -x "$entry" ] && "$entry" --version >/dev/null 2>&1; then
    echo "build.sh: $release: cached $entry"
  else
    if [ -n "$(cd "v$release" && GOPROXY=off go list -m -f '{{.Dir}}' k8s.io/kubernetes 2>/dev/null || true)" ]; then
      echo "build.sh: $release: building from the Go module cache ($(go env GOMODCACHE))"
    else
      echo "build.sh: $release: first build: downloading modules, then compiling (takes a few minutes)"
    fi
    (cd "v$release" && go mod download)
    downloaded=$(now)
    mkdir -p "$cache/$key"
    tmp=$(mktemp "$cache/$key/.apiserver-validate.XXXXXX")
    (cd "v$release" && go build -trimpath -buildvcs=false -o "$tmp" .)
    mv -f "$tmp" "$entry" # atomic: a concurrent build.sh sees the old or the new binary
    built=$(now)
    echo "build.sh: $release: built $entry in $(secs "$start" "$built")s (modules $(secs "$start" "$downloaded")s, compile $(secs "$downloaded" "$built")s)"
  fi
  mkdir -p bin
  install_bin "$entry" "bin/apiserver-validate-$release"
  [ "$release" != 1.27 ] || install_bin "$entry" bin/apiserver-validate
  echo "build.sh: $release: bin/apiserver-validate-$release ($("bin/apiserver-validate-$release" --version | awk '{print $NF}'), $goversion) ready in $(secs "$start" "$(now)")s"
}

for release in "${releases[@]}"; do
  [ -f "v$release/go.mod" ] || { echo "build.sh: no module for release $release (v$release/go.mod)" >&2; exit 2; }
done

start=$(now)
if [ "$mode" = parallel ] && [ ${#releases[@]} -gt 1 ]; then
  pids=()
  for release in "${releases[@]}"; do
    build "$release" &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  [ $status -eq 0 ] || { echo "build.sh: a build failed" >&2; exit 1; }
else
  for release in "${releases[@]}"; do build "$release"; done
fi
echo "build.sh: ${releases[*]} ready in $(secs "$start" "$(now)")s ($mode)"
