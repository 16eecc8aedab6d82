package load

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// repairDocument fixes the document-level defects published specs often
// have and kin-openapi's validation rejects, each with a stated
// interpretation (see normalize for the schema-level ones):
//
//   - a missing info or info.title: title "untitled";
//   - a missing or empty paths object: no operations;
//   - a server variable without default: its first enum value (else "");
//   - a path template using URI-template operators ({name*}, {+name}, ...):
//     the plain variable {name};
//   - a path parameter not marked required: required;
//   - an operation without responses: no documented response (the method
//     returns no value);
//   - a response without description: an empty description;
//   - a duplicate operationId: the first (by path, then method) keeps it,
//     the others get "<id>_2", "<id>_3", ... each listed;
//   - a security requirement naming an undefined scheme: that scheme is
//     ignored (a requirement left empty is dropped; an operation left with
//     none needs no credentials).
func (n *normalizer) repairDocument(t *openapi3.T) {
	if t.Info == nil {
		t.Info = &openapi3.Info{Title: "untitled", Version: "unspecified"}
		n.warn("/info", "info is missing; using title \"untitled\" and version \"unspecified\"")
	} else if strings.TrimSpace(t.Info.Title) == "" {
		t.Info.Title = "untitled"
		n.warn("/info", "info.title is missing; using \"untitled\"")
	}
	if t.Paths == nil || t.Paths.Len() == 0 {
		if t.Paths == nil && !n.is31 { // 3.1 makes paths optional
			n.warn("/paths", "paths is missing; the document has no operations")
		}
		t.Paths = openapi3.NewPaths()
	}
	n.servers(t.Servers, "/servers")
	n.pathTemplates(t)
	for _, path := range sortedKeys(t.Paths.Map()) {
		item := t.Paths.Value(path)
		if item == nil {
			continue
		}
		base := diag.Pointer("paths", path)
		if item.Servers != nil {
			n.servers(item.Servers, base+"/servers")
		}
		item.Parameters = n.dropQueryString(item.Parameters, base)
		for i, p := range item.Parameters {
			n.requiredPathParam(p, base+"/parameters/"+strconv.Itoa(i))
			n.paramSchema(p, base+"/parameters/"+strconv.Itoa(i))
		}
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			ptr := base + opPointer(method)
			if op.Servers != nil {
				n.servers(*op.Servers, ptr+"/servers")
			}
			op.Parameters = n.dropQueryString(op.Parameters, ptr)
			for i, p := range op.Parameters {
				n.requiredPathParam(p, ptr+"/parameters/"+strconv.Itoa(i))
				n.paramSchema(p, ptr+"/parameters/"+strconv.Itoa(i))
			}
			if op.Responses == nil || op.Responses.Len() == 0 {
				// A default response without content: the builder reads
				// it as "no documented response body".
				op.Responses = openapi3.NewResponses(openapi3.WithName("default", &openapi3.Response{Description: new(string)}))
				n.warn(ptr, "operation has no responses; assuming no response body")
			}
			for _, code := range sortedKeys(op.Responses.Map()) {
				n.describe(op.Responses.Value(code), ptr+diag.Pointer("responses", code))
			}
		}
	}
	for _, key := range sortedKeys(t.Webhooks) {
		item := t.Webhooks[key]
		if item == nil {
			continue
		}
		base := diag.Pointer("webhooks", key)
		item.Parameters = n.dropQueryString(item.Parameters, base)
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			ops[method].Parameters = n.dropQueryString(ops[method].Parameters, base+opPointer(method))
		}
	}
	if t.Components != nil {
		for _, name := range sortedKeys(t.Components.Parameters) {
			if p := t.Components.Parameters[name]; p != nil && p.Value != nil && p.Value.In == inQueryString {
				// Its uses were dropped (and warned about) above.
				delete(t.Components.Parameters, name)
			}
		}
		for _, name := range sortedKeys(t.Components.Parameters) {
			n.paramSchema(t.Components.Parameters[name], diag.Pointer("components", "parameters", name))
		}
		for _, name := range sortedKeys(t.Components.Responses) {
			n.describe(t.Components.Responses[name], diag.Pointer("components", "responses", name))
		}
	}
	n.operationIDs(t)
	n.security(t)
}

