package validator

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"

	// Register every group we may be handed into legacyscheme, exactly as
	// kube-apiserver does (pkg/controlplane/import_known_versions.go).
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/extensions/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"

	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/limitrange"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolume"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
	"k8s.io/kubernetes/pkg/registry/core/resourcequota"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/ingressclass"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/node/runtimeclass"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"k8s.io/kubernetes/pkg/registry/scheduling/priorityclass"
	"k8s.io/kubernetes/pkg/registry/storage/storageclass"
)

// kindInfo is how a served kind is stored: its REST resource (for the
// request info a create carries) and its registry create strategy.
type kindInfo struct {
	resource string
	strategy rest.RESTCreateStrategy
}

// strategies maps each group/version/kind this validator serves to the
// registry create strategy its REST storage uses. Every kind listed is served
// by both 1.27 and 1.37. Only served versions are listed: legacyscheme still
// knows e.g. apps/v1beta1 or batch/v1beta1, but the server answers "no matches
// for kind" for them.
var strategies = map[schema.GroupVersionKind]kindInfo{
	{Version: "v1", Kind: "Pod"}:                   {"pods", pod.Strategy},
	{Version: "v1", Kind: "PodTemplate"}:           {"podtemplates", podtemplate.Strategy},
	{Version: "v1", Kind: "ReplicationController"}: {"replicationcontrollers", replicationcontroller.Strategy},
	{Version: "v1", Kind: "Service"}:               {"services", service.Strategy},
	{Version: "v1", Kind: "ConfigMap"}:             {"configmaps", configmap.Strategy},
	{Version: "v1", Kind: "Secret"}:                {"secrets", secret.Strategy},
	{Version: "v1", Kind: "Namespace"}:             {"namespaces", namespace.Strategy},
	{Version: "v1", Kind: "ServiceAccount"}:        {"serviceaccounts", serviceaccount.Strategy},
	{Version: "v1", Kind: "PersistentVolumeClaim"}: {"persistentvolumeclaims", persistentvolumeclaim.Strategy},
	{Version: "v1", Kind: "PersistentVolume"}:      {"persistentvolumes", persistentvolume.Strategy},
	{Version: "v1", Kind: "LimitRange"}:            {"limitranges", limitrange.Strategy},
	{Version: "v1", Kind: "ResourceQuota"}:         {"resourcequotas", resourcequota.Strategy},
	{Version: "v1", Kind: "Endpoints"}:             {"endpoints", endpoint.Strategy},

	{Group: "apps", Version: "v1", Kind: "Deployment"}:  {"deployments", deployment.Strategy},
	{Group: "apps", Version: "v1", Kind: "StatefulSet"}: {"statefulsets", statefulset.Strategy},
	{Group: "apps", Version: "v1", Kind: "DaemonSet"}:   {"daemonsets", daemonset.Strategy},
	{Group: "apps", Version: "v1", Kind: "ReplicaSet"}:  {"replicasets", replicaset.Strategy},

	{Group: "batch", Version: "v1", Kind: "Job"}:     {"jobs", job.Strategy},
	{Group: "batch", Version: "v1", Kind: "CronJob"}: {"cronjobs", cronjob.Strategy},

	{Group: "autoscaling", Version: "v1", Kind: "HorizontalPodAutoscaler"}: {"horizontalpodautoscalers", horizontalpodautoscaler.Strategy},
	{Group: "autoscaling", Version: "v2", Kind: "HorizontalPodAutoscaler"}: {"horizontalpodautoscalers", horizontalpodautoscaler.Strategy},

	{Group: "node.k8s.io", Version: "v1", Kind: "RuntimeClass"}:        {"runtimeclasses", runtimeclass.Strategy},
	{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"}:      {"poddisruptionbudgets", poddisruptionbudget.Strategy},
	{Group: "scheduling.k8s.io", Version: "v1", Kind: "PriorityClass"}: {"priorityclasses", priorityclass.Strategy},
	{Group: "storage.k8s.io", Version: "v1", Kind: "StorageClass"}:     {"storageclasses", storageclass.Strategy},

	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}:       {"ingresses", ingress.Strategy},
	{Group: "networking.k8s.io", Version: "v1", Kind: "IngressClass"}:  {"ingressclasses", ingressclass.Strategy},
	{Group: "networking.k8s.io", Version: "v1", Kind: "NetworkPolicy"}: {"networkpolicies", networkpolicy.Strategy},

	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "Role"}:               {"roles", role.Strategy},
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "RoleBinding"}:        {"rolebindings", rolebinding.Strategy},
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole"}:        {"clusterroles", clusterrole.Strategy},
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRoleBinding"}: {"clusterrolebindings", clusterrolebinding.Strategy},
}

