package sdktests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// pagedServer serves GET /users/{user}/transactions as a paged list of
// total transactions TRN-0..TRN-(total-1), honouring page and
// records_per_page (default 25) like Atrium. It records every query.
type pagedServer struct {
	*httptest.Server
	total    int
	noMeta   bool // leave the pagination object out
	failPage int  // answer this page with 500
	wrongNum bool // claim to be page 1 whatever is asked
	mu       sync.Mutex
	queries  []string
}

func newPagedServer(t *testing.T, total int) *pagedServer {
	ps := &pagedServer{total: total}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		ps.queries = append(ps.queries, r.URL.RawQuery)
		ps.mu.Unlock()
		if r.URL.Path != "/users/USR-1/transactions" {
			w.WriteHeader(404)
			return
		}
		page, perPage := 1, 25
		if v := r.URL.Query().Get("page"); v != "" {
			page, _ = strconv.Atoi(v)
		}
		if v := r.URL.Query().Get("records_per_page"); v != "" {
			perPage, _ = strconv.Atoi(v)
		}
		if page == ps.failPage {
			w.WriteHeader(500)
			fmt.Fprint(w, errorJSON("boom"))
			return
		}
		var items []string
		for i := (page - 1) * perPage; i < page*perPage && i < ps.total; i++ {
			items = append(items, fmt.Sprintf(`{"guid":"TRN-%d"}`, i))
		}
		totalPages := (ps.total + perPage - 1) / perPage
		w.Header().Set("Content-Type", jsonAccept)
		body := `{"transactions":[` + strings.Join(items, ",") + `]`
		if !ps.noMeta {
			cur := page
			if ps.wrongNum {
				cur = 1
			}
			body += fmt.Sprintf(`,"pagination":{"current_page":%d,"per_page":%d,"total_entries":%d,"total_pages":%d}`,
				cur, perPage, ps.total, totalPages)
		}
		fmt.Fprint(w, body+"}")
	}))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *pagedServer) seen() []string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	out := ps.queries
	ps.queries = nil
	return out
}

func guids(t *testing.T, seq func(func(atrium.Transaction, error) bool)) ([]string, error) {
	t.Helper()
	var out []string
	for tr, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, *tr.GUID)
	}
	return out, nil
}

func trnRange(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("TRN-%d", i))
	}
	return out
}

func eqStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s\n got: %q\nwant: %q", what, got, want)
	}
}

// TestIteratorWalksAllPages: the iterator fetches page after page with
// the caller's records_per_page until total_pages, and yields every item
// in order.
func TestIteratorWalksAllPages(t *testing.T) {
	ps := newPagedServer(t, 10)
	client := newTestClient(ps.URL)
	got, err := guids(t, client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1",
		&atrium.ListUserTransactionsParams{RecordsPerPage: p32(3), FromDate: nil}))
	if err != nil {
		t.Fatal(err)
	}
	eqStrings(t, "items", got, trnRange(0, 10))
	q := ps.seen()
	eqStrings(t, "queries", q, []string{
		"page=1&records_per_page=3", "page=2&records_per_page=3", "page=3&records_per_page=3", "page=4&records_per_page=3"})

	// The All helper returns the same, and the caller's params are not changed.
	params := &atrium.ListUserTransactionsParams{Page: p32(2), RecordsPerPage: p32(4)}
	all, err := client.Transactions.ListUserTransactionsAll(context.Background(), "USR-1", params)
	if err != nil {
		t.Fatal(err)
	}
	var allGUIDs []string
	for _, tr := range all {
		allGUIDs = append(allGUIDs, *tr.GUID)
	}
	eqStrings(t, "All from page 2", allGUIDs, trnRange(4, 10))
	eqStrings(t, "queries from page 2", ps.seen(), []string{"page=2&records_per_page=4", "page=3&records_per_page=4"})
	if *params.Page != 2 {
		t.Errorf("params.Page changed to %d", *params.Page)
	}
}

