package specdiff

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// dir is the set of directions a schema travels in.
type dir uint8

const (
	req  dir = 1 << iota // client → server: the client builds it
	resp                 // server → client: the client reads it

	anyDir = req | resp // for changes whose rule does not depend on direction
)

func (d dir) String() string {
	switch d {
	case req:
		return "requests"
	case resp:
		return "responses"
	case req | resp:
		return "requests and responses"
	}
	return "no operation"
}

// rule classifies a change for one direction.
type rule func(d dir) (Level, string)

// classify applies a rule to every direction in d: the change takes the
// highest level any of them gives (with that direction's reason). A schema
// no operation uses breaks nothing.
func classify(d dir, r rule) (Level, string) {
	if d == 0 {
		return NonBreaking, "no operation uses this schema"
	}
	level, reason, first := NonBreaking, "", true
	for _, one := range []dir{req, resp} {
		if d&one == 0 {
			continue
		}
		l, why := r(one)
		if first || l > level {
			level, reason, first = l, why, false
		}
	}
	return level, reason
}

func levelOf(breaking bool) Level {
	if breaking {
		return Breaking
	}
	return NonBreaking
}

// always is a rule independent of direction.
func always(breaking bool, reason string) rule { return alwaysL(levelOf(breaking), reason) }

// alwaysL is always with a level.
func alwaysL(l Level, reason string) rule {
	return func(dir) (Level, string) { return l, reason }
}

// byDir is a rule with one verdict for requests and one for responses.
func byDir(reqBreaking bool, reqWhy string, respBreaking bool, respWhy string) rule {
	return byDirL(levelOf(reqBreaking), reqWhy, levelOf(respBreaking), respWhy)
}

// byDirL is byDir with levels.
func byDirL(reqLevel Level, reqWhy string, respLevel Level, respWhy string) rule {
	return func(d dir) (Level, string) {
		if d == req {
			return reqLevel, reqWhy
		}
		return respLevel, respWhy
	}
}

type specDiffer struct {
	base, head *openapi3.T
	out        []Change
	usage      map[string]dir // component schema name → directions it travels in
	seen       map[[2]*openapi3.Schema]dir
}

// diffSpecs compares two documents.
func diffSpecs(base, head *openapi3.T) []Change {
	s := &specDiffer{base: base, head: head, usage: map[string]dir{}, seen: map[[2]*openapi3.Schema]dir{}}
	s.operations()
	s.components()
	s.security()
	s.servers()
	return s.out
}

func (s *specDiffer) add(section, kind, where, pointer string, d dir, r rule, format string, args ...any) {
	l, why := classify(d, r)
	s.out = append(s.out, Change{Section: section, Kind: kind, Where: where, Pointer: pointer, Level: l, Breaking: l == Breaking, Message: fmt.Sprintf(format, args...), Reason: why})
}

// ---- operations ----

var methodOrder = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

type opRef struct {
	path, method string
	item         *openapi3.PathItem
	op           *openapi3.Operation
}

func (o *opRef) pointer() string { return diag.Pointer("paths", o.path, strings.ToLower(o.method)) }

func (o *opRef) where() string {
	if o.op.OperationID != "" {
		return o.op.OperationID + " " + o.method + " " + o.path
	}
	return o.method + " " + o.path
}

// opKey identifies an endpoint: the method and the path with its variable
// names erased (renaming {id} to {user_id} changes nothing on the wire).
func opKey(method, path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '{':
			depth++
			if depth == 1 {
				b.WriteString("{}")
			}
		case r == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String() + " " + method
}

func listOps(t *openapi3.T) (keys []string, ops map[string]*opRef) {
	ops = map[string]*opRef{}
	if t.Paths == nil {
		return nil, ops
	}
	paths := t.Paths.Map()
	for _, p := range sortedKeys(paths) {
		item := paths[p]
		if item == nil {
			continue
		}
		for _, m := range methodOrder {
			if op := item.GetOperation(m); op != nil {
				k := opKey(m, p)
				if _, dup := ops[k]; !dup {
					keys = append(keys, k)
					ops[k] = &opRef{path: p, method: m, item: item, op: op}
				}
			}
		}
	}
	return keys, ops
}

func (s *specDiffer) operations() {
	baseKeys, baseOps := listOps(s.base)
	headKeys, headOps := listOps(s.head)
	// An operation that kept its operationId but not its method and path moved.
	moved := map[string]string{} // head key → base key
	byID := map[string]string{}
	for _, k := range headKeys {
		if _, ok := baseOps[k]; !ok && headOps[k].op.OperationID != "" {
			byID[headOps[k].op.OperationID] = k
		}
	}
	for _, k := range baseKeys {
		if _, ok := headOps[k]; ok {
			continue
		}
		b := baseOps[k]
		if hk, ok := byID[b.op.OperationID]; ok && b.op.OperationID != "" {
			moved[hk] = k
			h := headOps[hk]
			s.add(SecOperations, "operation-moved", h.where(), h.pointer(), anyDir, always(true, "existing calls go to the old method and path"),
				"operation moved from %s %s to %s %s", b.method, b.path, h.method, h.path)
			continue
		}
		s.add(SecOperations, "operation-removed", b.where(), b.pointer(), anyDir, always(true, "existing calls to it fail"), "operation removed")
	}
	for _, k := range headKeys {
		h := headOps[k]
		b, ok := baseOps[k]
		if !ok {
			bk, wasMoved := moved[k]
			if !wasMoved {
				s.add(SecOperations, "operation-added", h.where(), h.pointer(), anyDir, always(false, "new operations do not affect existing calls"), "operation added")
				continue
			}
			b = baseOps[bk]
		}
		s.operation(b, h)
	}
}

