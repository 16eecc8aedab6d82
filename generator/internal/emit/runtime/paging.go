package sdkruntime

import (
	"fmt"
	"iter"
)

// pageInfo is what one page of a paged list says about the list; 0 means
// the page did not say.
type pageInfo struct {
	current    int // the page's own number
	perPage    int // records per page
	totalPages int // pages in the whole list
	hasTotal   bool
}

// pages walks a paged list lazily, one request per page as the caller's
// loop advances, starting at page first (1 when less than 1). fetch
// returns the items of a page and what the page says about the list.
//
// The walk stops after the last page (page ≥ total pages; without a total,
// an empty page or one shorter than the page size), when the loop breaks,
// or at the first error, which is yielded with a zero item as the last
// element. A server answering with a page other than the one asked for is
// an error rather than an endless loop.
func pages[T any](first int, fetch func(page int) ([]T, pageInfo, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		page := max(first, 1)
		for {
			items, info, err := fetch(page)
			if err != nil {
				yield(zero, err)
				return
			}
			if info.current > 0 && info.current != page {
				yield(zero, fmt.Errorf("%s: asked for page %d of a paged list, got page %d", sdkName, page, info.current))
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			switch {
			case len(items) == 0:
				return
			case info.hasTotal:
				if page >= info.totalPages {
					return
				}
			case info.perPage > 0 && len(items) < info.perPage:
				return
			}
			page++
		}
	}
}

// collect gathers every item of a paged list; on error it returns the
// items read so far and the error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for it, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}
