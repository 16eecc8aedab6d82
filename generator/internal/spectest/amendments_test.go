package spectest

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference facts: spec/facts/reference.tsv (each operation's page in MX's Atrium reference)
// and spec/facts/amendments.tsv (where the reference and the old SDK disagree, and the choice).

const referenceBase = "https://docs.mx.com/api-reference/atrium/reference/"

// amendment is one row of amendments.tsv.
type amendment struct {
	Kind, Target, Value, Page, Why string
}

func (a amendment) label() string {
	return fmt.Sprintf("amendments.tsv: %s %s %s", a.Kind, a.Target, a.Value)
}

var amendmentKinds = []string{"param", "body", "success", "error", "field", "rename", "required", "note"}

// loadReference reads spec/facts/reference.tsv: operation → page ("" when the stored copy of the
// reference held none).
func loadReference(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "spec", "facts", "reference.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := parseReference(data)
	if err != nil {
		t.Fatalf("spec/facts/reference.tsv: %v", err)
	}
	return pages
}

func parseReference(data []byte) (map[string]string, error) {
	pages := map[string]string{}
	var errs []error
	for i, c := range rows(data, "operation") {
		if len(c) != 2 {
			errs = append(errs, fmt.Errorf("row %d: %d columns, want 2", i+1, len(c)))
			continue
		}
		if _, dup := pages[c[0]]; dup {
			errs = append(errs, fmt.Errorf("operation %s listed twice", c[0]))
		}
		page := c[1]
		switch {
		case page == "-":
			page = ""
		case !strings.HasPrefix(page, referenceBase) || len(page) == len(referenceBase):
			errs = append(errs, fmt.Errorf("operation %s: page %q is not under %s", c[0], page, referenceBase))
		}
		pages[c[0]] = page
	}
	return pages, errors.Join(errs...)
}

func loadAmendments(t testing.TB) []amendment {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "spec", "facts", "amendments.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []amendment
	for i, c := range rows(data, "kind") {
		if len(c) != 5 {
			t.Fatalf("spec/facts/amendments.tsv row %d: %d columns, want 5", i+1, len(c))
		}
		out = append(out, amendment{Kind: c[0], Target: c[1], Value: c[2], Page: c[3], Why: c[4]})
	}
	return out
}

// loadAmendedFacts is the old-SDK facts with every amendment applied: what the spec must say.
func loadAmendedFacts(t testing.TB) *facts {
	t.Helper()
	f := loadFacts(t)
	if err := f.amend(loadAmendments(t)); err != nil {
		t.Fatalf("spec/facts/amendments.tsv: %v", err)
	}
	return f
}

func (f *facts) op(id string) *opFact {
	for i := range f.Ops {
		if f.Ops[i].ID == id {
			return &f.Ops[i]
		}
	}
	return nil
}

