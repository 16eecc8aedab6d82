package pagerules

// Hand-written wire tests of the link, page and offset paging rules
// against httptest servers: every item, in order, with the requests each
// style makes; a next link leaving the base URL is not followed.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type recorder struct {
	srv  *httptest.Server
	reqs []string
}

func serve(t *testing.T, h func(rec *recorder, w http.ResponseWriter, r *http.Request)) *recorder {
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.reqs = append(rec.reqs, r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		h(rec, w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func TestLinkRuleFollowsNext(t *testing.T) {
	// GitHub answers under another path than the one asked (/repositories/ID).
	rec := serve(t, func(rec *recorder, w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		if page < 3 {
			w.Header().Set("Link", fmt.Sprintf(`<%s/v3/repositories/42/issues?state=open&page=%d>; rel="next", <%s/v3/repositories/42/issues?page=3>; rel="last"`, rec.srv.URL, page+1, rec.srv.URL))
		}
		_ = json.NewEncoder(w).Encode([]Issue{{Number: int64(2*page - 1), Title: "a"}, {Number: int64(2 * page), Title: "b"}})
	})
	client := NewClient(WithBaseURL(rec.srv.URL + "/v3"))
	var got []int64
	for it, err := range client.Issues.ListIssuesIter(context.Background(), "o", "r", &ListIssuesParams{State: Ptr("open")}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it.Number)
	}
	if !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6}) {
		t.Errorf("items %v", got)
	}
	want := []string{"/v3/repos/o/r/issues?state=open", "/v3/repositories/42/issues?state=open&page=2", "/v3/repositories/42/issues?state=open&page=3"}
	if !slices.Equal(rec.reqs, want) {
		t.Errorf("requests %v, want %v", rec.reqs, want)
	}
}

func TestLinkRuleStaysOnTheBaseURL(t *testing.T) {
	rec := serve(t, func(rec *recorder, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://evil.example/v3/steal>; rel="next"`)
		_ = json.NewEncoder(w).Encode([]Issue{{Number: 1}})
	})
	client := NewClient(WithBaseURL(rec.srv.URL + "/v3"))
	var n int
	var last error
	for _, err := range client.Issues.ListIssuesIter(context.Background(), "o", "r", nil) {
		n++
		last = err
	}
	if n != 2 || last == nil || !strings.Contains(last.Error(), "leaves the base URL") || len(rec.reqs) != 1 {
		t.Errorf("%d elements, last error %v, %d requests", n, last, len(rec.reqs))
	}
}

func TestPageRule(t *testing.T) {
	rec := serve(t, func(rec *recorder, w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		var items []Item
		for i := (page-1)*per + 1; i <= min(page*per, 7); i++ {
			items = append(items, Item{ID: int64(i)})
		}
		_ = json.NewEncoder(w).Encode(ItemPage{Items: items})
	})
	client := NewClient(WithBaseURL(rec.srv.URL))
	got, err := client.Items.ListItemsAll(context.Background(), &ListItemsParams{PerPage: Ptr(int32(3))})
	if err != nil || len(got) != 7 || got[6].ID != 7 {
		t.Errorf("items %v, %v", got, err)
	}
	want := []string{"/items?page=1&per_page=3", "/items?page=2&per_page=3", "/items?page=3&per_page=3"}
	if !slices.Equal(rec.reqs, want) {
		t.Errorf("requests %v, want %v", rec.reqs, want)
	}
}

func TestOffsetRule(t *testing.T) {
	rec := serve(t, func(rec *recorder, w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var res []Event
		for i := off; i < min(off+4, 10); i++ {
			res = append(res, Event{ID: int64(i)})
		}
		_ = json.NewEncoder(w).Encode(EventPage{Results: res})
	})
	client := NewClient(WithBaseURL(rec.srv.URL))
	var got []int64
	for e, err := range client.Events.ListEventsIter(context.Background(), &ListEventsParams{Offset: Ptr(int64(2)), Limit: Ptr(int64(4))}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.ID)
	}
	if !slices.Equal(got, []int64{2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("items %v", got)
	}
	want := []string{"/events?offset=2&limit=4", "/events?offset=6&limit=4", "/events?offset=10&limit=4"}
	if !slices.Equal(rec.reqs, want) {
		t.Errorf("requests %v, want %v", rec.reqs, want)
	}
}
