#!/usr/bin/env bash
# Builds the test control plane, one per Kubernetes release, from Go modules:
#   bin/<release>/kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#       k8s.io/kubernetes v1.37.2 / v1.27.16 (module v<release>/)
#   bin/<release>/etcd
#       go.etcd.io/etcd/server/v3 at the version the release pins in its
#       build/dependencies.yaml (module v<release>/etcd/)
#   bin/<release>/kwok, kwokctl
#       sigs.k8s.io/kwok v0.8.0 (go install; the same binaries for every release)
#
#   bash test/cluster/build.sh [RELEASE...]      # default: 1.37 1.27, in that order
#
# Built binaries are cached outside the repository, in
#   ${CLUSTER_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/cluster}/<release>-<hash>/
#   ${CLUSTER_BIN_CACHE:-...}/kwok-<version>-<hash>/
# where <hash> covers the Go version, the modules' go.mod and go.sum and the
# version stamps, so a fresh clone on a machine that built them before just
# links them in. On a miss they are built; Go's module and build caches are
# shared with test/apiserver/build.sh.
#
# Releases are built one after the other: one cold release is about 7 minutes
# of CPU and linking kube-apiserver peaks at about 2.4 GB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v go >/dev/null 2>&1; then
  # The cluster tests then skip with a message saying so.
  echo "cluster/build.sh: WARNING: 'go' is not on PATH, so the test control plane is not built and the cluster tests are skipped. Install Go >= 1.26." >&2
  exit 0
fi
# Build with the installed toolchain; never download another one.
export GOTOOLCHAIN=local

KWOK_VERSION=v0.8.0
releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(1.37 1.27)
cache="${CLUSTER_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/cluster}"
goversion=$(go env GOVERSION)
KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# kube_version RELEASE: the k8s.io/kubernetes version the release module requires (v1.37.2).
kube_version() { awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3; exit } $1 == "k8s.io/kubernetes" { print $2; exit }' "v$1/go.mod"; }
# etcd_version RELEASE: the etcd server version the release's etcd module requires (v3.7.0).
etcd_version() { awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "v$1/etcd/go.mod"; }

# ldflags RELEASE: stamp the version where `--version` reads it (kwokctl picks flags from it;
# unstamped binaries say v0.0.0-master).
ldflags() {
  local v major minor flags="-s -w" pkg
  v=$(kube_version "$1")
  major=${v#v}; major=${major%%.*}
  minor=${v#v*.}; minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  echo "$flags"
}

# hash_of FILE...: 16 hex digits of the Go version and the files.
hash_of() {
  {
    echo "$goversion"
    for f in "$@"; do
      echo "== $f"
      cat "$f"
    done
  } | sha256sum | cut -c1-16
}

# install_bin SRC DST: hard-link (else copy) SRC to DST, atomically.
install_bin() {
  [ "$1" -ef "$2" ] && return 0
  ln -f "$1" "$2.tmp" 2>/dev/null || cp -f "$1" "$2.tmp"
  mv -f "$2.tmp" "$2"
}

# check_etcd_pin RELEASE: the etcd module must build the version the release pins.
check_etcd_pin() {
  local dir pinned
  dir=$(cd "v$1" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)
  pinned=$(awk '/name: "etcd"$/ { found = 1; next } found && $1 == "version:" { print "v" $2; exit }' "$dir/build/dependencies.yaml")
  if [ "$pinned" != "$(etcd_version "$1")" ]; then
    echo "cluster/build.sh: $1: k8s.io/kubernetes pins etcd $pinned (build/dependencies.yaml) but v$1/etcd/go.mod builds $(etcd_version "$1")" >&2
    exit 1
  fi
}

# build_kwok: kwok and kwokctl into the cache; prints the cache entry.
build_kwok() {
  local key entry start tmp
  key="kwok-$KWOK_VERSION-$(echo "$KWOK_VERSION" | hash_of /dev/stdin)"
  entry="$cache/$key"
  start=$(now)
  if [ -x "$entry/kwok" ] && [ -x "$entry/kwokctl" ] && "$entry/kwokctl" --version >/dev/null 2>&1; then
    echo "cluster/build.sh: kwok: cached $entry" >&2
  else
    echo "cluster/build.sh: kwok: building sigs.k8s.io/kwok $KWOK_VERSION" >&2
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.$key.XXXXXX")
    GOBIN="$tmp" GOFLAGS=-trimpath go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
    rm -rf "$entry"
    mv -f "$tmp" "$entry"
    echo "cluster/build.sh: kwok: built $entry in $(secs "$start" "$(now)")s" >&2
  fi
  echo "$entry"
}

# build RELEASE KWOK_ENTRY: link the release's cached binaries into bin/<release>/, building them on a miss.
build() {
  local release=$1 kwok=$2 key entry start downloaded kubebuilt tmp b flags pkgs=()
  check_etcd_pin "$release"
  flags=$(ldflags "$release")
  key="$release-$(echo "$flags" | hash_of "v$release/go.mod" "v$release/go.sum" "v$release/etcd/go.mod" "v$release/etcd/go.sum" /dev/stdin)"
  entry="$cache/$key"
  start=$(now)
  if [ -x "$entry/etcd" ] && "$entry/kube-apiserver" --version >/dev/null 2>&1; then
    echo "cluster/build.sh: $release: cached $entry"
  else
    if [ -n "$(cd "v$release" && GOPROXY=off go list -m -f '{{.Dir}}' k8s.io/kubernetes 2>/dev/null || true)" ]; then
      echo "cluster/build.sh: $release: building from the Go module cache ($(go env GOMODCACHE))"
    else
      echo "cluster/build.sh: $release: first build: downloading modules, then compiling (takes several minutes)"
    fi
    (cd "v$release" && go mod download) && (cd "v$release/etcd" && go mod download)
    downloaded=$(now)
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.$key.XXXXXX")
    for b in "${KUBE_BINARIES[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
    (cd "v$release" && go build -trimpath -buildvcs=false -ldflags "$flags" -o "$tmp/" "${pkgs[@]}")
    kubebuilt=$(now)
    (cd "v$release/etcd" && go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
    rm -rf "$entry"
    mv -f "$tmp" "$entry" # atomic: a concurrent build.sh sees no entry or a whole one
    echo "cluster/build.sh: $release: built $entry in $(secs "$start" "$(now)")s (modules $(secs "$start" "$downloaded")s, kube binaries $(secs "$downloaded" "$kubebuilt")s, etcd $(secs "$kubebuilt" "$(now)")s)"
  fi
  mkdir -p "bin/$release"
  for b in "${KUBE_BINARIES[@]}" etcd; do install_bin "$entry/$b" "bin/$release/$b"; done
  for b in kwok kwokctl; do install_bin "$kwok/$b" "bin/$release/$b"; done
  echo "cluster/build.sh: $release: bin/$release ready in $(secs "$start" "$(now)")s: $("bin/$release/kube-apiserver" --version), etcd $("bin/$release/etcd" --version | awk '/etcd Version/ { print $3 }'), kwok $("bin/$release/kwokctl" --version | awk '{ print $3 }')"
}

for release in "${releases[@]}"; do
  [ -f "v$release/go.mod" ] && [ -f "v$release/etcd/go.mod" ] || { echo "cluster/build.sh: no modules for release $release (v$release/go.mod, v$release/etcd/go.mod)" >&2; exit 2; }
done

start=$(now)
kwok=$(build_kwok)
for release in "${releases[@]}"; do build "$release" "$kwok"; done
echo "cluster/build.sh: ${releases[*]} ready in $(secs "$start" "$(now)")s"
