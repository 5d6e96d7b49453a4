//go:build ignore

// Writes schema-embed.json and terraform-mapping-embed.json (embedded by main.go) from the
// schema.json and terraform-mapping.json of the provider module in the module cache, with the
// schema's version set to $VERSION: what upstream's cmd/pulumi-resource-kubernetes/generate.go does.
package main

import (
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	version := os.Getenv("VERSION")
	if version == "" {
		log.Fatal("VERSION is not set")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-kubernetes/provider/v4").Output()
	if err != nil {
		log.Fatalf("go list: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "cmd", "pulumi-resource-kubernetes")

	var schema map[string]any
	readJSON(filepath.Join(dir, "schema.json"), &schema)
	schema["version"] = version
	writeJSON("schema-embed.json", schema)

	var mapping any
	readJSON(filepath.Join(dir, "terraform-mapping.json"), &mapping)
	writeJSON("terraform-mapping-embed.json", mapping)
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

func writeJSON(path string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		log.Fatal(err)
	}
}