func (s *specDiffer) operation(b, h *opRef) {
	where, ptr := h.where(), h.pointer()
	if b.op.OperationID != h.op.OperationID && opKey(b.method, b.path) == opKey(h.method, h.path) {
		s.add(SecOperations, "operation-id-changed", where, ptr+"/operationId", anyDir,
			always(false, "the wire is unchanged"),
			"operationId changed from %q to %q", b.op.OperationID, h.op.OperationID)
		s.out[len(s.out)-1].ops = [2]string{b.pointer(), h.pointer()}
	}
	if b.path != h.path && opKey(b.method, b.path) == opKey(h.method, h.path) {
		s.add(SecOperations, "path-variable-renamed", where, ptr, anyDir, always(false, "the request URL is unchanged"),
			"path template changed from %s to %s", b.path, h.path)
	}
	if !b.op.Deprecated && h.op.Deprecated {
		s.add(SecOperations, "operation-deprecated", where, ptr+"/deprecated", anyDir, always(false, "deprecation is a warning; calls still work"), "operation deprecated")
	}
	if bt, ht := firstTag(b.op), firstTag(h.op); bt != ht {
		s.add(SecOperations, "operation-tag-changed", where, ptr+"/tags", anyDir,
			always(false, "the wire is unchanged"),
			"first tag changed from %q to %q", bt, ht)
		s.out[len(s.out)-1].ops = [2]string{b.pointer(), h.pointer()}
	}
	s.params(b, h)
	s.requestBody(b, h)
	s.responses(b, h)
	s.opSecurity(b, h)
}

func firstTag(op *openapi3.Operation) string {
	if len(op.Tags) > 0 {
		return op.Tags[0]
	}
	return ""
}

// ---- parameters ----

type paramRef struct {
	p       *openapi3.Parameter
	pointer string
	key     string // in:name, or path#N for the Nth path variable
}

func listParams(o *opRef) (keys []string, m map[string]*paramRef) {
	m = map[string]*paramRef{}
	type src struct {
		list openapi3.Parameters
		ptr  string
	}
	vars := pathVarIndex(o.path)
	for _, g := range []src{
		{o.item.Parameters, diag.Pointer("paths", o.path, "parameters")},
		{o.op.Parameters, o.pointer() + "/parameters"},
	} {
		for i, pr := range g.list {
			if pr == nil || pr.Value == nil {
				continue
			}
			p := pr.Value
			key := p.In + ":" + p.Name
			if p.In == "path" {
				if n, ok := vars[p.Name]; ok {
					key = "path#" + strconv.Itoa(n)
				}
			}
			if _, ok := m[key]; !ok {
				keys = append(keys, key)
			}
			m[key] = &paramRef{p: p, pointer: g.ptr + "/" + strconv.Itoa(i), key: key}
		}
	}
	return keys, m
}

func pathVarIndex(path string) map[string]int {
	out := map[string]int{}
	for n, name := range ir.PathVars(path) {
		out[name] = n
	}
	return out
}

func paramLabel(p *openapi3.Parameter) string { return p.In + " parameter `" + p.Name + "`" }

func (s *specDiffer) params(b, h *opRef) {
	where := h.where()
	baseKeys, bp := listParams(b)
	headKeys, hp := listParams(h)
	byName := map[string]*paramRef{}
	for _, k := range headKeys {
		if _, ok := bp[k]; !ok {
			byName[hp[k].p.Name] = hp[k]
		}
	}
	relocated := map[string]bool{}
	for _, k := range baseKeys {
		if _, ok := hp[k]; ok {
			continue
		}
		old := bp[k]
		if nw, ok := byName[old.p.Name]; ok {
			relocated[nw.key] = true
			s.add(SecParameters, "parameter-location-changed", where, nw.pointer, anyDir,
				always(true, "existing calls send it in the old location"),
				"parameter `%s` moved from %s to %s", old.p.Name, old.p.In, nw.p.In)
			s.param(where, old, nw)
			continue
		}
		s.add(SecParameters, "parameter-removed", where, old.pointer, anyDir,
			alwaysL(Potential, "old clients still send it: a server ignoring it drops its effect, one refusing unknown parameters fails the call"),
			"%s removed", paramLabel(old.p))
	}
	for _, k := range headKeys {
		nw := hp[k]
		old, ok := bp[k]
		if !ok {
			if relocated[k] {
				continue
			}
			if nw.p.Required {
				s.add(SecParameters, "parameter-added", where, nw.pointer, anyDir, always(true, "existing calls do not send it"),
					"required %s added", paramLabel(nw.p))
			} else {
				s.add(SecParameters, "parameter-added", where, nw.pointer, anyDir, always(false, "existing calls need not send it"),
					"optional %s added", paramLabel(nw.p))
			}
			continue
		}
		if old.p.Name != nw.p.Name {
			// A renamed path variable: the URL is built the same way.
			s.add(SecParameters, "path-parameter-renamed", where, nw.pointer, anyDir, always(false, "path values are positional: the request URL is unchanged"),
				"path parameter `%s` renamed to `%s`", old.p.Name, nw.p.Name)
		}
		s.param(where, old, nw)
	}
}

