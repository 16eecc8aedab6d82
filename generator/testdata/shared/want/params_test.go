package shared_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/shared/want"
)

// ListCharges and ListRefunds share StatusParams and the code sending it:
// each sends a set status, and nothing for nil params or a nil field.
func TestSharedParamsOnTheWire(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.Path+"?"+r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c := shared.NewClient(shared.WithBaseURL(srv.URL))
	ctx := context.Background()
	st := shared.StatusInactive
	if _, _, err := c.Charges.ListCharges(ctx, &shared.StatusParams{Status: &st}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Refunds.ListRefunds(ctx, &shared.StatusParams{Status: &st}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Refunds.ListRefunds(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Charges.ListCharges(ctx, &shared.StatusParams{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"/charges?status=inactive", "/refunds?status=inactive", "/refunds?", "/charges?"}
	if len(got) != len(want) {
		t.Fatalf("requests %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: %q, want %q", i, got[i], want[i])
		}
	}
}
