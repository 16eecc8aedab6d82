package sdktests

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// opFact is one row of spec/facts/operations.tsv, the reference list of the
// Atrium operations the SDK must cover.
type opFact struct {
	Tag, Op, Method, Path string
	PathParams            []string // names of the path parameters
	QueryParams           []string // names of the query parameters
	RequestBody           string   // e.g. "$ref UserCreateRequestBody:required", or ""
	ResponseBody          string
	Accept                string
	ContentType           string
	Statuses              string // success statuses the old SDK decoded, e.g. "200" or "202"
}

// repoRoot walks up from the working directory to the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// loadOperationFacts parses spec/facts/operations.tsv at test time.
func loadOperationFacts(t testing.TB) map[string]opFact {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "spec", "facts", "operations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	facts := map[string]opFact{}
	sc := bufio.NewScanner(f)
	var header []string
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if header == nil {
			header = cols
			continue
		}
		get := func(name string) string {
			for i, h := range header {
				if strings.HasPrefix(h, name) && i < len(cols) {
					return strings.TrimSpace(cols[i])
				}
			}
			t.Fatalf("operations.tsv: no column %q", name)
			return ""
		}
		fact := opFact{
			Tag: get("tag"), Op: get("operation"), Method: get("method"), Path: get("path"),
			RequestBody: get("request_body"), ResponseBody: get("response_body"),
			Accept: get("accept"), ContentType: get("content_type"), Statuses: get("decoded_status_codes"),
		}
		if ps := get("parameters"); ps != "" {
			for _, p := range strings.Split(ps, ";") {
				parts := strings.Split(p, ":")
				if len(parts) < 2 {
					t.Fatalf("operations.tsv: %s: bad parameter %q", fact.Op, p)
				}
				switch parts[0] {
				case "path":
					fact.PathParams = append(fact.PathParams, parts[1])
				case "query":
					fact.QueryParams = append(fact.QueryParams, parts[1])
				default:
					t.Fatalf("operations.tsv: %s: unexpected parameter location %q", fact.Op, parts[0])
				}
			}
		}
		if _, dup := facts[fact.Op]; dup {
			t.Fatalf("operations.tsv: duplicate operation %s", fact.Op)
		}
		facts[fact.Op] = fact
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(facts) != 48 {
		t.Fatalf("operations.tsv lists %d operations, want 48", len(facts))
	}
	return facts
}
