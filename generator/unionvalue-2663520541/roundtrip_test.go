package unions_test

import (
	"encoding/json"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/unions/want"
)

// A union keeps the JSON it decoded and writes it back byte for byte,
// unknown members, spacing and member order included.
func TestUnionRoundTripsExactly(t *testing.T) {
	in := `{"petType": "dog", "name":"Rex","goodBoy":true,  "extra":[1,2]}`
	var p unions.Pet
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal compacts what MarshalJSON returns; the members are kept as they were.
	if want := `{"petType":"dog","name":"Rex","goodBoy":true,"extra":[1,2]}`; string(out) != want {
		t.Errorf("Marshal = %s, want %s", out, want)
	}
	if string(p.Raw()) != in {
		t.Errorf("Raw = %s, want %s", p.Raw(), in)
	}
	d, err := p.Discriminator()
	if err != nil || d != "dog" {
		t.Fatalf("Discriminator = %q, %v", d, err)
	}
	v, err := p.ValueByDiscriminator()
	if err != nil {
		t.Fatal(err)
	}
	dog, ok := v.(unions.Dog)
	if !ok || dog.Name != "Rex" || !dog.GoodBoy {
		t.Errorf("ValueByDiscriminator = %#v", v)
	}
}

func TestUnionFromAndMapping(t *testing.T) {
	var p unions.Pet
	if err := p.FromCat(unions.Cat{PetType: "cat", Name: "Tom"}); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	if string(b) != `{"name":"Tom","petType":"cat"}` {
		t.Errorf("FromCat encodes %s", b)
	}
	v, err := p.ValueByDiscriminator()
	if c, ok := v.(unions.Cat); err != nil || !ok || c.Name != "Tom" {
		t.Errorf("ValueByDiscriminator = %#v, %v", v, err)
	}
	// From fills in the discriminator its mapping names when left empty.
	if err := p.FromDog(unions.Dog{Name: "Rex", GoodBoy: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(p); string(b) != `{"goodBoy":true,"name":"Rex","petType":"dog"}` {
		t.Errorf("FromDog encodes %s", b)
	}
	var unknown unions.Pet
	_ = json.Unmarshal([]byte(`{"petType":"fish"}`), &unknown)
	if _, err := unknown.ValueByDiscriminator(); err == nil {
		t.Error("unknown discriminator value: no error")
	}
	var empty unions.Pet
	if b, _ := json.Marshal(empty); string(b) != "null" {
		t.Errorf("empty union encodes %s", b)
	}
}

func TestAnyOfVariants(t *testing.T) {
	var shapes []unions.Shape
	in := `[{"radius":2},"label",[[1,2],[3]]]`
	if err := json.Unmarshal([]byte(in), &shapes); err != nil {
		t.Fatal(err)
	}
	if c, err := shapes[0].AsShapeCircle(); err != nil || c.Radius != 2 {
		t.Errorf("AsShapeCircle = %v, %v", c, err)
	}
	if s, err := shapes[1].AsString(); err != nil || s != "label" {
		t.Errorf("AsString = %q, %v", s, err)
	}
	if pts, err := shapes[2].AsFloat64ListList(); err != nil || len(pts) != 2 || pts[1][0] != 3 {
		t.Errorf("AsFloat64ListList = %v, %v", pts, err)
	}
	if _, err := shapes[1].AsSquare(); err == nil {
		t.Error("a string decoded as a Square")
	}
	out, _ := json.Marshal(shapes)
	if string(out) != in {
		t.Errorf("round trip = %s, want %s", out, in)
	}
}

// Members the schema does not declare are kept next to the declared ones.
func TestAdditionalPropertiesKept(t *testing.T) {
	in := `{"id":"m1","color":"red","zeta":7,"alpha":1}`
	var m unions.Metadata
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != "m1" || *m.Color != "red" || m.AdditionalProperties["zeta"] != 7 || m.AdditionalProperties["alpha"] != 1 || len(m.AdditionalProperties) != 2 {
		t.Errorf("decoded %+v", m)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"color":"red","id":"m1","alpha":1,"zeta":7}`; string(out) != want {
		t.Errorf("encoded %s, want %s", out, want)
	}
	if err := json.Unmarshal([]byte(`{"id":"x","bad":"not a number"}`), &m); err == nil {
		t.Error("a string extra member decoded into an integer map")
	}
	var l unions.Loose
	if err := json.Unmarshal([]byte(`{"name":"n","any":{"x":[true]}}`), &l); err != nil {
		t.Fatal(err)
	}
	if out, _ := json.Marshal(l); string(out) != `{"name":"n","any":{"x":[true]}}` {
		t.Errorf("Loose round trip = %s", out)
	}
	var none unions.Loose
	if out, _ := json.Marshal(none); string(out) != `{}` {
		t.Errorf("empty Loose = %s", out)
	}
}

func TestRecursive(t *testing.T) {
	in := `{"children":[{"value":"leaf"}],"forest":{"trees":[{"value":"t"}]},"value":"root"}`
	var n unions.Node
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	if out, _ := json.Marshal(n); string(out) != in {
		t.Errorf("round trip = %s", out)
	}
	// A recursive schema is one type, referring to itself.
	var parent *unions.Node = n.Parent
	var children []unions.Node = n.Children
	_, _ = parent, children
}
