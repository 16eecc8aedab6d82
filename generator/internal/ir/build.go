package ir

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// Options steer the model.
type Options struct {
	Package    string   // Go package name
	ImportPath string   // import path of the generated package (for examples)
	Reserved   []string // exported names the runtime already uses
	// SkipUnsupported leaves out operations and fields the generator cannot
	// express, with a warning, instead of failing.
	SkipUnsupported bool
	// NullablePointers makes optional nullable fields plain pointers (nil
	// for both absent and null) instead of Nullable[T], for SDKs whose API
	// predates Nullable.
	NullablePointers bool
	// Naming overrides names; Paging rules mark paged lists (beside
	// x-pagination). Both come from the config file.
	Naming Naming
	Paging []PagingRule
	// Where locates config-file values by key path (naming.types.X), for
	// warnings about them.
	Where map[string]diag.Pos
}

type builder struct {
	doc   *load.Document
	t     *openapi3.T
	opts  Options
	api   *API
	diags diag.List

	naming    *naming
	ruleUse   []ruleUse // per config paging rule
	typeNames *names.Unique
	byRef     map[string]*TypeRef // "#/components/schemas/X" → named ref
	inline    map[*openapi3.Schema]*TypeRef
	pending   []func() // component bodies to fill after all names are claimed
	errSets   map[string]*ErrorSet
	problems  int // unsupported constructs met so far
	// binaryReaders makes format: binary strings io.Reader (multipart parts).
	binaryReaders bool
	rootURL       string          // the root document as the loader names it in $ref paths
	warned        map[string]bool // warnOnce's
}

// Build turns a loaded document into the model. Diagnostics are sorted;
// when they hold errors the API must not be used.
func Build(doc *load.Document, opts Options) (*API, diag.List) {
	b := &builder{
		doc:       doc,
		t:         doc.T,
		opts:      opts,
		naming:    newNaming(opts.Naming),
		typeNames: names.NewUnique(opts.Reserved...),
		byRef:     map[string]*TypeRef{},
		inline:    map[*openapi3.Schema]*TypeRef{},
		errSets:   map[string]*ErrorSet{},
	}
	b.rootURL = doc.URL().String()
	b.api = &API{
		Package:    opts.Package,
		ImportPath: opts.ImportPath,
		SpecFile:   doc.File,
	}
	if info := b.t.Info; info != nil {
		b.api.Title = info.Title
		b.api.Version = info.Version
		b.api.Description = strings.TrimSpace(info.Description)
	}
	if len(b.t.Webhooks) > 0 {
		b.diags.Warnf(diag.Pos{}, "/webhooks", "webhooks are requests the API sends, not calls a client makes: %s not generated", strings.Join(sortedKeys(b.t.Webhooks), ", "))
	}
	b.servers()
	b.auth()
	b.components()
	b.operations()
	b.typeByName("") // build the bodies of schemas first met in operations
	b.unusedNaming()
	b.unusedPaging()
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	for i := range b.diags {
		if b.diags[i].Pos.Line == 0 {
			b.diags[i].Pos = doc.Locate(b.diags[i].Pointer)
		}
	}
	b.diags.Sort()
	return b.api, b.diags
}

func (b *builder) typeByName(name string) *Type {
	// Component bodies are built lazily; finish them first.
	for len(b.pending) > 0 {
		p := b.pending[0]
		b.pending = b.pending[1:]
		p()
	}
	return b.api.Type(name)
}

func (b *builder) errorf(pos diag.Pos, pointer, format string, args ...any) {
	b.diags.Errorf(pos, pointer, format, args...)
}

// unsupportedf records a construct the generator cannot express: an error,
// or with SkipUnsupported a warning (the caller leaves the operation out).
func (b *builder) unsupportedf(pos diag.Pos, pointer, format string, args ...any) {
	what := fmt.Sprintf(format, args...)
	b.problems++
	if b.opts.SkipUnsupported {
		b.diags.Warnf(pos, pointer, "unsupported %s: left out", what)
		return
	}
	b.diags.Errorf(pos, pointer, "unsupported %s", what)
}

func docOr(s, fallback string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return fallback
}

// docFor makes a doc comment start with the identifier it documents, as Go
// doc conventions ask: "A financial account" → "Account is a financial
// account"; text already starting with the name is kept.
func docFor(name, desc string) string {
	desc = strings.TrimSpace(desc)
	if strings.HasPrefix(desc, name+" ") {
		return desc
	}
	first, rest, _ := strings.Cut(desc, " ")
	switch first {
	case "A", "An", "The":
		return name + " is " + strings.ToLower(first) + " " + rest
	}
	return name + ": " + desc
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
