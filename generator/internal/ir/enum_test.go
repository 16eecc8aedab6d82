package ir

import (
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

func buildSpec(t *testing.T, spec string) (*API, string) {
	t.Helper()
	doc, list := load.Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, diags := Build(doc, Options{Package: "x"})
	if diags.HasErrors() {
		t.Fatalf("build: %v", diags)
	}
	return api, diags.Error()
}

func typeNamed(api *API, name string) *Type {
	for _, ty := range api.Types {
		if ty.Name == name {
			return ty
		}
	}
	return nil
}

// Enums a Go constant cannot carry are typed where possible, else any,
// always with a warning, never a refusal.
func TestEnumsOfEveryKind(t *testing.T) {
	api, warns := buildSpec(t, `openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Ports:
      type: object
      enum: [{}]
    Mixed:
      enum: [a, 1, true]
    Codes:
      type: string
      enum: [100, 200, yes]
    Untyped:
      enum: [3, 4]
    Shape:
      type: array
      items: {type: integer}
      enum: [[1, 2]]
`)
	for name, want := range map[string]string{
		"Ports": "any", "Mixed": "any", "Shape": "any", "Codes": "string", "Untyped": "int64",
	} {
		ty := typeNamed(api, name)
		if ty == nil || ty.Base == nil || ty.Base.Name != want {
			t.Errorf("%s: got %+v, want base %s", name, ty, want)
		}
	}
	if ty := typeNamed(api, "Codes"); ty != nil && len(ty.Values) == 3 {
		if ty.Values[0].Value != "100" || ty.Values[2].Value != "yes" {
			t.Errorf("Codes values = %v", ty.Values)
		}
	} else {
		t.Errorf("Codes: want 3 string constants, got %+v", ty)
	}
	for _, want := range []string{
		`spec.yaml:6:5: /components/schemas/Ports: warning: enum of type object: its values cannot be Go constants; the type is any (values: {})`,
		`/components/schemas/Mixed: warning: enum mixes value types (boolean, integer, string)`,
		`/components/schemas/Codes: warning: enum of type string has values of type integer; reading them as strings (values: 100, 200, "yes")`,
		`/components/schemas/Shape: warning: enum of type array`,
	} {
		if !strings.Contains(warns, want) {
			t.Errorf("warnings lack %q:\n%s", want, warns)
		}
	}
}

// Literal writes numbers as a reader and Go read them: integers whole
// (a default of 1000000 is not "1e+06"), others in the shortest form.
func TestLiteral(t *testing.T) {
	for v, want := range map[any]string{
		float64(1000000): "1000000", float64(123456789012): "123456789012", float64(-3): "-3",
		1.5: "1.5", 1e21: "1e+21", 1e-7: "1e-07", "x\"y": `"x\"y"`, true: "true",
		float64(1 << 53): "9007199254740992", float64(1<<63 - 1): "9.223372036854776e+18",
	} {
		if got := Literal(v); got != want {
			t.Errorf("Literal(%v) = %s, want %s", v, got, want)
		}
	}
}
