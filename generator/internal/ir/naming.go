package ir

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// naming applies Options.Naming and records which keys matched, so keys
// matching nothing are reported.
type naming struct {
	Naming
	used map[string]bool // "section\x00key"
	// specNames maps component Go type names to their schema names.
	specNames map[string]string
}

func newNaming(n Naming) *naming {
	return &naming{Naming: n, used: map[string]bool{}, specNames: map[string]string{}}
}

// lookup returns the override for the first key found in section.
func (n *naming) lookup(section string, m map[string]string, keys ...string) (string, bool) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if v, ok := m[k]; ok {
			n.used[section+"\x00"+k] = true
			return v, true
		}
	}
	return "", false
}

// unused warns, at the config line, about override keys that matched nothing.
func (b *builder) unusedNaming() {
	n := b.naming
	for _, s := range []struct {
		section string
		m       map[string]string
	}{{"services", n.Services}, {"operations", n.Operations}, {"types", n.Types}, {"fields", n.Fields}} {
		keys := make([]string, 0, len(s.m))
		for k := range s.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !n.used[s.section+"\x00"+k] {
				pos := b.opts.Where["naming."+s.section+"."+k]
				b.diags.Warnf(pos, "", "naming.%s: %q matches no %s of the spec", s.section, k, strings.TrimSuffix(s.section, "s"))
			}
		}
	}
}

// goNameExt reads an x-go-name extension, when it is a valid exported
// identifier (else a warning, and the derived name stays).
func (b *builder) goNameExt(ext map[string]any, pointer string) string {
	raw, ok := ext["x-go-name"]
	if !ok {
		return ""
	}
	s, _ := raw.(string)
	if !isExportedIdent(s) {
		b.diags.Warnf(diag.Pos{}, pointer+"/x-go-name", "x-go-name %v is not an exported Go identifier: ignored", raw)
		return ""
	}
	return s
}

func isExportedIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != "" && unicode.IsUpper([]rune(s)[0])
}

// typeName is the Go name of component schema specName: the config's,
// else x-go-name, else derived.
func (b *builder) typeName(specName string, s *openapi3.Schema, pointer string) string {
	derived := names.Exported(specName, "Schema")
	if v, ok := b.naming.lookup("types", b.naming.Types, specName, derived); ok {
		return v
	}
	if s != nil {
		if v := b.goNameExt(s.Extensions, pointer); v != "" {
			return v
		}
	}
	return derived
}

// fieldName is the Go name of property prop of the type owner: the
// config's ("Schema.prop" or "GoType.prop"), else x-go-name, else derived.
func (b *builder) fieldName(owner, prop string, ext map[string]any, pointer string) string {
	if v, ok := b.naming.lookup("fields", b.naming.Fields, b.naming.specNames[owner]+"."+prop, owner+"."+prop); ok {
		return v
	}
	if v := b.goNameExt(ext, pointer); v != "" {
		return v
	}
	return names.Exported(prop, "Field")
}

// serviceOf says which service an operation belongs to: its key (a tag
// or a resource), whether it was grouped by resource, and the resource's
// path prefix (for the doc).
func (b *builder) serviceOf(path string, op *openapi3.Operation) (key string, byResource bool, prefix string) {
	if b.naming.GroupBy != "resources" && len(op.Tags) > 0 && strings.TrimSpace(op.Tags[0]) != "" {
		return op.Tags[0], false, ""
	}
	if b.naming.GroupBy == "tags-only" {
		return "Default", false, ""
	}
	res, pre, _ := resourceOf(path)
	if res == "" {
		return "Default", true, "/"
	}
	return res, true, pre
}

var versionSegment = regexp.MustCompile(`^(v\d+([._]\d+)*[a-z]*\d*|\d+(\.\d+)*)$`)

// resourceOf splits a path at its resource: the first literal segment
// after any version prefix (v1, 2.0, api/v3, rest/api/2). It returns the
// resource, the path up to and including it, and the segments after it.
func resourceOf(path string) (resource, prefix string, rest []string) {
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	i := 0
	for i < len(segs)-1 && (versionSegment.MatchString(strings.ToLower(segs[i])) || isPrefixWord(segs[i]) || isParamSeg(segs[i])) {
		i++
	}
	for i < len(segs) && isParamSeg(segs[i]) {
		i++
	}
	if i >= len(segs) {
		return "", "", nil
	}
	return segs[i], "/" + strings.Join(segs[:i+1], "/"), segs[i+1:]
}