// opPointer is the JSON pointer suffix of the operation under method in a
// path item: a fixed field ("/get"), or an OpenAPI 3.2 additional
// operation ("/additionalOperations/COPY").
func opPointer(method string) string {
	if slices.Contains(openapi3.PathItemMethods(), method) {
		return "/" + strings.ToLower(method)
	}
	return diag.Pointer("additionalOperations", method)
}

func (n *normalizer) servers(servers openapi3.Servers, ptr string) {
	for i, s := range servers {
		if s == nil {
			continue
		}
		sp := ptr + "/" + strconv.Itoa(i)
		inURL := map[string]bool{}
		for _, m := range templateParam.FindAllStringSubmatch(s.URL, -1) {
			name := m[1]
			inURL[name] = true
			if _, ok := s.Variables[name]; !ok {
				if s.Variables == nil {
					s.Variables = map[string]*openapi3.ServerVariable{}
				}
				s.Variables[name] = &openapi3.ServerVariable{Default: "{" + name + "}"}
				n.warn(sp+"/url", fmt.Sprintf("server URL variable {%s} is not declared; its placeholder stays in the URL until the caller sets the base URL", name))
			}
		}
		for _, name := range sortedKeys(s.Variables) {
			if !inURL[name] {
				delete(s.Variables, name)
				n.warn(sp+diag.Pointer("variables", name), fmt.Sprintf("server variable %q is not used in the URL; ignoring it", name))
			}
		}
		for _, name := range sortedKeys(s.Variables) {
			v := s.Variables[name]
			if v == nil {
				v = &openapi3.ServerVariable{}
				s.Variables[name] = v
			}
			if v.Default != "" {
				continue
			}
			vp := ptr + "/" + strconv.Itoa(i) + diag.Pointer("variables", name)
			if len(v.Enum) > 0 {
				v.Default = v.Enum[0]
				n.warn(vp, fmt.Sprintf("server variable %q has no default; using its first enum value %q", name, v.Default))
				continue
			}
			// kin-openapi requires a non-empty default; the URL keeps
			// the variable's placeholder so a caller sees what to set.
			v.Default = "{" + name + "}"
			n.warn(vp, fmt.Sprintf("server variable %q has no default and no enum; its placeholder stays in the URL until the caller sets the base URL", name))
		}
	}
}

var templateOperator = regexp.MustCompile(`\{([+#./;?&]?)([^{}*]+?)(\*?)\}`)

// pathTemplates rewrites RFC 6570 operators in path templates ({name*},
// {+name}) to the plain {name} OpenAPI defines.
func (n *normalizer) pathTemplates(t *openapi3.T) {
	for _, path := range sortedKeys(t.Paths.Map()) {
		if !strings.ContainsAny(path, "*+#;?&") {
			continue
		}
		plain := templateOperator.ReplaceAllStringFunc(path, func(m string) string {
			sub := templateOperator.FindStringSubmatch(m)
			if sub[1] == "" && sub[3] == "" {
				return m
			}
			return "{" + sub[2] + "}"
		})
		if plain == path {
			continue
		}
		ptr := diag.Pointer("paths", path)
		if t.Paths.Value(plain) != nil {
			n.warn(ptr, fmt.Sprintf("path template %q uses URI-template operators and %q already exists; leaving it as written", path, plain))
			continue
		}
		t.Paths.Set(plain, t.Paths.Value(path))
		t.Paths.Delete(path)
		n.warn(ptr, fmt.Sprintf("path template %q uses URI-template operators OpenAPI does not define; treating it as %q", path, plain))
	}
}

func (n *normalizer) requiredPathParam(p *openapi3.ParameterRef, ptr string) {
	if p == nil || p.Value == nil || p.Value.In != openapi3.ParameterInPath || p.Value.Required {
		return
	}
	if n.seenParam[p.Value] {
		return
	}
	n.seenParam[p.Value] = true
	p.Value.Required = true
	n.warn(ptr, fmt.Sprintf("path parameter %q is not marked required; treating it as required", p.Value.Name))
}

// inQueryString is OpenAPI 3.2's parameter location for the whole query
// string as one value, its media type given by content.
const inQueryString = "querystring"

