#!/usr/bin/env bash
# Builds the Go programs the tests run, both at once (each is cached by version outside the
# repository; a warm run only links them in):
#   test/apiserver/build.sh   the upstream API-server validators (1.27, 1.37)
#   test/cluster/build.sh     the test control plane (kube-apiserver, kube-controller-manager,
#                             kube-scheduler, kubectl, etcd, kwok; 1.37 then 1.27)
#   test/celcost/build.sh     the CEL cost of the admission policies (after the validators: same modules)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash apiserver/build.sh &
validators=$!
bash cluster/build.sh &
cluster=$!
status=0
wait "$validators" || { echo "test/build.sh: test/apiserver/build.sh failed" >&2; status=1; }
bash celcost/build.sh || { echo "test/build.sh: test/celcost/build.sh failed" >&2; status=1; }
wait "$cluster" || { echo "test/build.sh: test/cluster/build.sh failed" >&2; status=1; }
exit $status