// amend applies the amendments (all but the notes) to f.
func (f *facts) amend(as []amendment) error {
	var errs []error
	fail := func(a amendment, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", a.label(), fmt.Sprintf(format, args...)))
	}
	for _, a := range as {
		if !slices.Contains(amendmentKinds, a.Kind) {
			fail(a, "unknown kind (want one of %v)", amendmentKinds)
			continue
		}
		if a.Page == "" || a.Why == "" {
			fail(a, "a page and a reason are required")
		}
		switch a.Kind {
		case "note":
			if f.op(a.Target) == nil {
				if _, ok := f.model(a.Target); !ok {
					fail(a, "no operation or model %s", a.Target)
				}
			}
		case "param", "body", "success", "error":
			o := f.op(a.Target)
			if o == nil {
				fail(a, "no operation %s", a.Target)
				continue
			}
			switch a.Kind {
			case "param":
				p := strings.Split(a.Value, ":")
				if len(p) != 4 || (p[3] != "required" && p[3] != "optional") {
					fail(a, "want in:name:type:required|optional")
					continue
				}
				if _, dup := o.param(p[1]); dup {
					fail(a, "%s already has parameter %s", o.ID, p[1])
					continue
				}
				o.Params = append(o.Params, paramFact{In: p[0], Name: p[1], Type: p[2], Required: p[3] == "required"})
			case "body":
				name, req, ok := strings.Cut(a.Value, ":")
				if !ok || (req != "required" && req != "optional") {
					fail(a, "want Model:required|optional")
					continue
				}
				if o.ReqBody != "" {
					fail(a, "%s already has a request body", o.ID)
					continue
				}
				o.ReqBody, o.ReqRequired = name, req == "required"
				if o.ContentType == "" {
					o.ContentType = "application/json"
				}
			case "success", "error":
				code, err := strconv.Atoi(a.Value)
				if err != nil {
					fail(a, "bad status")
					continue
				}
				if a.Kind == "success" {
					if code < 200 || code > 299 || slices.Contains(o.Codes, code) {
						fail(a, "not a new success status")
						continue
					}
					o.Codes = append(o.Codes, code)
				} else {
					if code < 400 {
						fail(a, "not an error status")
						continue
					}
					o.ExtraErrors = append(o.ExtraErrors, code)
				}
			}
		case "field", "rename", "required":
			n := slices.IndexFunc(f.Models, func(m modelFact) bool { return m.Name == a.Target })
			if n < 0 && a.Kind != "field" {
				fail(a, "no model %s", a.Target)
				continue
			}
			switch a.Kind {
			case "field":
				name, typ, ok := strings.Cut(a.Value, ":")
				if !ok {
					fail(a, "want name:type")
					continue
				}
				if n < 0 {
					n = len(f.Models)
					f.Models = append(f.Models, modelFact{Name: a.Target})
				}
				if _, dup := f.Models[n].field(name); dup {
					fail(a, "%s already has field %s", a.Target, name)
					continue
				}
				f.Models[n].Fields = append(f.Models[n].Fields, fieldFact{Name: name, Type: typ})
			case "rename":
				from, to, ok := strings.Cut(a.Value, ":")
				i := slices.IndexFunc(f.Models[n].Fields, func(fl fieldFact) bool { return fl.Name == from })
				if !ok || i < 0 {
					fail(a, "want old:new with old a field of %s", a.Target)
					continue
				}
				f.Models[n].Fields[i].Name = to
			case "required":
				names := strings.Split(a.Value, ",")
				for _, name := range names {
					if _, ok := f.Models[n].field(name); !ok {
						fail(a, "%s has no field %s", a.Target, name)
					}
				}
				f.Models[n].Required, f.Models[n].RequiredSet = names, true
			}
		}
	}
	return errors.Join(errs...)
}

// TestReferencePages: every operation of the facts has exactly one row in reference.tsv, and its
// spec operation's externalDocs points at that page (none when the stored reference held none).
func TestReferencePages(t *testing.T) {
	f, pages, doc := loadFacts(t), loadReference(t), loadSpec(t)
	found := 0
	for _, o := range f.Ops {
		page, ok := pages[o.ID]
		if !ok {
			t.Errorf("%s: no row in spec/facts/reference.tsv", o.label())
			continue
		}
		delete(pages, o.ID)
		op := doc.Paths.Value(o.Path).GetOperation(o.Method)
		switch {
		case page == "" && op.ExternalDocs != nil:
			t.Errorf("%s: externalDocs %q, but reference.tsv records no page", o.label(), op.ExternalDocs.URL)
		case page != "" && op.ExternalDocs == nil:
			t.Errorf("%s: no externalDocs, want the reference page %s", o.label(), page)
		case page != "" && op.ExternalDocs.URL != page:
			t.Errorf("%s: externalDocs is %s, want the reference page %s", o.label(), op.ExternalDocs.URL, page)
		}
		if page != "" {
			found++
		}
	}
	for id := range pages {
		t.Errorf("spec/facts/reference.tsv: operation %s is not in the facts", id)
	}
	if found < 32 {
		t.Errorf("only %d operations have a reference page; the audit found 32", found)
	}
}