// dropQueryString reads OpenAPI 3.2 `in: querystring` parameters (the
// whole query string as one value), which kin-openapi refuses. One whose
// content is an application/x-www-form-urlencoded object of primitive
// properties (no encoding) is exactly an exploded form-style query object
// (`?q=x&limit=3`: one key per property, written and read the same way),
// and becomes one, with no warning: nothing is lost. Any other is left
// out of its operation with a located warning saying so. ptr locates the
// parameters' owner (path item or operation).
func (n *normalizer) dropQueryString(params openapi3.Parameters, ptr string) openapi3.Parameters {
	var kept openapi3.Parameters
	for i, p := range params {
		if p == nil || p.Value == nil || p.Value.In != inQueryString {
			kept = append(kept, p)
			continue
		}
		if s := formObject(p.Value.Content); s != nil {
			v := p.Value
			v.In, v.Style, v.Explode, v.Schema, v.Content = openapi3.ParameterInQuery, openapi3.SerializationForm, openapi3.Ptr(true), s, nil
			kept = append(kept, p)
			continue
		}
		media := "one value"
		if ct := sortedKeys(p.Value.Content); len(ct) > 0 {
			media = "one " + strconv.Quote(ct[0]) + " value"
		}
		n.warn(ptr+"/parameters/"+strconv.Itoa(i), fmt.Sprintf("parameter %q is in: querystring (OpenAPI 3.2: the whole query string as %s), not supported yet: left out, so the client sends no query string for it and the server does not bind it", p.Value.Name, media))
	}
	if len(kept) == len(params) {
		return params
	}
	return kept
}

// formObject is the schema of a querystring parameter's content when it
// is an application/x-www-form-urlencoded object whose properties are all
// strings, numbers, integers or booleans, without encoding; else nil.
func formObject(content openapi3.Content) *openapi3.SchemaRef {
	if len(content) != 1 {
		return nil
	}
	for mt, m := range content {
		base, _, _ := strings.Cut(mt, ";")
		if !strings.EqualFold(strings.TrimSpace(base), "application/x-www-form-urlencoded") || m == nil || len(m.Encoding) > 0 || m.Schema == nil {
			return nil
		}
		s := m.Schema.Value
		if s == nil || s.Type == nil || !s.Type.Permits(openapi3.TypeObject) || len(s.Properties) == 0 ||
			s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has || s.AdditionalProperties.Schema != nil ||
			len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 {
			return nil
		}
		for _, prop := range s.Properties {
			if prop == nil || prop.Value == nil || prop.Value.Type == nil || len(prop.Value.AllOf)+len(prop.Value.AnyOf)+len(prop.Value.OneOf) > 0 {
				return nil
			}
			for _, t := range *prop.Value.Type {
				switch t {
				case openapi3.TypeString, openapi3.TypeInteger, openapi3.TypeNumber, openapi3.TypeBoolean:
				default:
					return nil
				}
			}
		}
		return m.Schema
	}
	return nil
}

// paramSchema: a parameter must have a schema or a content map; one with
// neither (MX's Platform spec had several) is read as a string, what every
// parameter is on the wire.
func (n *normalizer) paramSchema(p *openapi3.ParameterRef, ptr string) {
	if p == nil || p.Value == nil || p.Value.Schema != nil || len(p.Value.Content) > 0 {
		return
	}
	p.Value.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}}
	n.warn(ptr, fmt.Sprintf("parameter %q has neither schema nor content; reading it as a string", p.Value.Name))
}

func (n *normalizer) describe(r *openapi3.ResponseRef, ptr string) {
	if r == nil || r.Value == nil || r.Value.Description != nil {
		return
	}
	if n.seenResp[r.Value] {
		return
	}
	n.seenResp[r.Value] = true
	r.Value.Description = new(string)
	n.warn(ptr, "response has no description; using an empty one")
}

// operationIDs makes operationIds unique: the first operation using one
// (by path, then method) keeps it; each later one gets a numbered suffix
// that is itself unused.
func (n *normalizer) operationIDs(t *openapi3.T) {
	type site struct {
		ptr, where string
		op         *openapi3.Operation
	}
	used := map[string]bool{}
	var all []site
	for _, path := range sortedKeys(t.Paths.Map()) {
		item := t.Paths.Value(path)
		if item == nil {
			continue
		}
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			all = append(all, site{diag.Pointer("paths", path) + opPointer(method), method + " " + path, op})
			if op.OperationID != "" {
				used[op.OperationID] = true
			}
		}
	}
	first := map[string]string{}
	for _, s := range all {
		id := s.op.OperationID
		if id == "" {
			continue
		}
		prev, dup := first[id]
		if !dup {
			first[id] = s.where
			continue
		}
		renamed := id
		for i := 2; used[renamed]; i++ {
			renamed = id + "_" + strconv.Itoa(i)
		}
		used[renamed] = true
		s.op.OperationID = renamed
		n.warn(s.ptr+"/operationId", fmt.Sprintf("operationId %q is also used by %s; renamed to %q", id, prev, renamed))
	}
}

