package ir

import (
	"fmt"
	"sort"
	"strconv"
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
	// ShareTypes emits inline enums, structs and unions of the same shape
	// once, under the name their names share (see shareTypes).
	ShareTypes bool
	// SplitServices puts each service in a package of its own under the
	// output directory, over the models package (see servicePackages).
	SplitServices bool
	// Unlocated leaves warnings without a recorded origin at their JSON
	// pointer only (errors are still located): locating loads the document
	// again, which a caller that does not print warnings (generator diff)
	// need not pay for.
	Unlocated bool
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
	twins     map[string]string   // a twin component's ref → its canonical twin's (twinComponents)
	inline    map[*openapi3.Schema]*TypeRef
	// inlineTypes are the types of inline schemas, for shareTypes;
	// topLevel is set while a body's or response's own schema is typed.
	inlineTypes []*inlineType
	topLevel    bool
	checks      map[*openapi3.Schema]*Constraints // see check
	pending     []func()                          // component bodies to fill after all names are claimed
	errSets     map[string]*ErrorSet
	problems    int // unsupported constructs met so far
	// binaryReaders makes format: binary strings io.Reader (multipart parts).
	binaryReaders bool
	rootURL       string          // the root document as the loader names it in $ref paths
	warned        map[string]bool // warnOnce's
	// webhook is the webhook key whose operations are being built ("" for
	// paths): operation locates them under /webhooks.
	webhook string
	// namedFields are the struct fields of named types, shaped again by
	// settleNamedFields once the types they name are built.
	namedFields []namedField
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
		checks:    map[*openapi3.Schema]*Constraints{},
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
	b.servers()
	b.auth()
	b.components()
	b.operations()
	b.webhooks()
	b.typeByName("") // build the bodies of schemas first met in operations
	b.settleNamedFields()
	if opts.ShareTypes {
		b.shareTypes()
		b.shareParams()
	}
	if opts.SplitServices {
		b.servicePackages()
	}
	b.unusedNaming()
	b.unusedPaging()
	b.setExamples()
	if opts.SplitServices {
		b.modelPackages() // last: what each operation reaches is settled
	}
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	b.defineRecursiveAliases()
	for i := range b.diags {
		if b.diags[i].Pos.Line == 0 && (!opts.Unlocated || b.diags[i].Severity == diag.Error) {
			b.diags[i].Pos = doc.Locate(b.diags[i].Pointer)
		}
	}
	b.diags.Sort()
	return b.api, b.diags
}

// defineRecursiveAliases makes an alias that reaches itself through
// slices, maps and other aliases (an array whose items $ref the array:
// `type Tree = []Tree` is not Go) a defined type (`type Tree []Tree` is).
// Structs and unions are defined types already, so a cycle through them
// needs nothing.
func (b *builder) defineRecursiveAliases() {
	byName := map[string]*Type{}
	for _, t := range b.api.Types {
		byName[t.Name] = t
	}
	for _, t := range b.api.Types {
		if t.Kind != Alias {
			continue
		}
		seen := map[string]bool{}
		var reaches func(r *TypeRef) bool
		reaches = func(r *TypeRef) bool {
			switch {
			case r == nil:
				return false
			case r.Kind == Slice || r.Kind == Map:
				return reaches(r.Elem)
			case r.Kind != Named:
				return false
			case r.Name == t.Name:
				return true
			}
			nt := byName[r.Name]
			if nt == nil || nt.Kind != Alias || nt.Defined || seen[r.Name] {
				return false
			}
			seen[r.Name] = true
			return reaches(nt.Base)
		}
		if reaches(t.Base) {
			t.Defined = true
		}
	}
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

// quoteList quotes spec strings for a diagnostic: "a", "b".
func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