// servedKinds lets us tell "known kind, version not served" apart
// from "kind we know nothing about" (a CRD, say).
var servedKinds = func() map[schema.GroupKind][]string {
	m := map[schema.GroupKind][]string{}
	for gvk := range strategies {
		m[gvk.GroupKind()] = append(m[gvk.GroupKind()], gvk.GroupVersion().String())
	}
	return m
}()

// Document is one object of the input, still in its wire form.
type Document struct {
	Index int
	Raw   []byte
	YAML  bool // decode with the YAML serializer (catches duplicate YAML keys)
	Head  header
	// HeadErr is set when the document is not even a parseable object.
	HeadErr error
}

type header struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name         string `json:"name"`
		GenerateName string `json:"generateName"`
		Namespace    string `json:"namespace"`
	} `json:"metadata"`
}

// Error is one upstream complaint about an object.
type Error struct {
	Type    string `json:"type"`
	Field   string `json:"field"`
	Detail  string `json:"detail"`
	Message string `json:"message"`
}

// Verdict is the outcome for one input object.
type Verdict struct {
	Index      int      `json:"index"`
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace,omitempty"`
	Name       string   `json:"name,omitempty"`
	Status     string   `json:"status"`
	Errors     []Error  `json:"errors"`
	Reason     string   `json:"reason,omitempty"`
	Warnings   []string `json:"warnings,omitempty"` // what the server would send back as Warning headers
	Notes      []string `json:"notes,omitempty"`    // assumptions this tool made (e.g. namespace defaulting)
}

const defaultNamespace = metav1.NamespaceDefault

