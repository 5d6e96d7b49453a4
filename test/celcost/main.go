// Command celcost measures the runtime CEL cost of ValidatingAdmissionPolicies on objects, with the
// API server's own CEL environment and compiler (k8s.io/apiserver v0.37.2: the composited compiler
// the validating admission policy plugin uses, variables included, strict cost on). It reads
// {"policies": [...], "objects": [...]} as JSON on stdin and prints, per policy and object, the cost
// of its match conditions and, when they match, of its validations (messages are not evaluated):
// [{"policy": name, "object": index, "matched": bool, "cost": n, "error": "..."}].
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/google/cel-go/cel"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
)

type input struct {
	Policies []admissionregistrationv1.ValidatingAdmissionPolicy `json:"policies"`
	Objects  []map[string]interface{}                              `json:"objects"`
}

type result struct {
	Policy  string `json:"policy"`
	Object  int    `json:"object"`
	Matched bool   `json:"matched"`
	Cost    int64  `json:"cost"`
	Error   string `json:"error,omitempty"`
}

// condition is a match condition or validation: a boolean expression.
type condition struct{ expression string }

func (c *condition) GetExpression() string      { return c.expression }
func (c *condition) ReturnTypes() []*cel.Type { return []*cel.Type{cel.BoolType} }

// variable is a policy variable: any type.
type variable struct{ name, expression string }

func (v *variable) GetExpression() string      { return v.expression }
func (v *variable) ReturnTypes() []*cel.Type { return []*cel.Type{cel.AnyType} }
func (v *variable) GetName() string            { return v.name }

func metaGVR(gvr schema.GroupVersionResource) metav1.GroupVersionResource {
	return metav1.GroupVersionResource{Group: gvr.Group, Version: gvr.Version, Resource: gvr.Resource}
}

func metaGVK(gvk schema.GroupVersionKind) metav1.GroupVersionKind {
	return metav1.GroupVersionKind{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind}
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "celcost: reading the input:", err)
		os.Exit(2)
	}
	var out []result
	for _, policy := range in.Policies {
		compiler, err := plugincel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
		if err != nil {
			fail(err)
		}
		var variables []plugincel.NamedExpressionAccessor
		for _, v := range policy.Spec.Variables {
			variables = append(variables, &variable{name: v.Name, expression: v.Expression})
		}
		options := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: true}
		compiler.CompileAndStoreVariables(variables, options, environment.StoredExpressions)
		var conditions, validations []plugincel.ExpressionAccessor
		for _, c := range policy.Spec.MatchConditions {
			conditions = append(conditions, &condition{expression: c.Expression})
		}
		for _, v := range policy.Spec.Validations {
			validations = append(validations, &condition{expression: v.Expression})
		}
		matcher := compiler.CompileCondition(conditions, options, environment.StoredExpressions)
		validator := compiler.CompileCondition(validations, options, environment.StoredExpressions)
		for _, e := range append(matcher.CompilationErrors(), validator.CompilationErrors()...) {
			fail(fmt.Errorf("policy %s: %w", policy.Name, e))
		}
		for i, object := range in.Objects {
			u := &unstructured.Unstructured{Object: object}
			gvk := u.GroupVersionKind()
			gvr := schema.GroupVersionResource{Group: gvk.Group, Version: gvk.Version, Resource: "objects"}
			attributes := admission.NewAttributesRecord(u, nil, gvk, "default", u.GetName(), gvr, "", admission.Create, nil, false, nil)
			versioned := &admission.VersionedAttributes{Attributes: attributes, VersionedObject: admission.NewLazyObject(u), VersionedKind: gvk}
			request := plugincel.CreateAdmissionRequest(attributes, metaGVR(gvr), metaGVK(gvk))
			r := result{Policy: policy.Name, Object: i}
			budget := int64(celconfig.RuntimeCELCostBudget)
			ctx := context.Background()
			evaluations, remaining, err := matcher.ForInput(ctx, versioned, request, plugincel.OptionalVariableBindings{}, nil, budget)
			if err != nil {
				r.Error = err.Error()
				out = append(out, r)
				continue
			}
			r.Matched = true
			for _, e := range evaluations {
				if e.Error != nil {
					r.Error = e.Error.Error()
				} else if e.EvalResult.Value() != true {
					r.Matched = false
				}
			}
			used := budget - remaining
			if r.Matched && r.Error == "" {
				evaluations, remaining2, err := validator.ForInput(ctx, versioned, request, plugincel.OptionalVariableBindings{}, nil, remaining)
				if err != nil {
					r.Error = err.Error()
				}
				for _, e := range evaluations {
					if e.Error != nil {
						r.Error = e.Error.Error()
					}
				}
				used += remaining - remaining2
			}
			r.Cost = used
			out = append(out, r)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "celcost:", err)
	os.Exit(2)
}
