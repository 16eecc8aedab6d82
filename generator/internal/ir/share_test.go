package ir

import (
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

func buildShared(t *testing.T, spec string, share bool) *API {
	t.Helper()
	doc, diags := load.Data("spec.yaml", []byte(spec))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	api, diags := Build(doc, Options{Package: "shared", ImportPath: "example.com/shared", ShareTypes: share})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return api
}

// modelRefs lists every named type the model refers to, found as
// modelPackages finds them (namedRefs).
func modelRefs(api *API) []string {
	var out []string
	found := func(n string) { out = append(out, n) }
	seen := map[uintptr]bool{}
	namedRefs(reflect.ValueOf(api.Types), seen, found)
	for _, svc := range api.Services {
		namedRefs(reflect.ValueOf(svc.Operations), seen, found)
	}
	namedRefs(reflect.ValueOf(api.ErrorSets), seen, found)
	return out
}

func typeNames(api *API) []string {
	var out []string
	for _, ty := range api.Types {
		out = append(out, ty.Name)
	}
	sort.Strings(out)
	return out
}

// With ShareTypes every reference still names a type of the model, the
// shared types replace their members, and adding unrelated schemas (one
// sorting first, with its own repeated enum) or reordering properties
// renames none of them.
func TestShareTypes(t *testing.T) {
	spec, err := os.ReadFile("../../testdata/shared/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	api := buildShared(t, string(spec), true)
	for _, n := range modelRefs(api) {
		if api.Type(n) == nil {
			t.Errorf("reference to %s, which is not a type of the model", n)
		}
	}
	want := []string{"Address", "CaptureMethod", "Charge", "ChargeOutcome", "ChargeReason", "Customer", "CustomerStringCustomer", "Metadata", "Metadata2", "NullableCustomer", "Refund", "RefundReason", "Status"}
	if d := cmp.Diff(want, typeNames(api)); d != "" {
		t.Errorf("types (-want +got):\n%s", d)
	}
	params := map[string]*Params{}
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			if op.Params != nil {
				params[op.Name] = op.Params
			}
		}
	}
	if p := params["ListCharges"]; p == nil || p != params["ListRefunds"] || p.TypeName != "StatusParams" || len(p.Ops) != 2 {
		t.Errorf("ListCharges and ListRefunds do not share StatusParams: %+v, %+v", params["ListCharges"], params["ListRefunds"])
	}
	plain := buildShared(t, string(spec), false)
	if len(plain.Types) <= len(api.Types) {
		t.Errorf("sharing left %d types of %d", len(api.Types), len(plain.Types))
	}

	more := string(spec) + `    Aardvark:
      type: object
      properties:
        kind: {type: string, enum: [big, small]}
        other_kind: {type: string, enum: [big, small]}
        status: {type: string, enum: [awake, asleep]}
`
	got := typeNames(buildShared(t, more, true))
	want = append(want, "Aardvark", "AardvarkStatus", "Kind")
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("types after adding a schema (-want +got):\n%s", d)
	}
}
