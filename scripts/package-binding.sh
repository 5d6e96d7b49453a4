#!/usr/bin/env bash
# package:java and package:go: jsii-pacmak into dist/, working around two registry gaps.
# - Maven Central serves no org.cdk8s:cdk8s-plus-27, which the jar's pom needs: build that jar from
#   the npm package of the same version into a local Maven repository pacmak's Maven reads.
# - The Go module proxy refuses cdk8s-core-go and cdk8s-plus-go, so pacmak's `go mod tidy` check
#   fails: generate the library's module with --code-only (the same files), plus the two modules
#   from the npm packages into build/bindings/go for consumers inside this repository (smoke tests).
# - The .NET SDK is not in the registries this project's machines reach: dotnet is packaged where
#   the SDK is installed, and skipped with a message elsewhere.
# Usage: bash scripts/package-binding.sh java|go|dotnet
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
BINDINGS="${CDK8S_WINDOWS_BINDINGS:-$PWD/build/bindings}"
M2="${CDK8S_WINDOWS_M2:-$PWD/build/m2}"
plus27=$(node -p "require('./node_modules/cdk8s-plus-27/package.json').version")

case "${1:-}" in
  java)
    if [ ! -f "$M2/org/cdk8s/cdk8s-plus-27/$plus27/cdk8s-plus-27-$plus27.jar" ]; then
      npx jsii-pacmak -v --target java --maven-local-repository "$M2" -o "$BINDINGS" node_modules/cdk8s-plus-27
    fi
    npx jsii-pacmak -v --target java --maven-local-repository "$M2"
    ;;
  go)
    npx jsii-pacmak -v --code-only --target go -o "$BINDINGS" node_modules/cdk8s node_modules/cdk8s-plus-27
    npx jsii-pacmak -v --code-only --target go
    ;;
  dotnet)
    if command -v dotnet >/dev/null; then
      npx jsii-pacmak -v --target dotnet
    else
      echo "package:dotnet: skipped: the .NET SDK is not installed"
    fi
    ;;
  *)
    echo "usage: bash scripts/package-binding.sh java|go|dotnet" >&2
    exit 2
    ;;
esac
