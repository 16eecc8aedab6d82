package unions_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	unions "github.com/atriumgen/atriumgen/generator/testdata/unions/want"
)

// A required read-only member has no omitempty (responses always carry
// it), so the client removes it from request bodies instead of sending its
// zero value, which the spec forbids (issue 20).
func TestReadOnlyMembersAreNotSent(t *testing.T) {
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("body %s: %v", b, err)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"m1","color":"red"}`)
	}))
	defer srv.Close()
	client := unions.NewClient(unions.WithBaseURL(srv.URL))
	res, _, err := client.Default.PutMetadata(context.Background(), []unions.Metadata{{Color: unions.Ptr("red")}, {ID: "set anyway"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("sent %v, want two items", got)
	}
	for i, item := range got {
		if _, ok := item["id"]; ok {
			t.Errorf("item %d sent the read-only id: %v", i, item)
		}
	}
	if got[0]["color"] != "red" {
		t.Errorf("item 0 lost its color: %v", got[0])
	}
	if res.ID != "m1" {
		t.Errorf("response id = %q, want m1 (read-only members still decode)", res.ID)
	}
}
