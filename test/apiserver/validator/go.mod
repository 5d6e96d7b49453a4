// The release-independent source of apiserver-validate. It has no
// requirements of its own: each release module (../v1.27, ../v1.37) replaces
// it with this directory and pins k8s.io/kubernetes, so the same source is
// compiled against each release's packages.
module github.com/cdk8s-windows/test/apiserver/validator

go 1.20
