package spectest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The facts: one row per operation (operations.tsv) and one row per model field (models.tsv).

type paramFact struct {
	In       string // "path" or "query"
	Name     string
	Type     string // "string", "int32" or "bool"
	Required bool
}

// Kinds of success response body.
const (
	respRef    = "ref"    // a JSON body, `$ref Model`
	respBinary = "binary" // a binary body (the statement PDF)
	respEmpty  = "empty"  // no body
)

type opFact struct {
	Tag, ID, Method, Path string
	Params                []paramFact
	ReqBody               string // request body model, "" when there is none
	ReqRequired           bool
	RespKind              string // respRef, respBinary or respEmpty
	RespModel             string // response body model when RespKind is respRef
	Accept                string // Accept media type: the success content type
	ContentType           string // request Content-Type
	Codes                 []int  // success status codes the old SDK decoded (and the amendments add)
	ExtraErrors           []int  // error statuses the amendments add to this operation
}

func (o opFact) label() string {
	return fmt.Sprintf("operation %s (%s %s)", o.ID, o.Method, o.Path)
}

func (o opFact) param(name string) (paramFact, bool) {
	for _, p := range o.Params {
		if p.Name == name {
			return p, true
		}
	}
	return paramFact{}, false
}

type fieldFact struct {
	Name string
	Type string // "string", "number/float", "integer/int32", "boolean", "$ref X" or "array of $ref X"
}

type modelFact struct {
	Name   string
	Fields []fieldFact
	// Required replaces requiredFields[Name] when RequiredSet (an amendment).
	Required    []string
	RequiredSet bool
}

func (m modelFact) field(name string) (fieldFact, bool) {
	for _, f := range m.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return fieldFact{}, false
}

type facts struct {
	Ops    []opFact
	Models []modelFact // in file order
}

func (f *facts) model(name string) (modelFact, bool) {
	for _, m := range f.Models {
		if m.Name == name {
			return m, true
		}
	}
	return modelFact{}, false
}

var factFiles = []string{"operations.tsv", "models.tsv"}

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
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// loadFacts reads the facts from ../shared/atrium when it exists (and then requires the
// copies in spec/facts to be byte-identical), else from spec/facts.
func loadFacts(t testing.TB) *facts {
	t.Helper()
	root := repoRoot(t)
	local := filepath.Join(root, "spec", "facts")
	dir := local
	shared := filepath.Join(root, "..", "shared", "atrium")
	if fi, err := os.Stat(shared); err == nil && fi.IsDir() {
		dir = shared
		for _, name := range factFiles {
			want, err := os.ReadFile(filepath.Join(shared, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(local, name))
			if err != nil {
				t.Errorf("spec/facts/%s: %v (copy ../shared/atrium/%s there)", name, err, name)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("spec/facts/%s differs from ../shared/atrium/%s: copy it again", name, name)
			}
		}
	}
	ops, err := os.ReadFile(filepath.Join(dir, "operations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	models, err := os.ReadFile(filepath.Join(dir, "models.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := parseFacts(ops, models)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return f
}

// rows returns the tab-separated rows of a facts file, skipping comments, blank lines
// and the header row (the one starting with header).
func rows(data []byte, header string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, header+"\t") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

func parseFacts(opsTSV, modelsTSV []byte) (*facts, error) {
	f := &facts{}
	var errs []error
	for i, c := range rows(opsTSV, "tag") {
		if len(c) != 10 {
			errs = append(errs, fmt.Errorf("operations.tsv row %d: %d columns, want 10", i+1, len(c)))
			continue
		}
		o := opFact{Tag: c[0], ID: c[1], Method: c[2], Path: c[3], Accept: c[7], ContentType: c[8]}
		if c[4] != "" {
			for p := range strings.SplitSeq(c[4], ";") {
				parts := strings.Split(p, ":")
				if len(parts) != 4 || (parts[3] != "required" && parts[3] != "optional") {
					errs = append(errs, fmt.Errorf("operations.tsv %s: bad parameter %q", o.ID, p))
					continue
				}
				o.Params = append(o.Params, paramFact{In: parts[0], Name: parts[1], Type: parts[2], Required: parts[3] == "required"})
			}
		}
		if c[5] != "" {
			ref, req, ok := strings.Cut(c[5], ":")
			name, isRef := strings.CutPrefix(ref, "$ref ")
			if !ok || !isRef || (req != "required" && req != "optional") {
				errs = append(errs, fmt.Errorf("operations.tsv %s: bad request body %q", o.ID, c[5]))
			}
			o.ReqBody, o.ReqRequired = name, req == "required"
		}
		switch {
		case c[6] == "(empty)":
			o.RespKind = respEmpty
		case c[6] == "binary":
			o.RespKind = respBinary
		case strings.HasPrefix(c[6], "$ref "):
			o.RespKind, o.RespModel = respRef, strings.TrimPrefix(c[6], "$ref ")
		default:
			errs = append(errs, fmt.Errorf("operations.tsv %s: bad response body %q", o.ID, c[6]))
		}
		if c[9] != "" {
			for s := range strings.SplitSeq(c[9], ",") {
				code, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil {
					errs = append(errs, fmt.Errorf("operations.tsv %s: bad status code %q", o.ID, s))
					continue
				}
				o.Codes = append(o.Codes, code)
			}
		}
		f.Ops = append(f.Ops, o)
	}
	index := map[string]int{}
	for i, c := range rows(modelsTSV, "model") {
		if len(c) != 3 {
			errs = append(errs, fmt.Errorf("models.tsv row %d: %d columns, want 3", i+1, len(c)))
			continue
		}
		n, ok := index[c[0]]
		if !ok {
			n = len(f.Models)
			index[c[0]] = n
			f.Models = append(f.Models, modelFact{Name: c[0]})
		}
		f.Models[n].Fields = append(f.Models[n].Fields, fieldFact{Name: c[1], Type: c[2]})
	}
	return f, errors.Join(errs...)
}

// TestFacts guards against a truncated or reshaped facts file: the counts are those the
// facts README states.
func TestFacts(t *testing.T) {
	f := loadFacts(t)
	tags := map[string]bool{}
	for _, o := range f.Ops {
		tags[o.Tag] = true
	}
	if len(f.Ops) != 48 || len(tags) != 11 || len(f.Models) != 57 {
		t.Errorf("facts hold %d operations in %d tags and %d models, want 48, 11 and 57", len(f.Ops), len(tags), len(f.Models))
	}
}
