package nullable31_test

import (
	"encoding/json"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/nullable31/want"
)

// Optional nullable members have three states: absent, null and a value.
func TestNullableThreeStates(t *testing.T) {
	patch := nullable31.RecordPatch{
		Note:  nullable31.Null[string](),
		Owner: nullable31.NullableOf(nullable31.Owner{Name: nullable31.Ptr("ann")}),
	}
	b, err := json.Marshal(patch)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"note":null,"owner":{"name":"ann"}}`; string(b) != want {
		t.Errorf("encoded %s, want %s", b, want)
	}
	var got nullable31.RecordPatch
	if err := json.Unmarshal([]byte(`{"note":null,"level":2,"tags":["a"]}`), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Note.IsNull() || got.Owner.Set || got.Title != nil {
		t.Errorf("states: note %+v owner %+v title %v", got.Note, got.Owner, got.Title)
	}
	if lv, ok := got.Level.Get(); !ok || lv != nullable31.Level2 {
		t.Errorf("level = %v, %v", lv, ok)
	}
	if tags, ok := got.Tags.Get(); !ok || len(tags) != 1 {
		t.Errorf("tags = %v, %v", tags, ok)
	}
	if b, _ := json.Marshal(got); string(b) != `{"level":2,"note":null,"tags":["a"]}` {
		t.Errorf("round trip = %s", b)
	}
}

// A required nullable member is a pointer: nil is sent as null, never left out.
func TestRequiredNullable(t *testing.T) {
	var r nullable31.Record
	if err := json.Unmarshal([]byte(`{"id":"6f1c0c55-2f1e-4a4e-9a55-0d1a7f1b2c3d","note":null,"createdOn":"2024-02-29","avatar":"aGk="}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Note != nil || r.CreatedOn.String() != "2024-02-29" || string(r.Avatar) != "hi" {
		t.Errorf("decoded %+v", r)
	}
	b, _ := json.Marshal(r)
	if want := `{"avatar":"aGk=","createdOn":"2024-02-29","id":"6f1c0c55-2f1e-4a4e-9a55-0d1a7f1b2c3d","note":null}`; string(b) != want {
		t.Errorf("encoded %s, want %s", b, want)
	}
}