// TestIteratorIsLazy: nothing is fetched before the loop starts, and
// breaking out stops fetching.
func TestIteratorIsLazy(t *testing.T) {
	ps := newPagedServer(t, 30)
	client := newTestClient(ps.URL)
	seq := client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(5)})
	if n := len(ps.seen()); n != 0 {
		t.Fatalf("creating the iterator sent %d requests", n)
	}
	var got []string
	for tr, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *tr.GUID)
		if len(got) == 7 {
			break
		}
	}
	eqStrings(t, "items", got, trnRange(0, 7))
	eqStrings(t, "queries", ps.seen(), []string{"page=1&records_per_page=5", "page=2&records_per_page=5"})

	// The sequence can be walked again from the start.
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if reqs := len(ps.seen()); n != 30 || reqs != 6 {
		t.Errorf("second walk: %d items in %d requests, want 30 in 6", n, reqs)
	}
}

// TestIteratorStopsOnError: an error on page 3 is yielded after the items
// of pages 1 and 2, and ends the walk.
func TestIteratorStopsOnError(t *testing.T) {
	ps := newPagedServer(t, 20)
	ps.failPage = 3
	client := newTestClient(ps.URL)
	var got []string
	var errs []error
	for tr, err := range client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(4)}) {
		if err != nil {
			errs = append(errs, err)
			continue // the iterator must end by itself
		}
		got = append(got, *tr.GUID)
	}
	eqStrings(t, "items", got, trnRange(0, 8))
	if len(errs) != 1 || !errors.Is(errs[0], atrium.ErrServer) {
		t.Fatalf("errors = %v, want one 500 APIError", errs)
	}
	if n := len(ps.seen()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	all, err := client.Transactions.ListUserTransactionsAll(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(4)})
	if err == nil || len(all) != 8 {
		t.Errorf("All: %d items, err %v; want the 8 read and the error", len(all), err)
	}
}

// TestIteratorWithoutPaginationObject: with no total, the walk ends at the
// first page shorter than records_per_page (or empty).
func TestIteratorWithoutPaginationObject(t *testing.T) {
	ps := newPagedServer(t, 9)
	ps.noMeta = true
	client := newTestClient(ps.URL)
	got, err := guids(t, client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(4)}))
	if err != nil {
		t.Fatal(err)
	}
	eqStrings(t, "items", got, trnRange(0, 9))
	if n := len(ps.seen()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	// Exactly full pages: one more request finds the empty page.
	ps.total = 8
	got, err = guids(t, client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(4)}))
	if err != nil || len(got) != 8 || len(ps.seen()) != 3 {
		t.Errorf("full pages: %d items, err %v", len(got), err)
	}
}

// TestIteratorRejectsWrongPage: a server that ignores the page parameter
// gives an error, not an endless loop.
func TestIteratorRejectsWrongPage(t *testing.T) {
	ps := newPagedServer(t, 10)
	ps.wrongNum = true
	client := newTestClient(ps.URL)
	got, err := guids(t, client.Transactions.ListUserTransactionsIter(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(5)}))
	if err == nil || !strings.Contains(err.Error(), "page") {
		t.Fatalf("err = %v, want a wrong-page error", err)
	}
	eqStrings(t, "items", got, trnRange(0, 5))
}

// TestEveryPagedOperationHasAnIterator: every operation taking a page
// parameter (the 14 the spec marks with x-pagination) has <Op>Iter and
// <Op>All on its service; ListUsersAll is also driven over the wire.
func TestEveryPagedOperationHasAnIterator(t *testing.T) {
	methods := map[string]bool{}
	cv := reflect.ValueOf(newTestClient("http://127.0.0.1")).Elem()
	for i := range cv.NumField() {
		if f := cv.Type().Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			for j := range f.Type.NumMethod() {
				methods[f.Type.Method(j).Name] = true
			}
		}
	}
	paged := 0
	for op, f := range loadOperationFacts(t) {
		if !slices.Contains(f.QueryParams, "page") {
			continue
		}
		paged++
		for _, m := range []string{op + "Iter", op + "All"} {
			if !methods[m] {
				t.Errorf("%s takes a page parameter but no service has %s", op, m)
			}
		}
	}
	eq(t, "operations with a page parameter", paged, 14)

	srv := newRecorder(t, jsonReply(200, `{"users":[{"guid":"USR-1"}],"pagination":{"current_page":1,"per_page":25,"total_entries":1,"total_pages":1}}`))
	client := newTestClient(srv.URL)
	users, err := client.Users.ListUsersAll(context.Background(), nil)
	if err != nil || len(users) != 1 || *users[0].GUID != "USR-1" {
		t.Fatalf("ListUsersAll = %v, %v", users, err)
	}
	r := srv.only(t)
	assertQuery(t, r.RawQuery, "page=1")
}
