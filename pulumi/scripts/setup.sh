#!/usr/bin/env bash
# Builds the Pulumi CLI and the Pulumi Kubernetes provider plugin from the Go module proxy (the
# wrapper modules in tools/), caches them outside the repository keyed by version, and installs the
# provider into a PULUMI_HOME under the cache. A cache hit takes seconds. Writes .tools.json (the
# paths the end-to-end test uses) and prints the cold or warm time of each step.
#
#   CDK8S_WINDOWS_PULUMI_CACHE  the cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/pulumi)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

PULUMI_VERSION=3.274.1
KUBERNETES_PROVIDER_VERSION=4.25.0
cache=${CDK8S_WINDOWS_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-windows/pulumi}
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly PULUMI_SKIP_UPDATE_CHECK=1
export PULUMI_HOME=$cache/home

# The fingerprint of a wrapper module: a changed go.mod, go.sum or main rebuilds.
fingerprint() { (cd "$1" && shopt -s nullglob && cat go.mod go.sum ./*.go) | sha256sum | cut -c1-12; }

cli_dir=$cache/cli/v$PULUMI_VERSION-$(fingerprint tools/pulumi-cli)
provider_dir=$cache/kubernetes/v$KUBERNETES_PROVIDER_VERSION-$(fingerprint tools/pulumi-resource-kubernetes)

build_cli() {
  local start=$SECONDS
  (cd tools/pulumi-cli && go build -trimpath -o "$cli_dir.tmp/bin/pulumi" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$cli_dir.tmp" "$cli_dir"
  echo "setup: built pulumi v$PULUMI_VERSION in $((SECONDS - start))s"
}

build_provider() {
  local start=$SECONDS
  (cd tools/pulumi-resource-kubernetes && go mod download github.com/pulumi/pulumi-kubernetes/provider/v4 &&
    VERSION=$KUBERNETES_PROVIDER_VERSION go run generate.go &&
    go build -trimpath -o "$provider_dir.tmp/pulumi-resource-kubernetes" \
      -ldflags "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" .)
  mv "$provider_dir.tmp" "$provider_dir"
  echo "setup: built pulumi-resource-kubernetes v$KUBERNETES_PROVIDER_VERSION in $((SECONDS - start))s"
}

start=$SECONDS
pids=()
if [ -x "$cli_dir/bin/pulumi" ]; then echo "setup: pulumi v$PULUMI_VERSION cached in $cli_dir (warm)"
else rm -rf "$cli_dir.tmp"; build_cli & pids+=($!); fi
if [ -x "$provider_dir/pulumi-resource-kubernetes" ]; then
  echo "setup: pulumi-resource-kubernetes v$KUBERNETES_PROVIDER_VERSION cached in $provider_dir (warm)"
else rm -rf "$provider_dir.tmp"; build_provider & pids+=($!); fi
# The two builds run in parallel; a failed one fails the script.
for pid in "${pids[@]}"; do wait "$pid"; done

pulumi=$cli_dir/bin/pulumi
installed=$PULUMI_HOME/plugins/resource-kubernetes-v$KUBERNETES_PROVIDER_VERSION/pulumi-resource-kubernetes
if ! cmp -s "$installed" "$provider_dir/pulumi-resource-kubernetes"; then
  "$pulumi" plugin install resource kubernetes "$KUBERNETES_PROVIDER_VERSION" --reinstall \
    --file "$provider_dir/pulumi-resource-kubernetes"
fi

cat > "$root/.tools.json" <<JSON
{
  "pulumi": "$pulumi",
  "pulumiRoot": "$cli_dir",
  "pulumiVersion": "$PULUMI_VERSION",
  "pulumiHome": "$PULUMI_HOME",
  "kubernetesProviderVersion": "$KUBERNETES_PROVIDER_VERSION"
}
JSON
echo "setup: $("$pulumi" version), plugins: $("$pulumi" plugin ls 2>&1 | grep -c kubernetes) kubernetes provider(s) in $PULUMI_HOME"
echo "setup: done in $((SECONDS - start))s"
