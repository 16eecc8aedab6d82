package sdkruntime

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func collectAll[T any](t *testing.T, seq func(func(T, error) bool)) ([]T, error) {
	t.Helper()
	var out []T
	for it, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}

func TestCursorPages(t *testing.T) {
	pages := map[string][]string{"": {"a", "b"}, "b": {"c", "d"}, "d": {"e"}}
	var asked []string
	got, err := collectAll(t, cursorPages("", func(cursor string) ([]string, bool, string, error) {
		asked = append(asked, cursor)
		items := pages[cursor]
		return items, cursor != "d", items[len(items)-1], nil
	}))
	if err != nil || !slices.Equal(got, []string{"a", "b", "c", "d", "e"}) || !slices.Equal(asked, []string{"", "b", "d"}) {
		t.Errorf("items %v, cursors asked %v, err %v", got, asked, err)
	}
	// More said to follow, but the cursor does not move: an error, not a loop.
	n := 0
	_, err = collectAll(t, cursorPages("", func(string) ([]string, bool, string, error) {
		n++
		return []string{"x"}, true, "x", nil
	}))
	if err == nil || !strings.Contains(err.Error(), "no new cursor") || n != 2 {
		t.Errorf("stuck cursor: %d fetches, err %v", n, err)
	}
	// An error ends the walk after the items read.
	boom := errors.New("boom")
	got, err = collectAll(t, cursorPages("", func(c string) ([]string, bool, string, error) {
		if c != "" {
			return nil, false, "", boom
		}
		return []string{"a"}, true, "a", nil
	}))
	if !errors.Is(err, boom) || !slices.Equal(got, []string{"a"}) {
		t.Errorf("got %v, %v", got, err)
	}
	// Breaking stops fetching.
	n = 0
	for range cursorPages("", func(c string) ([]int, bool, string, error) { n++; return []int{1, 2}, true, c + "x", nil }) {
		break
	}
	if n != 1 {
		t.Errorf("break: %d fetches", n)
	}
}

func TestOffsetPages(t *testing.T) {
	var offsets []int
	got, err := collectAll(t, offsetPages(0, func(off int) ([]int, int, error) {
		offsets = append(offsets, off)
		var items []int
		for i := off; i < min(off+2, 5); i++ {
			items = append(items, i)
		}
		return items, 2, nil
	}))
	if err != nil || !slices.Equal(got, []int{0, 1, 2, 3, 4}) || !slices.Equal(offsets, []int{0, 2, 4}) {
		t.Errorf("items %v, offsets %v, err %v", got, offsets, err)
	}
}

func TestNextLink(t *testing.T) {
	for v, want := range map[string]string{
		`<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"`: "https://api.github.com/repositories/1/issues?page=2",
		`<https://x/a?page=1>; rel="prev first", </a?page=3>; rel="next"`:                                                                      "/a?page=3",
		`<https://x/a?q=a,b>; rel=next`: "https://x/a?q=a,b",
		`<https://x/a>; rel="last"`:     "",
		`garbage`:                       "",
		`<https://x/a>; title="a, b; rel=next"; rel="prev"`: "",
	} {
		h := http.Header{"Link": {v}}
		if got := nextLink(h); got != want {
			t.Errorf("nextLink(%s) = %q, want %q", v, got, want)
		}
	}
}

func TestWithNextPageStaysUnderBaseURL(t *testing.T) {
	c := &core{baseURL: "https://api.example.com/v2"}
	for next, want := range map[string]string{
		"https://api.example.com/v2/items?page=2": "/items?page=2",
		"/v2/items?cursor=a%2Fb":                  "/items?cursor=a%2Fb",
		"https://API.example.com/v2/x":            "/x",
	} {
		opt, err := c.withNextPage("", next)
		if err != nil {
			t.Errorf("%s: %v", next, err)
			continue
		}
		r := &request{path: "/items"}
		opt(r)
		if r.path != want {
			t.Errorf("%s: path %q, want %q", next, r.path, want)
		}
	}
	for _, next := range []string{"https://evil.example/v2/items", "http://api.example.com/v2/items", "https://api.example.com/v3/items", "https://api.example.com/v2x", "https://api.example.com:8443/v2/items"} {
		if _, err := c.withNextPage("", next); err == nil || !strings.Contains(err.Error(), "leaves the base URL") {
			t.Errorf("%s: followed (err %v)", next, err)
		}
	}
	// An operation with a server of its own pages under that server.
	if _, err := c.withNextPage("https://files.example.com", "https://files.example.com/items?page=2"); err != nil {
		t.Errorf("operation server: %v", err)
	}
	if _, err := c.withNextPage("https://files.example.com", "https://api.example.com/v2/items"); err == nil {
		t.Error("operation server: followed a link to the client's base URL")
	}
}