var (
	jsonInfo, _ = runtime.SerializerInfoForMediaType(legacyscheme.Codecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	yamlInfo, _ = runtime.SerializerInfoForMediaType(legacyscheme.Codecs.SupportedMediaTypes(), runtime.ContentTypeYAML)
)

// Validate runs one document through the same steps kube-apiserver runs for a
// create with fieldValidation=Strict: strict decode + defaulting + conversion
// to the internal type (handlers/create.go), then the registry store's create
// preparation and the kind's strategy (registry/rest.BeforeCreate).
func (r Release) Validate(doc Document) Verdict {
	v := Verdict{
		Index:      doc.Index,
		APIVersion: doc.Head.APIVersion,
		Kind:       doc.Head.Kind,
		Namespace:  doc.Head.Metadata.Namespace,
		Name:       doc.Head.Metadata.Name,
		Errors:     []Error{},
	}
	if doc.HeadErr != nil {
		return v.invalid("DecodeError", "", doc.HeadErr.Error(), "cannot parse document: "+doc.HeadErr.Error())
	}
	if v.Kind == "" || v.APIVersion == "" {
		msg := "Object 'Kind' is missing"
		if v.Kind != "" {
			msg = "Object 'apiVersion' is missing"
		}
		return v.invalid("DecodeError", "", msg, msg)
	}

	gv, err := schema.ParseGroupVersion(v.APIVersion)
	if err != nil {
		return v.invalid("DecodeError", "apiVersion", err.Error(), err.Error())
	}
	gvk := gv.WithKind(v.Kind)
	kind, ok := strategies[gvk]
	strategy := kind.strategy
	if !ok {
		if served, known := servedKinds[gvk.GroupKind()]; known {
			msg := fmt.Sprintf("no matches for kind %q in version %q: Kubernetes %s serves %s only as %s",
				gvk.Kind, gvk.GroupVersion(), r.Name, gvk.Kind, strings.Join(served, ", "))
			return v.invalid("NoKindMatch", "apiVersion", msg, msg)
		}
		v.Status = "skipped"
		if strings.HasSuffix(gvk.Kind, "List") && legacyscheme.Scheme.Recognizes(gvk) {
			v.Reason = fmt.Sprintf("%s %s is a client-side wrapper (kubectl creates its items one by one); pass the items instead", gvk.GroupVersion(), gvk.Kind)
		} else if legacyscheme.Scheme.Recognizes(gvk) {
			v.Reason = fmt.Sprintf("%s %s is a built-in type but no create strategy is wired up for it in this validator", gvk.GroupVersion(), gvk.Kind)
		} else {
			v.Reason = fmt.Sprintf("%s %s is not a built-in Kubernetes %s type (a CRD?); nothing to validate against", gvk.GroupVersion(), gvk.Kind, r.Name)
		}
		return v
	}

	raw := doc.Raw
	if r.PruneNulls {
		pruned, paths, err := pruneNulls(raw, doc.YAML)
		if err != nil {
			return v.invalid("DecodeError", "", err.Error(), "cannot parse document: "+err.Error())
		}
		if len(paths) > 0 {
			raw = pruned
			v.Notes = append(v.Notes, fmt.Sprintf("null values dropped before the create, as kubectl %s does: %s", r.Name, strings.Join(paths, ", ")))
		}
	}

	// Step 1+2: strict decode, default, convert to the hub (internal) version.
	info := jsonInfo
	if doc.YAML {
		info = yamlInfo
	}
	hub := schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal}
	decoder := legacyscheme.Codecs.DecoderToVersion(info.StrictSerializer, hub)
	obj, _, err := decoder.Decode(raw, &gvk, nil)
	if err != nil {
		return v.decodeFailure(gvk, err)
	}

	// Step 3: what genericregistry.Store.Create + rest.BeforeCreate do.
	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		return v.invalid("InternalError", "", err.Error(), err.Error())
	}
	rest.FillObjectMetaSystemFields(objectMeta)
	if objectMeta.GetGenerateName() != "" && objectMeta.GetName() == "" {
		objectMeta.SetName(strategy.GenerateName(objectMeta.GetGenerateName()))
		v.Notes = append(v.Notes, fmt.Sprintf("metadata.name generated from generateName: %s", objectMeta.GetName()))
	}
	requestNamespace := ""
	if strategy.NamespaceScoped() {
		requestNamespace = objectMeta.GetNamespace()
		if requestNamespace == "" {
			// kubectl sends namespace-less objects to the context's namespace.
			requestNamespace = defaultNamespace
			v.Notes = append(v.Notes, `metadata.namespace was empty; validated in namespace "default" as kubectl would`)
		}
	} else if objectMeta.GetNamespace() != "" {
		v.Notes = append(v.Notes, "metadata.namespace is ignored for a cluster-scoped kind")
	}
	ctx := genericapirequest.WithNamespace(context.Background(), requestNamespace)
	ctx = genericapirequest.WithUser(ctx, &user.DefaultInfo{Name: "kubernetes-admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}})
	ctx = genericapirequest.WithRequestInfo(ctx, createRequestInfo(gvk, kind.resource, requestNamespace, strategy.NamespaceScoped()))
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(rest.ExpectedNamespaceForScope(requestNamespace, strategy.NamespaceScoped()), objectMeta); err != nil {
		return v.invalid("BadRequest", "metadata.namespace", err.Error(), err.Error())
	}
	v.Namespace = objectMeta.GetNamespace()
	v.Name = objectMeta.GetName()

	beforeCreate(obj)
	strategy.PrepareForCreate(ctx, obj)
	errs := r.ValidateCreate(ctx, obj, strategy)
	if len(errs) > 0 {
		v.Status = "invalid"
		for _, e := range errs {
			v.Errors = append(v.Errors, Error{Type: string(e.Type), Field: e.Field, Detail: e.Detail, Message: e.Error()})
		}
		// The message kubectl prints for a 422 from the server.
		v.Reason = fmt.Sprintf("%s %q is invalid: %s", gvk.Kind, objectMeta.GetName(), errs.ToAggregate().Error())
		return v
	}
	v.Warnings = strategy.WarningsOnCreate(ctx, obj)
	v.Status = "valid"
	return v
}

// createRequestInfo is the RequestInfo kube-apiserver's filter chain puts in
// the context of a create (POST to the collection): verb "create", the kind's
// group, version and resource, the namespace, and no name (a create's name is
// in the body, not the path). 1.37's declarative validation reads it.
func createRequestInfo(gvk schema.GroupVersionKind, resource, namespace string, namespaced bool) *genericapirequest.RequestInfo {
	prefix, groupVersion := "apis", gvk.Group+"/"+gvk.Version
	if gvk.Group == "" {
		prefix, groupVersion = "api", gvk.Version
	}
	p := "/" + prefix + "/" + groupVersion
	if namespaced {
		p += "/namespaces/" + namespace
	}
	return &genericapirequest.RequestInfo{
		IsResourceRequest: true,
		Path:              p + "/" + resource,
		Verb:              "create",
		APIPrefix:         prefix,
		APIGroup:          gvk.Group,
		APIVersion:        gvk.Version,
		Namespace:         namespace,
		Resource:          resource,
		Parts:             []string{resource},
	}
}

// ValidateCreateBeforeDeclarative is what rest.BeforeCreate validates in
// releases before declarative validation (1.27): the strategy's Validate,
// then, only if that passed (so that specific messages win), the generic
// metadata checks.
func ValidateCreateBeforeDeclarative(ctx context.Context, obj runtime.Object, strategy rest.RESTCreateStrategy) field.ErrorList {
	errs := strategy.Validate(ctx, obj)
	if len(errs) == 0 {
		objectMeta, err := meta.Accessor(obj)
		if err != nil {
			return field.ErrorList{field.InternalError(field.NewPath("metadata"), err)}
		}
		errs = genericvalidation.ValidateObjectMetaAccessor(objectMeta, strategy.NamespaceScoped(), path.ValidatePathSegmentName, field.NewPath("metadata"))
	}
	return errs
}

func (v Verdict) invalid(typ, fld, detail, message string) Verdict {
	v.Status = "invalid"
	v.Errors = append(v.Errors, Error{Type: typ, Field: fld, Detail: detail, Message: message})
	if v.Reason == "" {
		v.Reason = message
	}
	return v
}

var strictFieldRE = regexp.MustCompile(`^(?:unknown|duplicate) field "(.*)"$`)

// decodeFailure reports a decode error the way the server words it (a 400
// "<Kind> in version ... cannot be handled as a <Kind>: ..."), with one entry
// per strict-decoding complaint so tests can match on the field.
func (v Verdict) decodeFailure(gvk schema.GroupVersionKind, err error) Verdict {
	v.Status = "invalid"
	v.Reason = fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err)
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		for _, e := range strict.Errors() {
			for _, detail := range splitYAMLErrors(e.Error()) {
				fld := ""
				if m := strictFieldRE.FindStringSubmatch(detail); m != nil {
					fld = m[1]
				}
				v.Errors = append(v.Errors, Error{Type: "StrictDecodingError", Field: fld, Detail: detail, Message: "strict decoding error: " + detail})
			}
		}
		return v
	}
	v.Errors = append(v.Errors, Error{Type: "DecodeError", Detail: err.Error(), Message: v.Reason})
	return v
}