// security drops the schemes requirements name that components do not
// define.
func (n *normalizer) security(t *openapi3.T) {
	defined := func(name string) bool {
		return t.Components != nil && t.Components.SecuritySchemes[name] != nil
	}
	fix := func(reqs openapi3.SecurityRequirements, ptr string) openapi3.SecurityRequirements {
		var out openapi3.SecurityRequirements
		changed := false
		for i, req := range reqs {
			kept := openapi3.SecurityRequirement{}
			for _, name := range sortedKeys(req) {
				if defined(name) {
					kept[name] = req[name]
					continue
				}
				changed = true
				n.warn(ptr+"/"+strconv.Itoa(i), fmt.Sprintf("security requirement names undefined security scheme %q; ignoring it", name))
			}
			if len(kept) == 0 && len(req) > 0 {
				continue // every scheme of this alternative is undefined
			}
			out = append(out, kept)
		}
		if !changed {
			return reqs
		}
		if out == nil {
			out = openapi3.SecurityRequirements{}
		}
		return out
	}
	if t.Security != nil {
		t.Security = fix(t.Security, "/security")
	}
	for _, path := range sortedKeys(t.Paths.Map()) {
		item := t.Paths.Value(path)
		if item == nil {
			continue
		}
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			if op.Security != nil {
				fixed := fix(*op.Security, diag.Pointer("paths", path)+opPointer(method)+"/security")
				op.Security = &fixed
			}
		}
	}
}

// schema30 reads the JSON Schema 2020-12 keywords an OpenAPI 3.0 document
// uses (3.0 does not define them, 3.1 does) the way 3.1 means them.
func (n *normalizer) schema30(s *openapi3.Schema, ptr *lazyPointer) {
	if s.Const != nil {
		s.Enum = []any{s.Const}
		s.Const = nil
		n.warn(ptr.String(), "const is OpenAPI 3.1; reading it as a one-value enum")
	}
	if len(s.Examples) > 0 {
		s.Examples = nil
		n.warn(ptr.String(), "schema examples is OpenAPI 3.1; ignoring it")
	}
	if s.Type != nil && (s.Type.IsMultiple() || s.Type.Is(openapi3.TypeNull)) {
		types := slices.DeleteFunc(slices.Clone(*s.Type), func(t string) bool { return t == openapi3.TypeNull })
		nullable := len(types) < len(*s.Type)
		switch len(types) {
		case 1:
			s.Type = &openapi3.Types{types[0]}
			s.Nullable = s.Nullable || nullable
			n.warn(ptr.String(), fmt.Sprintf("a type list is OpenAPI 3.1; reading it as type %q (nullable: %v)", types[0], nullable))
		case 0:
			// type: "null": only null, which 3.0 cannot say but as a
			// nullable schema of no type.
			s.Type, s.Nullable = nil, true
			n.warn(ptr.String(), `type "null" is OpenAPI 3.1; reading it as a nullable schema of any type`)
		default:
			// Several types: 3.0 can say none of them alone.
			s.Type, s.Nullable = nil, s.Nullable || nullable
			quoted := make([]string, len(types))
			for i, t := range types {
				quoted[i] = strconv.Quote(t)
			}
			n.warn(ptr.String(), fmt.Sprintf("a type list is OpenAPI 3.1 and 3.0 cannot say %s alone; reading it as a schema of any type (nullable: %v)", strings.Join(quoted, ", "), s.Nullable))
		}
	}
	if v := s.ExclusiveMin.Value; v != nil {
		s.Min, s.ExclusiveMin = v, openapi3.ExclusiveBound{Bool: new(bool)}
		*s.ExclusiveMin.Bool = true
		n.warn(ptr.String(), "a numeric exclusiveMinimum is OpenAPI 3.1; reading it as minimum with exclusiveMinimum: true")
	}
	if v := s.ExclusiveMax.Value; v != nil {
		s.Max, s.ExclusiveMax = v, openapi3.ExclusiveBound{Bool: new(bool)}
		*s.ExclusiveMax.Bool = true
		n.warn(ptr.String(), "a numeric exclusiveMaximum is OpenAPI 3.1; reading it as maximum with exclusiveMaximum: true")
	}
}

