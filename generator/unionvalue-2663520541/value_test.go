package unions

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestValue(t *testing.T) {
	var p Pet
	if err := json.Unmarshal([]byte(`{"petType":"dog","name":"Rex","goodBoy":true}`), &p); err != nil {
		t.Fatal(err)
	}
	v, err := p.Value()
	if d, ok := v.(Dog); err != nil || !ok || d.Name != "Rex" {
		t.Fatalf("Pet.Value = %#v, %v; want the Dog", v, err)
	}
	// No discriminator: a Cat's members without petType match neither.
	if err := json.Unmarshal([]byte(`{"name":"Tom"}`), &p); err != nil {
		t.Fatal(err)
	}
	if v, err := p.Value(); err == nil {
		t.Fatalf("Pet.Value = %#v; want no match", v)
	}
	for in, want := range map[string]any{
		`{"radius":2}`: ShapeCircle{Radius: 2},
		`{"side":1}`:   Square{Side: ptr(float32(1))},
		`"label"`:      "label",
		`[[1,2]]`:      [][]float64{{1, 2}},
	} {
		var s Shape
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Fatal(err)
		}
		got, err := s.Value()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Shape(%s).Value = %#v, %v; want %#v", in, got, err, want)
		}
		if b, _ := json.Marshal(s); string(b) != in {
			t.Errorf("Shape(%s) encodes as %s", in, b)
		}
	}
	var s Shape
	if _, err := s.Value(); err == nil {
		t.Error("an unset union must not have a value")
	}
}

func ptr[T any](v T) *T { return &v }