func (s *specDiffer) param(where string, old, nw *paramRef) {
	label := paramLabel(nw.p)
	if !old.p.Required && nw.p.Required {
		s.add(SecParameters, "parameter-required", where, nw.pointer+"/required", anyDir, always(true, "existing calls may omit it"),
			"%s became required", label)
	}
	if old.p.Required && !nw.p.Required {
		s.add(SecParameters, "parameter-optional", where, nw.pointer+"/required", anyDir, always(false, "existing calls still send it"),
			"%s became optional", label)
	}
	if bs, hs := styleOf(old.p), styleOf(nw.p); bs != hs {
		s.add(SecParameters, "parameter-style-changed", where, nw.pointer, anyDir, always(true, "existing clients serialise it the old way"),
			"%s serialisation changed from %s to %s", label, bs, hs)
	}
	if !old.p.Deprecated && nw.p.Deprecated {
		s.add(SecParameters, "parameter-deprecated", where, nw.pointer+"/deprecated", anyDir, always(false, "deprecation is a warning"),
			"%s deprecated", label)
	}
	if old.p.Schema != nil && nw.p.Schema != nil {
		s.schema(schemaCtx{section: SecParameters, where: where, subject: label, d: req}, old.p.Schema, nw.p.Schema, nw.pointer+"/schema", 0)
	}
}

