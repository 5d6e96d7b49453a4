// Package knownanswers is the known-answer table of apiserver-validate, one
// expectation per release, run by each release module's go test (test/apiserver/v1.27,
// test/apiserver/v1.37) on the shared fixtures in test/apiserver/testdata. Every entry was
// observed by running that release's validator, not copied from a document.
package knownanswers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cdk8s-windows/test/apiserver/validator"
)

// Want is the expected verdict of one document. For an invalid one, some
// error must have this Type and Field and a Detail containing Detail.
type Want struct {
	Status string
	Type   string
	Field  string
	Detail string
}

func (w Want) String() string {
	if w.Status != "invalid" {
		return w.Status
	}
	return fmt.Sprintf("invalid(%s %s %q)", w.Type, w.Field, w.Detail)
}

var (
	valid   = Want{Status: "valid"}
	skipped = Want{Status: "skipped"}
)

func invalid(typ, fld, detail string) Want {
	return Want{Status: "invalid", Type: typ, Field: fld, Detail: detail}
}

// forbiddenOnWindows is validateWindows' error.
func forbiddenOnWindows(fld string) Want {
	return invalid("FieldValueForbidden", fld, "cannot be set for a windows pod")
}

func unknownField(fld string) Want {
	return invalid("StrictDecodingError", fld, fmt.Sprintf("unknown field %q", fld))
}

// Case is one fixture, the extra CLI arguments, and the verdicts per release
// ("1.27", "1.37"); a release without an entry does not run the case.
type Case struct {
	Name    string
	Fixture string
	Args    []string
	Want    map[string][]Want
}

// both is the same expectation at both releases.
func both(w ...Want) map[string][]Want { return map[string][]Want{"1.27": w, "1.37": w} }

// Cases: a-g are the original 1.27 fixtures; h-o are the Windows differences
// between 1.27 and 1.37. Cases run in order in one process and --feature-gates
// changes the process-wide gates, so a case with gate arguments comes after
// the cases that need the release's defaults for the same fields.
var Cases = []Case{
	{Name: "a cdk8s-plus defaults on a windows Deployment", Fixture: "a-deployment-windows-defaults.yaml",
		Want: both(forbiddenOnWindows("spec.template.spec.securityContext.fsGroupChangePolicy"))},
	{Name: "b clean windows Deployment", Fixture: "b-deployment-windows-clean.yaml", Want: both(valid)},
	{Name: "c HostProcess needs hostNetwork", Fixture: "c-hostprocess-pod.yaml",
		Want: both(invalid("FieldValueInvalid", "spec.hostNetwork", "must be true if pod contains any hostProcess containers"), valid)},
	{Name: "d runAsUserName", Fixture: "d-runasusername.yaml",
		Want: both(invalid("FieldValueInvalid", "spec.containers[0].securityContext.windowsOptions.runAsUserName", "backslash"), valid)},
	{Name: "e bad name", Fixture: "e-bad-name.yaml",
		Want: both(invalid("FieldValueInvalid", "metadata.name", "RFC 1123 subdomain"))},
	{Name: "f strict decoding", Fixture: "f-unknown-field.yaml",
		Want: both(unknownField("spec.template.spec.containers[0].imagePullPolicyy"), invalid("StrictDecodingError", "", `key "name" already set in map`))},
	{Name: "g valid kinds", Fixture: "g-valid-kinds.yaml",
		Want: both(valid, valid, valid, valid, valid, valid, valid, valid, valid, skipped)},

	{Name: "h pod seccompProfile", Fixture: "h-pod-seccomp.yaml",
		Want: both(forbiddenOnWindows("spec.securityContext.seccompProfile"))},
	{Name: "i hostUsers false", Fixture: "i-hostusers-false.yaml", Want: map[string][]Want{
		"1.27": {valid},
		"1.37": {forbiddenOnWindows("spec.hostUsers")},
	}},
	{Name: "j pod-level resources", Fixture: "j-pod-resources.yaml", Want: map[string][]Want{
		"1.27": {unknownField("spec.resources")},
		"1.37": {invalid("FieldValueForbidden", "spec.resources", "may not be set for a windows pod")},
	}},
	{Name: "k StatefulSet privileged false", Fixture: "k-statefulset-privileged-false.yaml", Want: map[string][]Want{
		"1.27": {valid},
		"1.37": {forbiddenOnWindows("spec.template.spec.containers[0].securityContext.privileged")},
	}},
	{Name: "l appArmorProfile supplementalGroupsPolicy seLinuxChangePolicy", Fixture: "l-newer-security-fields.yaml", Want: map[string][]Want{
		"1.27": {
			unknownField("spec.securityContext.appArmorProfile"),
			unknownField("spec.securityContext.supplementalGroupsPolicy"),
			unknownField("spec.securityContext.seLinuxChangePolicy"),
		},
		"1.37": {
			forbiddenOnWindows("spec.securityContext.appArmorProfile"),
			forbiddenOnWindows("spec.securityContext.supplementalGroupsPolicy"),
			forbiddenOnWindows("spec.securityContext.seLinuxChangePolicy"),
		},
	}},
	{Name: "m stopSignal SIGINT default gates", Fixture: "m-stop-signal.yaml", Want: map[string][]Want{
		"1.27": {unknownField("spec.containers[0].lifecycle.stopSignal")},
		"1.37": {valid},
	}},
	{Name: "m stopSignal SIGINT ContainerStopSignals on", Fixture: "m-stop-signal.yaml", Args: []string{"--feature-gates=ContainerStopSignals=true"}, Want: map[string][]Want{
		"1.37": {invalid("FieldValueNotSupported", "spec.containers[0].lifecycle.stopSignal", "SIGTERM")},
	}},
	{Name: "n HostProcess DaemonSet", Fixture: "n-hostprocess-daemonset.yaml", Want: both(valid)},
	{Name: "o null map values", Fixture: "o-null-values.json", Want: map[string][]Want{
		"1.27": {unknownField("unknownField"), valid},
		"1.37": {valid, valid},
	}},
}

