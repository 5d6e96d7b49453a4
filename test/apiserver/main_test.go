package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// runJSON runs the CLI in-process on one fixture and decodes its verdicts.
func runJSON(t *testing.T, fixture string) ([]Verdict, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run([]string{"--json", filepath.Join("testdata", fixture)}, nil, &out, &errOut)
	if code == 2 {
		t.Fatalf("usage/IO error: %s", errOut.String())
	}
	var vs []Verdict
	if err := json.Unmarshal(out.Bytes(), &vs); err != nil {
		t.Fatalf("bad JSON output: %v\n%s", err, out.String())
	}
	return vs, code
}

func statuses(vs []Verdict) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v.Status)
	}
	return s
}

func TestKnownAnswers(t *testing.T) {
	cases := []struct {
		fixture string
		want    []string
		code    int
	}{
		{"a-deployment-windows-defaults.yaml", []string{"invalid"}, 1},
		{"b-deployment-windows-clean.yaml", []string{"valid"}, 0},
		{"c-hostprocess-pod.yaml", []string{"invalid", "valid"}, 1},
		{"d-runasusername.yaml", []string{"invalid", "valid"}, 1},
		{"e-bad-name.yaml", []string{"invalid"}, 1},
		{"f-unknown-field.yaml", []string{"invalid", "invalid"}, 1},
		{"g-valid-kinds.yaml", []string{"valid", "valid", "valid", "valid", "valid", "valid", "valid", "valid", "valid", "skipped"}, 0},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			vs, code := runJSON(t, c.fixture)
			if got := statuses(vs); !reflect.DeepEqual(got, c.want) || code != c.code {
				t.Fatalf("got %v exit %d, want %v exit %d\n%+v", got, code, c.want, c.code, vs)
			}
		})
	}
}

func TestWindowsForbiddenFieldsAreExact(t *testing.T) {
	vs, _ := runJSON(t, "a-deployment-windows-defaults.yaml")
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

func TestStrictDecoding(t *testing.T) {
	vs, _ := runJSON(t, "f-unknown-field.yaml")
	if e := vs[0].Errors[0]; e.Type != "StrictDecodingError" || e.Field != "spec.template.spec.containers[0].imagePullPolicyy" {
		t.Errorf("unknown field: %+v", e)
	}
	if e := vs[1].Errors[0]; e.Type != "StrictDecodingError" || !strings.Contains(e.Detail, `key "name" already set`) {
		t.Errorf("duplicate YAML key: %+v", e)
	}
}

func TestJSONArrayInputAndDuplicateJSONKeys(t *testing.T) {
	in := `[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b"}},
	        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok","namespace":"ns"}}]`
	var out bytes.Buffer
	if code := run([]string{"--json"}, strings.NewReader(in), &out, &out); code != 1 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	var vs []Verdict
	if err := json.Unmarshal(out.Bytes(), &vs); err != nil {
		t.Fatal(err)
	}
	if vs[0].Status != "invalid" || vs[0].Errors[0].Field != "metadata.name" || vs[1].Status != "valid" || vs[1].Namespace != "ns" {
		t.Fatalf("%+v", vs)
	}
}