// TestAmendments: every amendment applies, names a page of the Atrium reference, and the pages
// of the amendments of an operation include that operation's own page.
func TestAmendments(t *testing.T) {
	f, pages := loadFacts(t), loadReference(t)
	as := loadAmendments(t)
	if err := f.amend(as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if strings.Contains(a.Page, "://") || strings.HasPrefix(a.Page, "/") {
			t.Errorf("%s: page %q: want a path under %s", a.label(), a.Page, referenceBase)
		}
		if page := pages[a.Target]; page != "" && page != referenceBase+a.Page && a.Kind != "note" {
			t.Errorf("%s: page %s, but %s's reference page is %s", a.label(), a.Page, a.Target, page)
		}
	}
	// Spot checks that the amendments reach the checker.
	if o := f.op("CreateMember"); !slices.Contains(o.ExtraErrors, 409) {
		t.Error("CreateMember: the 409 amendment is not applied")
	}
	if m, _ := f.model("StatementResponseBody"); m.Fields[0].Name != "statement" {
		t.Errorf("StatementResponseBody: fields %v, want statement", m.Fields)
	}
	if m, _ := f.model("MemberCreateRequest"); !m.RequiredSet || !slices.Equal(m.Required, []string{"institution_code"}) {
		t.Errorf("MemberCreateRequest: required %v", m.Required)
	}
}

// TestAmendRejectsBadRows: a malformed or dangling amendment is an error, not silently skipped.
func TestAmendRejectsBadRows(t *testing.T) {
	for _, a := range []amendment{
		{"field", "Member", "nickname", "p", "w"}, // no type
		{"rename", "Member", "nope:x", "p", "w"},  // no such field
		{"param", "NoSuchOp", "query:x:string:optional", "p", "w"},
		{"success", "ReadUser", "200", "p", "w"},       // already declared
		{"error", "ReadUser", "204", "p", "w"},         // not an error
		{"required", "Member", "nope", "p", "w"},       // no such field
		{"body", "CreateUser", "X:optional", "p", "w"}, // already has one
		{"note", "Nothing", "-", "p", "w"},             // no such target
		{"frobnicate", "Member", "-", "p", "w"},        // unknown kind
		{"field", "Member", "nickname:string", "", ""}, // no page, no reason
	} {
		f := loadFacts(t)
		if err := f.amend([]amendment{a}); err == nil {
			t.Errorf("%s: accepted", a.label())
		}
	}
}

// TestModelReferencePages: every model (the old SDK's and the amendments' new ones) is listed once
// in model-reference.tsv with the reference pages it was checked against (or "-"), and every
// amendment of a model cites one of that model's pages.
func TestModelReferencePages(t *testing.T) {
	f := loadAmendedFacts(t)
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "spec", "facts", "model-reference.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]string{}
	for i, c := range rows(data, "model") {
		if len(c) != 2 {
			t.Fatalf("model-reference.tsv row %d: %d columns, want 2", i+1, len(c))
		}
		if _, dup := pages[c[0]]; dup {
			t.Errorf("model-reference.tsv: model %s listed twice", c[0])
		}
		var ps []string
		if c[1] != "-" {
			ps = strings.Split(c[1], ",")
			for _, p := range ps {
				if p == "" || strings.ContainsAny(p, " :") || strings.HasPrefix(p, "/") {
					t.Errorf("model-reference.tsv: model %s: bad page %q (want a path under %s)", c[0], p, referenceBase)
				}
			}
		}
		pages[c[0]] = ps
	}
	unlisted := maps.Clone(pages)
	for _, m := range f.Models {
		if _, ok := pages[m.Name]; !ok {
			t.Errorf("model %s: no row in spec/facts/model-reference.tsv", m.Name)
		}
		delete(unlisted, m.Name)
	}
	for name := range unlisted {
		t.Errorf("model-reference.tsv: model %s is not in the facts", name)
	}
	for _, a := range loadAmendments(t) {
		if _, isModel := f.model(a.Target); isModel && !slices.Contains(pages[a.Target], a.Page) {
			t.Errorf("%s: page %s is not one model-reference.tsv lists for %s (%v)", a.label(), a.Page, a.Target, pages[a.Target])
		}
	}
}