// RunCLI runs the release's CLI in-process with --json and decodes its verdicts.
func RunCLI(t *testing.T, r validator.Release, stdin string, args ...string) ([]validator.Verdict, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := r.Run(append([]string{"--json"}, args...), strings.NewReader(stdin), &out, &errOut)
	if code == 2 {
		t.Fatalf("usage/IO error: %s", errOut.String())
	}
	var vs []validator.Verdict
	if err := json.Unmarshal(out.Bytes(), &vs); err != nil {
		t.Fatalf("bad JSON output: %v\n%s", err, out.String())
	}
	return vs, code
}

func matches(v validator.Verdict, w Want) bool {
	if v.Status != w.Status {
		return false
	}
	if w.Status != "invalid" {
		return true
	}
	for _, e := range v.Errors {
		if e.Type == w.Type && e.Field == w.Field && strings.Contains(e.Detail, w.Detail) {
			return true
		}
	}
	return false
}

// Run checks every case that has an expectation for r.Name; testdata is the
// fixtures directory.
func Run(t *testing.T, r validator.Release, testdata string) {
	ran := 0
	for _, c := range Cases {
		want, ok := c.Want[r.Name]
		if !ok {
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) {
			args := append(append([]string{}, c.Args...), filepath.Join(testdata, c.Fixture))
			vs, code := RunCLI(t, r, "", args...)
			wantCode := 0
			for _, w := range want {
				if w.Status == "invalid" {
					wantCode = 1
				}
			}
			ok := len(vs) == len(want) && code == wantCode
			for i := 0; ok && i < len(vs); i++ {
				ok = matches(vs[i], want[i])
			}
			if !ok {
				got, _ := json.MarshalIndent(vs, "", "  ")
				t.Fatalf("%s at %s: want %v (exit %d), got exit %d:\n%s", c.Fixture, r.Name, want, wantCode, code, got)
			}
		})
	}
	if ran == 0 {
		t.Fatalf("no known answers for release %q", r.Name)
	}
}

// WindowsForbiddenFieldsAreExact: the cdk8s-plus defaults fail on exactly
// four fields, all with validateWindows' message.
func WindowsForbiddenFieldsAreExact(t *testing.T, r validator.Release, testdata string) {
	vs, _ := RunCLI(t, r, "", filepath.Join(testdata, "a-deployment-windows-defaults.yaml"))
	var fields []string
	for _, e := range vs[0].Errors {
		if e.Type != "FieldValueForbidden" || e.Detail != "cannot be set for a windows pod" {
			t.Errorf("unexpected error %+v", e)
		}
		fields = append(fields, e.Field)
	}
	sort.Strings(fields)
	want := []string{
		"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
		"spec.template.spec.containers[0].securityContext.privileged",
		"spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem",
		"spec.template.spec.securityContext.fsGroupChangePolicy",
	}
	if !reflect.DeepEqual(fields, want) {
		t.Fatalf("fields = %v, want %v", fields, want)
	}
}

// JSONArrayInputAndDuplicateJSONKeys: a JSON array is read item by item, and
// a duplicate JSON key is a strict-decoding error (also with null pruning).
func JSONArrayInputAndDuplicateJSONKeys(t *testing.T, r validator.Release) {
	in := `[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b","labels":null}},
	        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok","namespace":"ns"}}]`
	vs, code := RunCLI(t, r, in)
	if code != 1 || vs[0].Status != "invalid" || vs[0].Errors[0].Field != "metadata.name" || vs[1].Status != "valid" || vs[1].Namespace != "ns" {
		t.Fatalf("exit %d: %+v", code, vs)
	}
}

// Version: --version names the k8s.io/kubernetes version the binary was built with.
func Version(t *testing.T, r validator.Release, want string) {
	var out bytes.Buffer
	if code := r.Run([]string{"--version"}, nil, &out, &out); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if got := strings.TrimSpace(out.String()); got != "apiserver-validate k8s.io/kubernetes "+want {
		t.Fatalf("--version printed %q, want k8s.io/kubernetes %s", got, want)
	}
}
