package main

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// compareDefects checks the example calls failing validation (got, one a
// line) against a golden file. Lines of the file starting with "#" say
// why (written by hand, about the entry below them and those like it that
// follow); -update rewrites the entries and keeps each note above the
// entry it preceded.
func compareDefects(t *testing.T, golden string, got []string) {
	t.Helper()
	sort.Strings(got)
	got = slices.Compact(got)
	data, err := os.ReadFile(golden)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	notes := map[string][]string{}
	var want, pending []string
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
			pending = append(pending, l)
		case strings.TrimSpace(l) != "":
			want = append(want, l)
			notes[l] = pending
			pending = nil
		}
	}
	if *update {
		var b strings.Builder
		for _, l := range got {
			for _, n := range notes[l] {
				b.WriteString(n + "\n")
			}
			b.WriteString(l + "\n")
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("example calls failing validation differ from %s (-want +got; -update rewrites it, keeping its # notes):\n%s", golden, d)
	}
}