func isPrefixWord(s string) bool {
	switch strings.ToLower(s) {
	case "api", "rest", "apis", "public":
		return true
	}
	return false
}

func isParamSeg(s string) bool { return strings.Contains(s, "{") }

// pathShaped reports whether an operationId only spells out its method
// and path (Stripe's GetCustomersCustomer for GET /v1/customers/{customer}),
// and so names nothing a resource-derived name would not.
func pathShaped(id, method, path string) bool {
	norm := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	want := norm(id)
	full := norm(method + path)
	if want == full {
		return true
	}
	_, prefix, rest := resourceOf(path)
	segs := strings.FieldsFunc(prefix, func(r rune) bool { return r == '/' })
	if len(segs) == 0 {
		return false
	}
	return want == norm(method+"/"+segs[len(segs)-1]+"/"+strings.Join(rest, "/"))
}

// actionVerbs end paths that name an action rather than a sub-resource:
// POST /invoices/{invoice}/pay is Pay, GET /customers/search is Search.
var actionVerbs = map[string]bool{
	"accept": true, "activate": true, "apply": true, "approve": true, "archive": true, "attach": true,
	"authorize": true, "cancel": true, "capture": true, "close": true, "complete": true, "confirm": true,
	"count": true, "deactivate": true, "decline": true, "detach": true, "disable": true, "enable": true,
	"expire": true, "export": true, "finalize": true, "import": true, "increment": true, "invite": true,
	"lock": true, "login": true, "logout": true, "pause": true, "pay": true, "preview": true,
	"publish": true, "query": true, "refresh": true, "refund": true, "reject": true, "reopen": true,
	"reset": true, "restore": true, "resume": true, "retry": true, "reverse": true, "revoke": true,
	"run": true, "search": true, "send": true, "start": true, "stop": true, "submit": true,
	"sync": true, "test": true, "unlock": true, "upload": true, "validate": true, "verify": true, "void": true,
}

// resourceMethod derives a method name from the HTTP method and the path
// after the resource: List/Create on the collection, Get/Update/Delete on
// an item, the noun of a sub-resource after the verb (ListSources,
// GetSource), an action's verb first (Pay, VerifySource).
func resourceMethod(method string, rest []string) string {
	var lits []string
	for _, s := range rest {
		if !isParamSeg(s) {
			lits = append(lits, s)
		}
	}
	item := len(rest) > 0 && isParamSeg(rest[len(rest)-1])
	if len(lits) > 0 && !item {
		last := lits[len(lits)-1]
		if actionVerbs[strings.ToLower(last)] {
			return names.Pascal(last) + singular(nouns(lits[:len(lits)-1]))
		}
	}
	noun := nouns(lits)
	plural := len(lits) > 0 && !item && isPlural(lits[len(lits)-1])
	collection := len(lits) == 0 && !item || plural
	switch method {
	case "GET":
		switch {
		case collection && plural:
			return "List" + noun
		case collection:
			return "List"
		}
		return "Get" + singular(noun)
	case "POST":
		if collection {
			return "Create" + singular(noun)
		}
		return "Update" + singular(noun)
	case "PUT", "PATCH":
		if collection && len(lits) == 0 {
			return names.Pascal(strings.ToLower(method))
		}
		return "Update" + singular(noun)
	case "DELETE":
		if plural {
			return "Delete" + noun
		}
		return "Delete" + singular(noun)
	}
	return names.Pascal(strings.ToLower(method)) + noun
}

// methodFallback is the name a resource-derived method takes when its
// verb collides (POST and PUT on one item): the HTTP method instead.
func methodFallback(method string, rest []string) string {
	var lits []string
	for _, s := range rest {
		if !isParamSeg(s) {
			lits = append(lits, s)
		}
	}
	return names.Pascal(strings.ToLower(method)) + nouns(lits)
}

func nouns(lits []string) string {
	var b strings.Builder
	for _, l := range lits {
		b.WriteString(names.Pascal(l))
	}
	return b.String()
}

// irregular plurals seen in resource paths, by their singular.
var irregular = map[string]string{"people": "person", "children": "child", "men": "man", "women": "woman"}

