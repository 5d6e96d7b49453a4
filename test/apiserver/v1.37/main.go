// Command apiserver-validate runs kube-apiserver's create-path validation
// from k8s.io/kubernetes v1.37.2 on manifests, without a server. The CLI and
// the validation steps are in ../validator; this file holds what differs.
package main

import (
	"github.com/cdk8s-windows/test/apiserver/validator"
	"k8s.io/apiserver/pkg/registry/rest"
)

var release = validator.Release{
	Name:            "1.37",
	FallbackVersion: "v1.37.2",
	// kubectl 1.37 drops null map values before it sends a create.
	PruneNulls: true,
	// 1.37's rest.BeforeCreate validates with rest.ValidateCreate: the
	// strategy's Validate, generic metadata checks, then declarative
	// validation (which reads the RequestInfo the shared code puts in the
	// context).
	ValidateCreate: rest.ValidateCreate,
}

func main() { release.Main() }
