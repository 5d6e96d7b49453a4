// Package validator is the release-independent part of apiserver-validate:
// it runs the real kube-apiserver (k8s.io/kubernetes) create-path validation
// on manifests, without a running server, so tests can prove that synthesized
// manifests are what the API server accepts. Each release has its own Go
// module (../v1.27, ../v1.37) whose main package pins k8s.io/kubernetes and
// hands Run a Release describing what differs.
//
//	apiserver-validate [--json] [--feature-gates=A=true,...] [--allow-privileged=BOOL] [FILE|-]...
//	apiserver-validate --version
//
// Input: a JSON array of objects, a single JSON object, or multi-document YAML.
// Exit: 0 all valid/skipped, 1 any invalid, 2 usage or I/O error.
//
// Not covered: admission plugins (ServiceAccount, LimitRanger, PodSecurity,
// ...), the service IP/port allocators, and anything needing cluster state.
package validator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/apiserver/pkg/registry/rest"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/kubernetes/pkg/capabilities"
	sigsyaml "sigs.k8s.io/yaml"

	// Registers the kube-apiserver feature gates (the release's defaults) into
	// utilfeature.DefaultFeatureGate; the strategies also import it.
	_ "k8s.io/kubernetes/pkg/features"
)

const usage = `usage: apiserver-validate [--json] [--feature-gates=Name=bool,...] [--allow-privileged=true|false] [FILE|-]...
       apiserver-validate --version
Validates Kubernetes manifests (JSON array, JSON object or multi-document YAML;
stdin when no FILE or "-") with kube-apiserver's own decode + create validation.
Exit status: 0 all valid or skipped, 1 some invalid, 2 usage or I/O error.`

// Release is what a release's main package tells the shared code.
type Release struct {
	// Name is the minor release, e.g. "1.27", used in messages.
	Name string
	// FallbackVersion is printed by --version if build info is unavailable.
	FallbackVersion string
	// PruneNulls drops null map values from the input before decoding, as
	// the release's kubectl does before it sends a create.
	PruneNulls bool
	// ValidateCreate is the validation part of the release's
	// rest.BeforeCreate: the strategy's Validate plus generic metadata
	// checks (and, at 1.37, declarative validation).
	ValidateCreate func(ctx context.Context, obj runtime.Object, strategy rest.RESTCreateStrategy) field.ErrorList
}

// Main runs the CLI and exits with its status.
func (r Release) Main() { os.Exit(r.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Run is the CLI: it returns the exit status.
func (r Release) Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	jsonOut := false
	// Every conformant cluster (kubeadm, kind, AKS, EKS, GKE) runs
	// kube-apiserver with --allow-privileged=true; HostProcess pods need it.
	allowPrivileged := true
	var files []string
	for _, a := range args {
		switch {
		case a == "--json":
			jsonOut = true
		case a == "--version":
			fmt.Fprintf(stdout, "apiserver-validate k8s.io/kubernetes %s\n", r.kubernetesVersion())
			return 0
		case a == "-h" || a == "--help":
			fmt.Fprintln(stdout, usage)
			return 0
		case strings.HasPrefix(a, "--feature-gates="):
			if err := utilfeature.DefaultMutableFeatureGate.Set(strings.TrimPrefix(a, "--feature-gates=")); err != nil {
				fmt.Fprintf(stderr, "apiserver-validate: %v\n", err)
				return 2
			}
		case strings.HasPrefix(a, "--allow-privileged="):
			b, err := strconv.ParseBool(strings.TrimPrefix(a, "--allow-privileged="))
			if err != nil {
				fmt.Fprintf(stderr, "apiserver-validate: --allow-privileged: %v\n", err)
				return 2
			}
			allowPrivileged = b
		case a == "-" || !strings.HasPrefix(a, "-"):
			files = append(files, a)
		default:
			fmt.Fprintf(stderr, "apiserver-validate: unknown flag %s\n%s\n", a, usage)
			return 2
		}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	capabilities.Setup(allowPrivileged, 0)

	var docs []Document
	for _, f := range files {
		var data []byte
		var err error
		if f == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(f)
		}
		if err == nil {
			var split []Document
			split, err = splitInput(data, len(docs))
			docs = append(docs, split...)
		}
		if err != nil {
			fmt.Fprintf(stderr, "apiserver-validate: %s: %v\n", displayName(f), err)
			return 2
		}
	}

	verdicts := make([]Verdict, 0, len(docs))
	code := 0
	for _, d := range docs {
		v := r.Validate(d)
		if v.Status == "invalid" {
			code = 1
		}
		verdicts = append(verdicts, v)
	}

	if jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(verdicts); err != nil {
			fmt.Fprintf(stderr, "apiserver-validate: %v\n", err)
			return 2
		}
		return code
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for _, v := range verdicts {
		kind, name := v.Kind, v.Name
		if kind == "" {
			kind = "?"
		}
		label := fmt.Sprintf("%d %s/%s", v.Index, kind, name)
		switch v.Status {
		case "valid":
			fmt.Fprintf(w, "%s: valid\n", label)
		case "skipped":
			fmt.Fprintf(w, "%s: skipped: %s\n", label, v.Reason)
		default:
			fmt.Fprintf(w, "%s: invalid:\n", label)
			for _, e := range v.Errors {
				fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(e.Message, "\n", "\n    "))
			}
		}
		for _, s := range v.Warnings {
			fmt.Fprintf(w, "    warning: %s\n", s)
		}
		for _, s := range v.Notes {
			fmt.Fprintf(w, "    note: %s\n", s)
		}
	}
	return code
}

func displayName(f string) string {
	if f == "-" {
		return "<stdin>"
	}
	return f
}

// splitInput cuts one input into objects, keeping each object's original
// bytes so the strict serializer still sees duplicate keys.
func splitInput(data []byte, firstIndex int) ([]Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	var raws [][]byte
	isYAML := false
	switch {
	case len(trimmed) == 0:
		return nil, nil
	case trimmed[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, fmt.Errorf("input looks like a JSON array but does not parse: %w", err)
		}
		for _, it := range items {
			raws = append(raws, it)
		}
	case trimmed[0] == '{' && json.Valid(trimmed):
		raws = [][]byte{trimmed}
	default:
		isYAML = true
		r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
		for {
			doc, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("reading YAML: %w", err)
			}
			// kubectl skips documents that are empty or only comments.
			var probe interface{}
			if err := sigsyaml.Unmarshal(doc, &probe); err == nil && probe == nil {
				continue
			}
			raws = append(raws, doc)
		}
	}

	docs := make([]Document, 0, len(raws))
	for i, raw := range raws {
		d := Document{Index: firstIndex + i, Raw: raw, YAML: isYAML}
		// JSON documents are read as JSON: the YAML parser refuses raw U+007F-U+009F characters
		// that JSON (and the API server) accept.
		unmarshal := sigsyaml.Unmarshal
		if !isYAML {
			unmarshal = func(b []byte, v interface{}, _ ...sigsyaml.JSONOpt) error { return json.Unmarshal(b, v) }
		}
		var probe interface{}
		if err := unmarshal(raw, &probe); err != nil {
			d.HeadErr = err
		} else if _, ok := probe.(map[string]interface{}); !ok {
			d.HeadErr = fmt.Errorf("expected an object, got %T", probe)
		} else if err := unmarshal(raw, &d.Head); err != nil {
			d.HeadErr = err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func (r Release) kubernetesVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "k8s.io/kubernetes" {
				return m.Version
			}
		}
	}
	return r.FallbackVersion
}