func isPlural(w string) bool {
	w = strings.ToLower(w)
	if _, ok := irregular[w]; ok {
		return true
	}
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// singular drops the plural ending of a Go name's last word:
// BankAccounts → BankAccount, Entries → Entry, Boxes → Box.
func singular(name string) string {
	words := names.Words(name)
	if n := len(words); n > 0 {
		if one, ok := irregular[strings.ToLower(words[n-1])]; ok {
			return strings.TrimSuffix(name, words[n-1]) + names.Pascal(one)
		}
	}
	switch {
	case name == "":
		return name
	case strings.HasSuffix(name, "ies") && len(name) > 4:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "sses"), strings.HasSuffix(name, "xes"), strings.HasSuffix(name, "ches"), strings.HasSuffix(name, "shes"):
		return name[:len(name)-2]
	case isPlural(name):
		return name[:len(name)-1]
	}
	return name
}

// operationName is the Go method name of an operation: the config's
// (naming.operations by operationId or "METHOD /path"; "Service.Method"
// also moves it), else x-go-name, else for an operation grouped by
// resource whose operationId is absent or path-shaped a name from its
// method and the path after the resource, else the operationId's. alts
// are the names to try when it is taken.
func (b *builder) operationName(id, method, path string, op *openapi3.Operation, pointer string) (name, short, moveTo string, alts []string) {
	fallback := names.Exported(derivedID(method, path), "Call")
	key, byResource, _ := b.serviceOf(path, op)
	// Operations grouped by resource have short method names (List, Get);
	// the types named after them take the resource as a prefix
	// (CustomerListParams), so they do not collide across services.
	qualify := func(n string) (string, string) {
		if !byResource {
			return n, ""
		}
		prefix := singular(names.Exported(key, "Default"))
		if strings.HasPrefix(n, prefix) {
			return n, n
		}
		return prefix + n, n
	}
	if v, ok := b.naming.lookup("operations", b.naming.Operations, op.OperationID, method+" "+path); ok {
		if svc, meth, dotted := strings.Cut(v, "."); dotted {
			return meth, "", svc, []string{fallback}
		}
		name, short = qualify(v)
		return name, short, "", []string{fallback}
	}
	if v := b.goNameExt(op.Extensions, pointer); v != "" {
		name, short = qualify(v)
		return name, short, "", []string{fallback}
	}
	if byResource && (op.OperationID == "" || pathShaped(op.OperationID, method, path)) {
		_, _, rest := resourceOf(path)
		name, short = qualify(resourceMethod(method, rest))
		alts = []string{methodFallback(method, rest), fallback}
		if n := len(rest); n > 0 && isParamSeg(rest[n-1]) {
			// An item beside a list of the same name (GET /balance/history
			// and /balance/history/{id}): GetHistoryByID.
			alts = append([]string{resourceMethod(method, rest) + "By" + names.Exported(strings.Trim(rest[n-1], "{}"), "Param")}, alts...)
		}
		return name, short, "", alts
	}
	return names.Exported(id, "Call"), "", "", []string{fallback}
}

// bodySuffix names an extra request body variant after its kind, or
// after its media type when that says more (XML rather than Binary).
func bodySuffix(body *Body) string {
	ct := strings.ToLower(body.ContentType)
	switch {
	case strings.HasSuffix(ct, "/xml") || strings.HasSuffix(ct, "+xml"):
		return "XML"
	case strings.HasSuffix(ct, "/yaml") || strings.HasSuffix(ct, "+yaml") || strings.HasSuffix(ct, "/x-yaml"):
		return "YAML"
	case strings.HasSuffix(ct, "/csv"):
		return "CSV"
	}
	return names.Pascal(string(body.Kind))
}

// serverNames gives operations whose method name another service also
// uses a name unique across services, for the server's one Service
// interface: the base of their types (CustomerList), else service + name.
func (b *builder) serverNames() {
	count := map[string]int{}
	for _, svc := range b.api.Services {
		for _, o := range svc.Operations {
			count[o.Name]++
		}
	}
	taken := names.NewUnique()
	for _, svc := range b.api.Services {
		for _, o := range svc.Operations {
			if count[o.Name] == 1 {
				taken.Take(o.Name)
			}
		}
	}
	for _, svc := range b.api.Services {
		for _, o := range svc.Operations {
			if count[o.Name] == 1 {
				continue
			}
			name := o.typeBase
			if name == "" || taken.Has(name) {
				name = svc.Field + o.Name
			}
			o.ServerName = taken.Take(name)
		}
	}
}
