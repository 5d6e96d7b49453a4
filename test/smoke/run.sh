#!/usr/bin/env bash
# Smoke tests of the jsii bindings: builds the library (jsii) and its Python, Java and Go packages
# (jsii-pacmak, into dist/), then uses each package from its language: test/smoke/{python,java,go}.
#
# Needs Node 20, Python 3.11, Java 17 + Maven 3.8, Go 1.26 and the package registries (npm, PyPI,
# Maven Central, the Go module proxy). Caches, venv and generated dependency bindings live in
# test/smoke/.work/ (delete it for a cold run).
#
#   bash test/smoke/run.sh                 build, then run the three suites
#   SMOKE_NO_BUILD=1 bash test/smoke/run.sh   reuse lib/, .jsii and dist/ as they are
#
# Two registry gaps are worked around here (see README.md beside this file): Maven Central has no
# org.cdk8s:cdk8s-plus-27, and the Go module proxy refuses cdk8s-core-go and cdk8s-plus-go. Those
# bindings are generated with jsii-pacmak from the npm packages of the same versions in node_modules.
set -euo pipefail

SMOKE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SMOKE/../.." && pwd)"
WORK="$SMOKE/.work"
export CDK8S_WINDOWS_BINDINGS="$WORK/bindings"   # jsii-pacmak output for the dependencies the registries lack
export CDK8S_WINDOWS_M2="$WORK/m2"               # Maven local repository (see README.md for why not ~/.m2)
M2="$CDK8S_WINDOWS_M2"
mkdir -p "$WORK"
cd "$ROOT"

# Every jsii process (compiler, pacmak, and the node child of each language runtime) prints a
# full-screen banner on Node 20; the runtimes still work on it.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PIP_CACHE_DIR="$WORK/pip-cache" PYTHONDONTWRITEBYTECODE=1
export GOMODCACHE="$WORK/go/mod" GOCACHE="$WORK/go/build"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw"   # so that `rm -rf test/smoke/.work` works

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# step NAME COMMAND...: runs a build step, prints its time; a failing step stops the run.
step() {
  local name=$1 start
  shift
  echo "::: $name: $*"
  start=$(now)
  "$@"
  echo "build: $name $(since "$start") s"
}

build() {
  if [ ! -d node_modules ]; then step "npm ci" npm ci; fi
  step "compile" npx projen compile
  step "package:python" npx projen package:python

  # Java and Go: scripts/package-binding.sh works around the registries' missing cdk8s bindings,
  # into the Maven repository and Go bindings this script's suites use.
  step "package:java" npx projen package:java
  step "package:go" npx projen package:go
}

test_python() {
  local wheel venv="$WORK/venv"
  wheel=$(ls "$ROOT"/dist/python/cdk8s_windows-*-py3-none-any.whl)
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  # The wheel's Requires-Dist ranges decide what is allowed; constraints.txt pins the versions the
  # library is built against. The wheel keeps package.json's version between changes, so reinstall it every time.
  "$venv/bin/pip" install -q --disable-pip-version-check -c "$SMOKE/python/constraints.txt" "$wheel" 'pytest>=8,<9'
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps --force-reinstall "$wheel"
  (cd "$SMOKE/python" && "$venv/bin/python" -m pytest -p no:cacheprovider -v test_smoke.py)
}

test_java() {
  # dist/java carries package.json's version, which a release does not change between runs: drop
  # the copy the last run left in $M2 so that Maven takes the jar from dist/java.
  rm -rf "$M2/io/github/cdk8s-windows"
  local version
  version=$(node -p "require('$ROOT/package.json').version")
  (cd "$SMOKE/java" && mvn -B -ntp -Dstyle.color=never -Dmaven.repo.local="$M2" -Dcdk8s-windows.version="$version" test)
}

test_go() {
  (cd "$SMOKE/go" && go test -count=1 -v ./...)
}

start_all=$(now)
if [ "${SMOKE_NO_BUILD:-}" != 1 ]; then build; fi

passed=0 failed=0 lines=()
for suite in python java go; do
  echo "::: smoke test: $suite"
  start=$(now)
  # A subshell outside any `if`, so that `set -e` stops the suite at its first failing command.
  set +e
  (set -e; "test_$suite")
  status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1)) result=passed
  else
    failed=$((failed + 1)) result=FAILED
  fi
  lines+=("smoke: $suite $result in $(since "$start") s")
  printf "\n%s\n" "${lines[-1]}"   # Maven leaves a colour reset without a newline
done

echo
printf '%s\n' "${lines[@]}"
echo "smoke: total $(since "$start_all") s"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
