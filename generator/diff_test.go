package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestDiffSubcommand checks that `generator diff` reaches the spec differ
// and passes its exit status through.
func TestDiffSubcommand(t *testing.T) {
	dir := "testdata/diff/breaking-response-field-removed/"
	var out, errb bytes.Buffer
	if code := run([]string{"diff", "-base", dir + "base.yaml", "-head", dir + "head.yaml"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "`Pet` field `tag` removed") {
		t.Errorf("report:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"diff", "-base", dir + "base.yaml"}, &out, &errb); code != 2 {
		t.Errorf("usage error: exit %d, want 2", code)
	}
}
