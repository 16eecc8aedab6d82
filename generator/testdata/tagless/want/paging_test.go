package tagless

// Hand-written wire test: the config's cursor rule (has_more + the last
// id as starting_after) pages through every customer, with no
// x-pagination in the spec.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// stripeLike serves /v1/customers as Stripe does: limit (default 10),
// starting_after an object id, has_more, and /v1/customers/search with
// next_page tokens.
func stripeLike(t *testing.T, total int) (*httptest.Server, *[]string) {
	var ids []string
	for i := 1; i <= total; i++ {
		ids = append(ids, fmt.Sprintf("cus_%03d", i))
	}
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer sk_test" {
			w.WriteHeader(401)
			return
		}
		q := r.URL.Query()
		queries = append(queries, r.URL.Path+"?"+r.URL.RawQuery)
		limit := 10
		if l := q.Get("limit"); l != "" {
			limit, _ = strconv.Atoi(l)
		}
		start := 0
		switch r.URL.Path {
		case "/v1/customers":
			if after := q.Get("starting_after"); after != "" {
				start = slices.Index(ids, after) + 1
				if start == 0 {
					w.WriteHeader(400)
					return
				}
			}
		case "/v1/customers/search":
			if !strings.Contains(q.Get("query"), "email") {
				w.WriteHeader(400)
				return
			}
			if p := q.Get("page"); p != "" {
				start, _ = strconv.Atoi(strings.TrimPrefix(p, "page_"))
			}
		default:
			w.WriteHeader(404)
			return
		}
		end := min(start+limit, len(ids))
		var data []map[string]any
		for _, id := range ids[start:end] {
			data = append(data, map[string]any{"id": id, "object": "customer", "created": 1, "livemode": false})
		}
		body := map[string]any{"object": "list", "data": data, "has_more": end < len(ids), "url": r.URL.Path}
		if r.URL.Path == "/v1/customers/search" {
			body["object"] = "search_result"
			body["next_page"] = nil
			if end < len(ids) {
				body["next_page"] = fmt.Sprintf("page_%d", end)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &queries
}

func TestCursorRulePagesEveryCustomer(t *testing.T) {
	srv, queries := stripeLike(t, 8)
	client := NewClient("sk_test", WithBaseURL(srv.URL))
	var got []string
	for c, err := range client.Customers.ListIter(context.Background(), &CustomerListParams{Limit: Ptr(int64(3)), Email: Ptr("a@b.c")}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.ID)
	}
	want := []string{"cus_001", "cus_002", "cus_003", "cus_004", "cus_005", "cus_006", "cus_007", "cus_008"}
	if !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
	wantQ := []string{
		"/v1/customers?limit=3&email=a%40b.c",
		"/v1/customers?limit=3&starting_after=cus_003&email=a%40b.c",
		"/v1/customers?limit=3&starting_after=cus_006&email=a%40b.c",
	}
	if !slices.Equal(*queries, wantQ) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(*queries, "\n"), strings.Join(wantQ, "\n"))
	}

	// All collects the same; a second walk of one iterator starts over.
	all, err := client.Customers.ListAll(context.Background(), nil)
	if err != nil || len(all) != 8 {
		t.Errorf("ListAll: %d items, %v", len(all), err)
	}
	seq := client.Customers.ListIter(context.Background(), &CustomerListParams{Limit: Ptr(int64(5))})
	for range 2 {
		n := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 8 {
			t.Errorf("walk of a reused iterator: %d items", n)
		}
	}
}

func TestCursorRuleNextPageToken(t *testing.T) {
	srv, _ := stripeLike(t, 5)
	client := NewClient("sk_test", WithBaseURL(srv.URL))
	got, err := client.Customers.SearchAll(context.Background(), "email:'x'", &CustomerSearchParams{Limit: Ptr(int64(2))})
	if err != nil || len(got) != 5 || got[4].ID != "cus_005" {
		t.Errorf("SearchAll: %v, %v", got, err)
	}
}

func TestCursorRuleStopsAtError(t *testing.T) {
	srv, _ := stripeLike(t, 5)
	client := NewClient("wrong", WithBaseURL(srv.URL), WithMaxRetries(0))
	n := 0
	for _, err := range client.Customers.ListIter(context.Background(), nil) {
		n++
		if err == nil {
			t.Fatal("an item from a refused request")
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
			t.Errorf("error %v, want the 401 APIError", err)
		}
	}
	if n != 1 {
		t.Errorf("%d elements, want the error alone", n)
	}
}
