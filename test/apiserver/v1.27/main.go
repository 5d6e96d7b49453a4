// Command apiserver-validate runs kube-apiserver's create-path validation
// from k8s.io/kubernetes v1.27.16 on manifests, without a server. The CLI and
// the validation steps are in ../validator; this file holds what differs.
package main

import (
	"github.com/cdk8s-windows/test/apiserver/validator"
)

var release = validator.Release{
	Name:            "1.27",
	FallbackVersion: "v1.27.16",
	// What 1.27's rest.BeforeCreate validates: the strategy's Validate, then
	// generic metadata checks. kubectl 1.27 sends null values as they are.
	ValidateCreate: validator.ValidateCreateBeforeDeclarative,
}

func main() { release.Main() }
