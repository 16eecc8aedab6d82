package sdkruntime

import (
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// This file is copied into an SDK only when one of its lists pages by a
// paging rule (cursor, link, page or offset; see the generator's config).

// cursorPages walks a list whose pages say whether more items follow:
// fetch gets the cursor (first, then each page's next cursor) and returns
// the page's items, whether more follow and the next cursor. The walk ends
// after a page saying no more follow, an empty page, when the loop breaks,
// or at the first error, yielded with a zero item as the last element. A
// page saying more follow without a new cursor is an error rather than an
// endless loop.
func cursorPages[T any](first string, fetch func(cursor string) (items []T, more bool, next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := first
		for {
			items, more, next, err := fetch(cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if !more || len(items) == 0 {
				return
			}
			if next == "" || next == cursor {
				yield(zero, fmt.Errorf("%s: a page of the list says more items follow but gives no new cursor (after %q)", sdkName, cursor))
				return
			}
			cursor = next
		}
	}
}

// offsetPages walks a list addressed by item offset, from first: fetch
// returns the items at an offset and the page size asked for (0 when
// unknown). The walk ends at an empty page or one shorter than the page
// size, when the loop breaks, or at the first error.
func offsetPages[T any](first int, fetch func(offset int) (items []T, limit int, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset := max(first, 0)
		for {
			items, limit, err := fetch(offset)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || limit > 0 && len(items) < limit {
				return
			}
			offset += len(items)
		}
	}
}

// linkPages walks a list whose responses link the next page in a Link
// header (RFC 8288, rel="next"): fetch gets "" for the first page, then
// each next link, and returns the items and the response header. The walk
// ends at a response without a next link, an empty page, when the loop
// breaks, or at the first error; a next link repeating the current one is
// an error rather than an endless loop.
func linkPages[T any](fetch func(next string) ([]T, http.Header, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		next := ""
		for {
			items, h, err := fetch(next)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			n := nextLink(h)
			if n == "" || len(items) == 0 {
				return
			}
			if n == next {
				yield(zero, fmt.Errorf("%s: the next-page link repeats the current page %q", sdkName, n))
				return
			}
			next = n
		}
	}
}

// nextLink returns the target of the rel="next" link of a Link header, or "".
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, link := range splitOutside(v, ',') {
			target, params, ok := strings.Cut(link, ">")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") {
				continue
			}
			for _, p := range splitOutside(params, ';') {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target[1:]
					}
				}
			}
		}
	}
	return ""
}

// splitOutside splits a Link header value at sep where it is outside
// <...> and quoted strings.
func splitOutside(v string, sep rune) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i, r := range v {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<':
			depth++
		case r == '>':
			depth--
		case r == sep && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// withNextPage is the option the Link iterators request a next page with:
// next (absolute, or relative to the base URL) must stay under the base
// URL the operation is sent to (the client's, or that of the operation's
// own server, if the spec gives one: same scheme, host and port; path
// below the base path), so credentials never go to a host the API's pages
// point at. The request's path becomes the link's path and query, and the
// operation adds no parameters of its own (the iterator passes no Params).
func (c *core) withNextPage(server, next string) (RequestOption, error) {
	baseURL := c.base(&request{server: server})
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: base URL: %w", sdkName, err)
	}
	u, err := base.Parse(next)
	if err != nil {
		return nil, fmt.Errorf("%s: next-page link %q: %w", sdkName, next, err)
	}
	basePath := strings.TrimSuffix(base.EscapedPath(), "/")
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) || !strings.HasPrefix(u.EscapedPath(), basePath+"/") {
		return nil, fmt.Errorf("%s: next-page link %q leaves the base URL %s: not followed", sdkName, next, baseURL)
	}
	path := strings.TrimPrefix(u.EscapedPath(), basePath)
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return func(r *request) { r.path = path }, nil
}