// splitYAMLErrors turns go-yaml's multi-line "yaml: unmarshal errors:\n  line
// 5: key "x" already set in map\n  ..." (duplicate YAML keys) into one entry per
// line. YAML duplicates carry a line number, not a field path.
func splitYAMLErrors(msg string) []string {
	const header = "yaml: unmarshal errors:\n"
	i := strings.Index(msg, header)
	if i < 0 {
		return []string{msg}
	}
	var out []string
	for _, line := range strings.Split(msg[i+len(header):], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, "yaml: "+line)
		}
	}
	return out
}

// beforeCreate does what a kind's REST storage does to a new object before the strategy sees it,
// where that matters to validation. Services: the create path of
// pkg/registry/core/service/storage/storage.go (beginCreate -> normalizeClusterIPs) copies a
// singular clusterIP (e.g. "None" for headless) into clusterIPs for clients that only set the former.
func beforeCreate(obj runtime.Object) {
	if svc, ok := obj.(*api.Service); ok {
		if len(svc.Spec.ClusterIP) > 0 && len(svc.Spec.ClusterIPs) == 0 {
			svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
		}
		// The storage's allocator gives a LoadBalancer with externalTrafficPolicy Local a health
		// check node port before validation (allocHealthCheckNodePort); any port in range stands in.
		if svc.Spec.Type == api.ServiceTypeLoadBalancer && svc.Spec.ExternalTrafficPolicy == api.ServiceExternalTrafficPolicyLocal && svc.Spec.HealthCheckNodePort == 0 {
			svc.Spec.HealthCheckNodePort = 30000
		}
	}
}