// requiredOnce reads a property listed twice in required once (JSON
// Schema requires the items to be unique; the list means the same).
func (n *normalizer) requiredOnce(s *openapi3.Schema, ptr *lazyPointer) {
	if len(s.Required) < 2 {
		return
	}
	seen := make(map[string]bool, len(s.Required))
	out := s.Required[:0:0]
	for i, name := range s.Required {
		if seen[name] {
			n.warn(ptr.String()+"/required/"+strconv.Itoa(i), fmt.Sprintf("required lists %q twice; reading it once", name))
			continue
		}
		seen[name] = true
		out = append(out, name)
	}
	if len(out) < len(s.Required) {
		s.Required = out
	}
}

// schema31 reads the OpenAPI 3.0 forms a 3.1 document still uses (JSON
// Schema 2020-12 replaced them) the way 3.0 means them: a boolean
// exclusiveMinimum makes minimum exclusive (exclusiveMinimum: <minimum>),
// and is nothing without a minimum or when false; likewise for maximum.
func (n *normalizer) schema31(s *openapi3.Schema, ptr *lazyPointer) {
	n.boolBound(&s.ExclusiveMin, &s.Min, ptr, "exclusiveMinimum", "minimum")
	n.boolBound(&s.ExclusiveMax, &s.Max, ptr, "exclusiveMaximum", "maximum")
}

// boolBound reads one boolean exclusive bound (keyword kw) over its limit
// (keyword limitKw) as schema31 says.
func (n *normalizer) boolBound(bound *openapi3.ExclusiveBound, limit **float64, ptr *lazyPointer, kw, limitKw string) {
	b := bound.Bool
	if b == nil {
		return
	}
	if *b && *limit != nil {
		*bound, *limit = openapi3.ExclusiveBound{Value: *limit}, nil
		n.warn(ptr.String()+"/"+kw, fmt.Sprintf("a boolean %s is OpenAPI 3.0; reading it as %s: %v (%s is exclusive)", kw, kw, *bound.Value, limitKw))
		return
	}
	*bound = openapi3.ExclusiveBound{}
	n.warn(ptr.String()+"/"+kw, fmt.Sprintf("a boolean %s (%v) is OpenAPI 3.0 and bounds nothing here; ignoring it", kw, *b))
}

// typeAliases are the type names specs write that JSON Schema spells
// otherwise.
var typeAliases = map[string]string{
	"int": "integer", "int32": "integer", "int64": "integer", "long": "integer",
	"float": "number", "double": "number", "decimal": "number",
	"bool": "boolean", "str": "string", "date": "string", "datetime": "string", "date-time": "string",
	"map": "object", "dict": "object", "list": "array",
}

// schemaTypes reads unknown type names: an alias as the type it names,
// anything else as no type constraint.
func (n *normalizer) schemaTypes(s *openapi3.Schema, ptr *lazyPointer) {
	if s.Type == nil {
		return
	}
	var out openapi3.Types
	changed := false
	for _, t := range *s.Type {
		switch t {
		case "string", "number", "integer", "boolean", "object", "array", "null":
			out = append(out, t)
			continue
		case "":
			// `type: [string, null]`: YAML read the bare null as no
			// name; the author meant "null".
			changed = true
			out = append(out, openapi3.TypeNull)
			n.warn(ptr.String(), "a bare YAML null in a type list; reading it as \"null\"")
			continue
		}
		changed = true
		if std, ok := typeAliases[strings.ToLower(t)]; ok {
			out = append(out, std)
			n.warn(ptr.String(), fmt.Sprintf("unknown type %q; reading it as %q", t, std))
			continue
		}
		n.warn(ptr.String(), fmt.Sprintf("unknown type %q; the schema accepts any value", t))
	}
	if changed {
		if len(out) == 0 {
			s.Type = nil
		} else {
			s.Type = &out
		}
	}
}