func styleOf(p *openapi3.Parameter) string {
	style := p.Style
	if style == "" {
		style = "simple"
		if p.In == "query" || p.In == "cookie" {
			style = "form"
		}
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	if explode {
		return style + " (explode)"
	}
	return style
}

// ---- request bodies ----

func (s *specDiffer) requestBody(b, h *opRef) {
	where, ptr := h.where(), h.pointer()+"/requestBody"
	var ob, nb *openapi3.RequestBody
	if b.op.RequestBody != nil {
		ob = b.op.RequestBody.Value
	}
	if h.op.RequestBody != nil {
		nb = h.op.RequestBody.Value
	}
	switch {
	case ob == nil && nb == nil:
		return
	case ob == nil:
		if nb.Required {
			s.add(SecRequest, "request-body-added", where, ptr, anyDir, always(true, "existing calls send no body"), "required request body added")
		} else {
			s.add(SecRequest, "request-body-added", where, ptr, anyDir, always(false, "existing calls need not send it"), "optional request body added")
		}
		return
	case nb == nil:
		s.add(SecRequest, "request-body-removed", where, b.pointer()+"/requestBody", anyDir,
			always(true, "existing calls send a body the operation no longer takes"), "request body removed")
		return
	}
	if !ob.Required && nb.Required {
		s.add(SecRequest, "request-body-required", where, ptr+"/required", anyDir, always(true, "existing calls may send no body"), "request body became required")
	}
	if ob.Required && !nb.Required {
		s.add(SecRequest, "request-body-optional", where, ptr+"/required", anyDir, always(false, "existing calls still send it"), "request body became optional")
	}
	s.content(SecRequest, where, ptr, "request body", req, ob.Content, nb.Content)
}

// content compares the media types of a body.
func (s *specDiffer) content(section, where, ptr, subject string, d dir, oc, nc openapi3.Content) {
	for _, mt := range sortedKeys(oc) {
		if _, ok := nc[mt]; !ok {
			s.add(section, "media-type-removed", where, ptr+diag.Pointer("content", mt), d,
				byDir(true, "existing calls send "+mt, true, "clients reading "+mt+" get another media type"),
				"%s media type %s removed", subject, mt)
		}
	}
	for _, mt := range sortedKeys(nc) {
		if _, ok := oc[mt]; !ok {
			s.add(section, "media-type-added", where, ptr+diag.Pointer("content", mt), d,
				byDir(false, "an alternative; existing calls are unaffected", false, "clients keep asking for the media types they know"),
				"%s media type %s added", subject, mt)
		}
	}
	single := len(oc) == 1 && len(nc) == 1
	for _, mt := range sortedKeys(nc) {
		o, ok := oc[mt]
		n := nc[mt]
		if !ok || o == nil || n == nil || o.Schema == nil || n.Schema == nil {
			continue
		}
		sub := subject
		if !single {
			sub += " (" + mt + ")"
		}
		s.schema(schemaCtx{section: section, where: where, subject: sub, d: d}, o.Schema, n.Schema, ptr+diag.Pointer("content", mt, "schema"), 0)
	}
	// A body appearing under a new media type only, with the old one gone:
	// compare the schemas when there was exactly one of each.
	if single {
		om, nm := sortedKeys(oc)[0], sortedKeys(nc)[0]
		if om != nm && oc[om] != nil && nc[nm] != nil && oc[om].Schema != nil && nc[nm].Schema != nil {
			s.schema(schemaCtx{section: section, where: where, subject: subject, d: d}, oc[om].Schema, nc[nm].Schema, ptr+diag.Pointer("content", nm, "schema"), 0)
		}
	}
}

// ---- responses ----

func (s *specDiffer) responses(b, h *opRef) {
	where, ptr := h.where(), h.pointer()+"/responses"
	om, nm := responseMap(b.op), responseMap(h.op)
	for _, code := range sortedKeys(om) {
		if _, ok := nm[code]; ok {
			continue
		}
		if isSuccess(code) {
			why := "clients expecting status " + code + " get no success response"
			for _, other := range sortedKeys(nm) {
				if isSuccess(other) {
					why = "clients checking for status " + code + " get " + other + " instead (the Go SDK accepts any 2xx)"
					break
				}
			}
			s.add(SecResponses, "response-removed", where, b.pointer()+diag.Pointer("responses", code), anyDir,
				always(true, why), "success response %s removed", code)
		} else {
			s.add(SecResponses, "response-removed", where, b.pointer()+diag.Pointer("responses", code), anyDir,
				always(false, "one error fewer to handle"), "error response %s removed", code)
		}
	}
	for _, code := range sortedKeys(nm) {
		o, ok := om[code]
		n := nm[code]
		if !ok {
			if isSuccess(code) {
				s.add(SecResponses, "response-added", where, ptr+diag.Pointer(code), anyDir,
					always(false, "the SDK treats every 2xx as success and decodes its body"), "success response %s added", code)
			} else {
				s.add(SecResponses, "response-added", where, ptr+diag.Pointer(code), anyDir,
					always(false, "error statuses are already returned as *APIError"), "error response %s added", code)
			}
			continue
		}
		if o == nil || n == nil {
			continue
		}
		rp := ptr + diag.Pointer(code)
		switch {
		case len(o.Content) == 0 && len(n.Content) > 0:
			s.add(SecResponses, "response-body-added", where, rp+"/content", anyDir, always(false, "clients that ignored the empty body still can"),
				"response %s now has a body", code)
		case len(o.Content) > 0 && len(n.Content) == 0 && (code == "204" || code == "304"):
			s.add(SecResponses, "response-body-removed", where, rp+"/content", anyDir,
				always(false, "a "+code+" response never has a body (RFC 9110): clients received none before"),
				"response %s no longer declares a body", code)
		case len(o.Content) > 0 && len(n.Content) == 0:
			s.add(SecResponses, "response-body-removed", where, rp+"/content", anyDir, always(true, "clients reading the body get nothing"),
				"response %s no longer has a body", code)
		default:
			s.content(SecResponses, where, rp, "response "+code, resp, o.Content, n.Content)
		}
	}
}

func responseMap(op *openapi3.Operation) map[string]*openapi3.Response {
	m := map[string]*openapi3.Response{}
	if op.Responses == nil {
		return m
	}
	for code, r := range op.Responses.Map() {
		if r != nil {
			m[code] = r.Value
		}
	}
	return m
}

func isSuccess(code string) bool { return strings.HasPrefix(code, "2") }

// ---- schemas ----

type schemaCtx struct {
	section, where, subject string
	d                       dir
}

func (c schemaCtx) sub(suffix string) schemaCtx {
	c.subject += suffix
	return c
}

// field names a property below the subject: `a.b`.
func (c schemaCtx) field(name string) schemaCtx {
	if i := strings.LastIndexByte(c.subject, '`'); i >= 0 && strings.HasSuffix(c.subject, "`") && strings.Contains(c.subject[:i], "field `") {
		c.subject = c.subject[:i] + "." + name + "`"
		return c
	}
	c.subject += " field `" + name + "`"
	return c
}

func (s *specDiffer) addS(c schemaCtx, kind, pointer string, r rule, format string, args ...any) {
	s.add(c.section, kind, c.where, pointer, c.d, r, "%s: %s", c.subject, fmt.Sprintf(format, args...))
}

const componentPrefix = "#/components/schemas/"

// schema compares two uses of a schema. Both referring to the same
// component is recorded as a use of it (the component is compared once,
// on its own); otherwise the schemas are compared field by field.
func (s *specDiffer) schema(c schemaCtx, o, n *openapi3.SchemaRef, ptr string, depth int) {
	if o == nil || n == nil || o.Value == nil || n.Value == nil || depth > 32 {
		return
	}
	if o.Ref != "" && o.Ref == n.Ref && strings.HasPrefix(o.Ref, componentPrefix) {
		s.usage[strings.TrimPrefix(o.Ref, componentPrefix)] |= c.d
		return
	}
	ov, nv := o.Value, n.Value
	key := [2]*openapi3.Schema{ov, nv}
	if s.seen[key]&c.d == c.d && c.d != 0 {
		return // a recursive schema: compared already
	}
	s.seen[key] |= c.d
	s.schemaBody(c, ov, nv, ptr, depth)
}

func (s *specDiffer) schemaBody(c schemaCtx, ov, nv *openapi3.Schema, ptr string, depth int) {
	// type
	ot, nt := typeOf(ov), typeOf(nv)
	if ot != nt {
		s.addS(c, "type-changed", ptr+"/type", typeRule(ot, nt),
			"type changed from %s to %s", withFormat(orAny(ot), ov.Format), withFormat(orAny(nt), nv.Format))
	}
	if ov.Format != nv.Format && ot == nt {
		s.addS(c, "format-changed", ptr+"/format", formatRule(nt, ov.Format, nv.Format),
			"format changed from %s to %s", orNone(ov.Format), orNone(nv.Format))
	}
	on, nn := nullable(ov), nullable(nv)
	if !on && nn {
		s.addS(c, "nullable-added", ptr+"/nullable",
			byDir(false, "existing clients never send null", true, "clients may now receive null"), "became nullable")
	}
	if on && !nn {
		s.addS(c, "nullable-removed", ptr+"/nullable",
			byDir(true, "clients that send null are refused", false, "clients never receive null now"), "is no longer nullable")
	}
	s.enum(c, ov, nv, ptr)
	s.constraints(c, ov, nv, ptr)
	s.properties(c, ov, nv, ptr, depth)
	if ov.Items != nil && nv.Items != nil {
		s.schema(c.sub("[]"), ov.Items, nv.Items, ptr+"/items", depth+1)
	}
	if oa, na := ov.AdditionalProperties.Schema, nv.AdditionalProperties.Schema; oa != nil && na != nil {
		s.schema(c.sub("{}"), oa, na, ptr+"/additionalProperties", depth+1)
	}
	for _, k := range []struct {
		name   string
		o, n   openapi3.SchemaRefs
		needle string
	}{{"oneOf", ov.OneOf, nv.OneOf, "oneOf"}, {"anyOf", ov.AnyOf, nv.AnyOf, "anyOf"}} {
		if len(k.o) < len(k.n) {
			s.addS(c, "variant-added", ptr+"/"+k.needle,
				byDirL(NonBreaking, "existing requests still match a variant", Potential, "clients may receive a shape they do not know"),
				"%s variants grew from %d to %d", k.name, len(k.o), len(k.n))
		}
		if len(k.o) > len(k.n) {
			s.addS(c, "variant-removed", ptr+"/"+k.needle,
				byDir(true, "requests in a removed shape are refused", false, "clients receive fewer shapes"),
				"%s variants shrank from %d to %d", k.name, len(k.o), len(k.n))
		}
		for i := 0; i < len(k.o) && i < len(k.n); i++ {
			s.schema(c.sub(fmt.Sprintf(" (%s %d)", k.name, i)), k.o[i], k.n[i], fmt.Sprintf("%s/%s/%d", ptr, k.needle, i), depth+1)
		}
	}
}

// typeRule classifies a type change. A change to the set of values is
// judged by who produces them: a request type may widen (the server still
// accepts what old clients send), a response type may narrow (clients
// still decode what they receive); the Go type of either may change all
// the same, which the Go API section reports.
func typeRule(ot, nt string) rule {
	reqWiden := ot == "integer" && nt == "number" || nt == "" // to any
	respNarrow := ot == "number" && nt == "integer" || ot == ""
	reqWhy := "values existing clients send may no longer be accepted"
	switch {
	case ot == "integer" && nt == "number":
		reqWhy = "every integer is still a number"
	case nt == "":
		reqWhy = "any value is accepted now"
	}
	respWhy := "clients decode values of the old type"
	switch {
	case ot == "number" && nt == "integer":
		respWhy = "narrowed: every integer is a number, so clients decode it as before (only the Go type changes)"
	case ot == "":
		respWhy = "narrowed: a value of any type was allowed before, so clients decode it as before (only the Go type changes)"
	case ot == "integer" && nt == "number":
		respWhy = "clients decoding integers may receive fractions"
	}
	return byDir(!reqWiden, reqWhy, !respNarrow, respWhy)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// numericWidth ranks the numeric formats by the values they hold; no
// format (or one not known) holds any number.
var numericWidth = map[string]int{"int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 3, "uint32": 3, "float": 3, "int64": 4, "uint64": 4, "double": 4}

// formatRule classifies a format change of a schema of type t. Numbers
// widen or narrow, as types do: a request may widen, a response may
// narrow. A string format names a syntax: a request may drop it (any
// string is accepted), a response may gain it (the strings clients
// receive still are strings); any other change alters what values look
// like. Either way the generated Go type may change, which the Go API
// section reports.
func formatRule(t, of, nf string) rule {
	if t == "integer" || t == "number" {
		ow, okO := numericWidth[of]
		nw, okN := numericWidth[nf]
		if !okO {
			ow = 5
		}
		if !okN {
			nw = 5
		}
		switch {
		case nw > ow:
			return byDir(false, "widened: every value existing clients send still fits",
				true, "widened: clients decoding "+orNone(of)+" values may receive values that do not fit")
		case nw < ow:
			return byDir(true, "narrowed: values existing clients send may no longer fit "+orNone(nf),
				false, "narrowed: every value clients receive still fits what they decode (only the Go type changes)")
		}
		return always(true, "values are encoded differently")
	}
	switch {
	case nf == "":
		return byDir(false, "any string is accepted now", true, "clients parsing "+of+" values may receive other strings")
	case of == "":
		return byDir(true, "values existing clients send may not be valid "+nf,
			false, "narrowed: clients receive strings as before (only the Go type may change)")
	}
	return always(true, "values are written as "+nf+" instead of "+of)
}

func ternary(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func orAny(t string) string {
	if t == "" {
		return "any"
	}
	return t
}

func withFormat(t, f string) string {
	if f == "" {
		return t
	}
	return t + " (" + f + ")"
}

func orNone(f string) string {
	if f == "" {
		return "none"
	}
	return f
}

// typeOf is the schema's declared type without null ("" when none);
// properties imply object.
func typeOf(s *openapi3.Schema) string {
	var ts []string
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if t != "null" {
				ts = append(ts, t)
			}
		}
	}
	sort.Strings(ts)
	if len(ts) == 0 && (len(s.Properties) > 0 || len(s.AllOf) > 0) {
		return "object"
	}
	return strings.Join(ts, "|")
}

func nullable(s *openapi3.Schema) bool {
	return s.Nullable || (s.Type != nil && s.Type.Includes("null"))
}

func enumKey(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func (s *specDiffer) enum(c schemaCtx, ov, nv *openapi3.Schema, ptr string) {
	switch {
	case len(ov.Enum) == 0 && len(nv.Enum) == 0:
		return
	case len(ov.Enum) == 0:
		s.addS(c, "enum-added", ptr+"/enum",
			byDir(true, "values outside the list that clients send are refused", false, "clients receive only values they could receive before"),
			"now restricted to %s", joinEnum(nv.Enum))
		return
	case len(nv.Enum) == 0:
		s.addS(c, "enum-removed", ptr+"/enum",
			byDir(false, "every value clients send is still accepted", false, "the SDK already keeps values it does not know"),
			"no longer restricted to a list of values")
		return
	}
	oset, nset := map[string]bool{}, map[string]bool{}
	for _, v := range ov.Enum {
		oset[enumKey(v)] = true
	}
	for _, v := range nv.Enum {
		nset[enumKey(v)] = true
	}
	var added, removed []string
	for _, v := range nv.Enum {
		if k := enumKey(v); !oset[k] {
			added = append(added, k)
		}
	}
	for _, v := range ov.Enum {
		if k := enumKey(v); !nset[k] {
			removed = append(removed, k)
		}
	}
	if len(added) > 0 {
		s.addS(c, "enum-value-added", ptr+"/enum",
			byDir(false, "existing clients never send the new values", false, "the SDK keeps enum values it does not know"),
			"enum value %s added", strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		s.addS(c, "enum-value-removed", ptr+"/enum",
			byDir(true, "clients that send a removed value are refused", false, "clients just stop receiving it"),
			"enum value %s removed", strings.Join(removed, ", "))
	}
}

func joinEnum(vs []any) string {
	var out []string
	for _, v := range vs {
		out = append(out, enumKey(v))
	}
	return strings.Join(out, ", ")
}

// constraints compares bounds. Tightening breaks requests; in responses a
// bound is only a promise, so changing it is a note.
func (s *specDiffer) constraints(c schemaCtx, ov, nv *openapi3.Schema, ptr string) {
	type bound struct {
		name       string
		o, n       *float64
		upper      bool
		defaultNil bool
	}
	u := func(p *uint64) *float64 {
		if p == nil {
			return nil
		}
		f := float64(*p)
		return &f
	}
	l := func(v uint64) *float64 {
		if v == 0 {
			return nil
		}
		f := float64(v)
		return &f
	}
	for _, b := range []bound{
		{"maximum", ov.Max, nv.Max, true, true},
		{"minimum", ov.Min, nv.Min, false, true},
		{"maxLength", u(ov.MaxLength), u(nv.MaxLength), true, true},
		{"minLength", l(ov.MinLength), l(nv.MinLength), false, true},
		{"maxItems", u(ov.MaxItems), u(nv.MaxItems), true, true},
		{"minItems", l(ov.MinItems), l(nv.MinItems), false, true},
	} {
		if b.o == nil && b.n == nil || b.o != nil && b.n != nil && *b.o == *b.n {
			continue
		}
		tight := false
		switch {
		case b.n == nil: // bound removed: looser
		case b.o == nil:
			tight = true
		case b.upper:
			tight = *b.n < *b.o
		default:
			tight = *b.n > *b.o
		}
		word := "loosened"
		if tight {
			word = "tightened"
		}
		s.addS(c, "constraint-"+word, ptr+"/"+b.name,
			byDir(tight, ternary(tight, "values existing clients send may now be refused", "every value accepted before still is"),
				false, "a bound on values clients receive is a promise, not something they send"),
			"%s %s from %s to %s", b.name, word, fmtBound(b.o), fmtBound(b.n))
	}
	if ov.Pattern != nv.Pattern {
		s.addS(c, "pattern-changed", ptr+"/pattern",
			byDir(nv.Pattern != "", ternary(nv.Pattern != "", "values existing clients send may not match the new pattern", "any value is accepted now"),
				false, "a pattern on values clients receive is a promise"),
			"pattern changed from %s to %s", quoteOrNone(ov.Pattern), quoteOrNone(nv.Pattern))
	}
}

func fmtBound(f *float64) string {
	if f == nil {
		return "none"
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return "`" + s + "`"
}

type propInfo struct {
	ref *openapi3.SchemaRef
	ptr string
}

// flatten merges allOf parts into one property map and required set, as
// the generator does.
func flatten(s *openapi3.Schema, ptr string) (map[string]propInfo, map[string]bool) {
	props, required := map[string]propInfo{}, map[string]bool{}
	var walk func(s *openapi3.Schema, ptr string, depth int)
	walk = func(s *openapi3.Schema, ptr string, depth int) {
		if s == nil || depth > 32 {
			return
		}
		for i, part := range s.AllOf {
			if part != nil {
				walk(part.Value, fmt.Sprintf("%s/allOf/%d", ptr, i), depth+1)
			}
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for name, p := range s.Properties {
			props[name] = propInfo{ref: p, ptr: ptr + diag.Pointer("properties", name)}
		}
	}
	walk(s, ptr, 0)
	return props, required
}

func (s *specDiffer) properties(c schemaCtx, ov, nv *openapi3.Schema, ptr string, depth int) {
	if len(ov.Properties)+len(nv.Properties)+len(ov.AllOf)+len(nv.AllOf) == 0 {
		return
	}
	op, oreq := flatten(ov, ptr)
	np, nreq := flatten(nv, ptr)
	for _, name := range sortedKeys(op) {
		if _, ok := np[name]; !ok {
			fc := c.field(name)
			respLevel, respWhy := Breaking, "it was required: clients relying on it get nothing"
			if !oreq[name] {
				respLevel, respWhy = Potential, "it was optional, so clients handle its absence, but those using it lose the data"
			}
			s.add(fc.section, "property-removed", fc.where, op[name].ptr, fc.d,
				byDirL(Potential, "old clients still send it: a server ignoring unknown fields drops its effect, one refusing them fails the call",
					respLevel, respWhy),
				"%s removed", fc.subject)
		}
	}
	for _, name := range sortedKeys(np) {
		fc := c.field(name)
		n := np[name]
		o, ok := op[name]
		if !ok {
			if nreq[name] {
				s.add(fc.section, "property-added", fc.where, n.ptr, fc.d,
					byDir(true, "existing requests do not send it", false, "clients ignore fields they do not know"),
					"required %s added", fc.subject)
			} else {
				s.add(fc.section, "property-added", fc.where, n.ptr, fc.d,
					byDir(false, "existing requests need not send it", false, "clients ignore fields they do not know"),
					"optional %s added", fc.subject)
			}
			continue
		}
		if !oreq[name] && nreq[name] {
			s.add(fc.section, "property-required", fc.where, n.ptr, fc.d,
				byDir(true, "existing requests may omit it", false, "clients always receive it now"),
				"%s became required", fc.subject)
		}
		if oreq[name] && !nreq[name] {
			s.add(fc.section, "property-optional", fc.where, n.ptr, fc.d,
				byDir(false, "existing requests still send it", true, "clients relying on it may not receive it"),
				"%s became optional", fc.subject)
		}
		s.schema(fc, o.ref, n.ref, n.ptr, depth+1)
	}
}

// ---- components ----

// components compares each component schema once, classified by the
// directions the operations (directly or through other components) use it in.
func (s *specDiffer) components() {
	bs, hs := schemasOf(s.base), schemasOf(s.head)
	// Propagate uses through references between components (on either side).
	refs := map[string][]string{}
	for _, m := range []openapi3.Schemas{bs, hs} {
		for name, ref := range m {
			if ref != nil {
				refs[name] = append(refs[name], refsIn(ref.Value)...)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, name := range sortedKeys(s.usage) {
			d := s.usage[name]
			for _, r := range refs[name] {
				if s.usage[r]|d != s.usage[r] {
					s.usage[r] |= d
					changed = true
				}
			}
		}
	}
	for _, name := range sortedKeys(bs) {
		if _, ok := hs[name]; !ok {
			s.add(SecSchemas, "schema-removed", "schema "+name, diag.Pointer("components", "schemas", name), anyDir,
				always(false, "operations that used it are reported above"), "schema removed")
		}
	}
	for _, name := range sortedKeys(hs) {
		o, ok := bs[name]
		if !ok {
			fields := 0
			if hs[name] != nil && hs[name].Value != nil {
				props, _ := flatten(hs[name].Value, "")
				fields = len(props)
			}
			s.add(SecSchemas, "schema-added", "schema "+name, diag.Pointer("components", "schemas", name), anyDir,
				always(false, "a new schema changes nothing existing"), "schema added (%s)", plural(fields, "field"))
			continue
		}
		d := s.usage[name]
		where := "schema " + name + " (used in " + d.String() + ")"
		c := schemaCtx{section: SecSchemas, where: where, subject: "`" + name + "`", d: d}
		if o != nil && hs[name] != nil && o.Value != nil && hs[name].Value != nil {
			s.schemaBody(c, o.Value, hs[name].Value, diag.Pointer("components", "schemas", name), 0)
		}
	}
}

func schemasOf(t *openapi3.T) openapi3.Schemas {
	if t.Components == nil {
		return nil
	}
	return t.Components.Schemas
}

// refsIn lists the component schemas a schema refers to, directly or
// through inline subschemas.
func refsIn(s *openapi3.Schema) []string {
	var out []string
	seen := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef, depth int)
	visit := func(s *openapi3.Schema, depth int) {
		if s == nil || seen[s] || depth > 32 {
			return
		}
		seen[s] = true
		for _, name := range sortedKeys(s.Properties) {
			walk(s.Properties[name], depth+1)
		}
		walk(s.Items, depth+1)
		walk(s.AdditionalProperties.Schema, depth+1)
		for _, l := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, p := range l {
				walk(p, depth+1)
			}
		}
	}
	walk = func(r *openapi3.SchemaRef, depth int) {
		if r == nil {
			return
		}
		if strings.HasPrefix(r.Ref, componentPrefix) {
			out = append(out, strings.TrimPrefix(r.Ref, componentPrefix))
			return
		}
		visit(r.Value, depth)
	}
	visit(s, 0)
	return out
}

// ---- security ----

func reqSet(rs openapi3.SecurityRequirements) []string {
	var out []string
	for _, r := range rs {
		names := sortedKeys(r)
		out = append(out, strings.Join(names, "+"))
	}
	sort.Strings(out)
	return out
}

func (s *specDiffer) security() {
	s.compareRequirements("API", "/security", s.base.Security, s.head.Security)
	var bs, hs openapi3.SecuritySchemes
	if s.base.Components != nil {
		bs = s.base.Components.SecuritySchemes
	}
	if s.head.Components != nil {
		hs = s.head.Components.SecuritySchemes
	}
	for _, name := range sortedKeys(bs) {
		if _, ok := hs[name]; !ok {
			s.add(SecSecurity, "security-scheme-removed", "scheme "+name, diag.Pointer("components", "securitySchemes", name), anyDir,
				always(false, "requirements that used it are reported separately"), "security scheme removed")
		}
	}
	for _, name := range sortedKeys(hs) {
		o, ok := bs[name]
		n := hs[name]
		if !ok {
			s.add(SecSecurity, "security-scheme-added", "scheme "+name, diag.Pointer("components", "securitySchemes", name), anyDir,
				always(false, "a scheme alone requires nothing"), "security scheme added")
			continue
		}
		if o == nil || n == nil || o.Value == nil || n.Value == nil {
			continue
		}
		if bd, hd := schemeDesc(o.Value), schemeDesc(n.Value); bd != hd {
			s.add(SecSecurity, "security-scheme-changed", "scheme "+name, diag.Pointer("components", "securitySchemes", name), anyDir,
				always(true, "clients send credentials where or how the server no longer reads them"),
				"security scheme changed from %s to %s", bd, hd)
		}
	}
}

func schemeDesc(s *openapi3.SecurityScheme) string {
	switch s.Type {
	case "apiKey":
		return fmt.Sprintf("apiKey in %s %q", s.In, s.Name)
	case "http":
		return "http " + strings.ToLower(s.Scheme)
	}
	return s.Type
}

func (s *specDiffer) opSecurity(b, h *opRef) {
	if b.op.Security == nil && h.op.Security == nil {
		return // both follow the top-level requirement, compared once
	}
	eff := func(t *openapi3.T, o *opRef) openapi3.SecurityRequirements {
		if o.op.Security != nil {
			return *o.op.Security
		}
		return t.Security
	}
	s.compareRequirements(h.where(), h.pointer()+"/security", eff(s.base, b), eff(s.head, h))
}

func (s *specDiffer) compareRequirements(where, ptr string, o, n openapi3.SecurityRequirements) {
	oset, nset := reqSet(o), reqSet(n)
	anon := func(set []string) bool {
		return len(set) == 0 || slices.Contains(set, "")
	}
	oAnon, nAnon := anon(oset), anon(nset)
	label := func(r string) string {
		if r == "" {
			return "no authentication"
		}
		return "`" + r + "`"
	}
	for _, r := range oset {
		if slices.Contains(nset, r) || r == "" && nAnon {
			continue
		}
		if nAnon {
			s.add(SecSecurity, "security-requirement-removed", where, ptr, anyDir, always(false, "credentials are no longer needed"),
				"security requirement %s removed", label(r))
			continue
		}
		s.add(SecSecurity, "security-requirement-removed", where, ptr, anyDir, always(true, "clients authenticating this way are refused"),
			"security requirement %s removed", label(r))
	}
	if oAnon && !nAnon {
		for _, r := range nset {
			s.add(SecSecurity, "security-requirement-added", where, ptr, anyDir, always(true, "existing calls send no credentials"),
				"security requirement %s added", label(r))
		}
		return
	}
	for _, r := range nset {
		if slices.Contains(oset, r) || r == "" && oAnon {
			continue
		}
		s.add(SecSecurity, "security-requirement-added", where, ptr, anyDir, always(false, "an alternative: existing credentials still work"),
			"security requirement %s added as an alternative", label(r))
	}
}

// ---- servers ----

func (s *specDiffer) servers() {
	o, n := s.base.Servers, s.head.Servers
	for i := 0; i < len(o) || i < len(n); i++ {
		ptr := "/servers/" + strconv.Itoa(i)
		switch {
		case i >= len(n):
			s.add(SecServers, "server-removed", "servers", ptr, anyDir, always(false, "a note: clients choose their base URL"),
				"server %s removed", o[i].URL)
		case i >= len(o):
			s.add(SecServers, "server-added", "servers", ptr, anyDir, always(false, "a note: clients choose their base URL"),
				"server %s added", n[i].URL)
		case o[i].URL != n[i].URL:
			s.add(SecServers, "server-url-changed", "servers", ptr+"/url", anyDir,
				always(false, "a note: clients using the default base URL now reach "+n[i].URL),
				"server URL changed from %s to %s", o[i].URL, n[i].URL)
		}
	}
}

// ---- helpers ----

func sortedKeys[M ~map[string]V, V any](m M) []string {
	return slices.Sorted(maps.Keys(m))
}
