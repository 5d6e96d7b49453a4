// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider plugin, as upstream's
// cmd/pulumi-resource-kubernetes builds it, with the schema generate.go copies from the module.
package main

//go:generate go run generate.go

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	// version.Version is set with -ldflags -X (scripts/setup.sh), as upstream's Makefile does.
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
